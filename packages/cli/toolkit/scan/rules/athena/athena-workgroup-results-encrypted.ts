import { isOurKey, type ScanRule } from '../../scan-rule';

/** A workgroup encrypts query results with SSE-KMS and a key of ours, and enforces it over each client's settings. */
export const ATHENA_WORKGROUP_RESULTS_ENCRYPTED: ScanRule = {
  id: 'athena-workgroup-results-encrypted',
  description: 'Every Athena workgroup enforces its configuration and encrypts results with SSE_KMS and a key of ours.',
  judges: ['aws_athena_workgroup'],
  check: ({ body }, { stack }) => {
    const configuration = body.configuration as
      | {
          enforce_workgroup_configuration?: boolean;
          result_configuration?: { encryption_configuration?: Record<string, unknown> };
        }
      | undefined;
    const encryption = configuration?.result_configuration?.encryption_configuration;
    // The provider's default is true: only an explicit false lets a client choose its own.
    if (configuration?.enforce_workgroup_configuration === false)
      return 'the workgroup does not enforce its configuration';
    return encryption?.encryption_option === 'SSE_KMS' && isOurKey(encryption.kms_key_arn, stack)
      ? undefined
      : 'results are not encrypted with SSE_KMS and a key of ours';
  },
};
