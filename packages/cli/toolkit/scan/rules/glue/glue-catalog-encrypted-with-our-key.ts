import { bodiesOf, isOurKey, type ScanRule } from '../../scan-rule';

const SETTINGS = 'aws_glue_data_catalog_encryption_settings';

/**
 * A Glue database or table is encrypted by its catalog's settings (Glue encrypts metadata per
 * catalog, not per table): the stack sets SSE-KMS at rest with a customer managed key of ours.
 */
export const GLUE_CATALOG_ENCRYPTED_WITH_OUR_KEY: ScanRule = {
  id: 'glue-catalog-encrypted-with-our-key',
  description:
    'Every Glue database and table is in a catalog whose metadata is encrypted with SSE-KMS and a key of ours.',
  judges: ['aws_glue_catalog_database', 'aws_glue_catalog_table'],
  reads: [SETTINGS],
  check: (_resource, { stack }) => {
    const atRest = Object.values(bodiesOf(stack, SETTINGS)).map(
      (s) =>
        (s.data_catalog_encryption_settings as { encryption_at_rest?: Record<string, unknown> } | undefined)
          ?.encryption_at_rest,
    );
    return atRest.some((e) => e?.catalog_encryption_mode === 'SSE-KMS' && isOurKey(e.sse_aws_kms_key_id, stack))
      ? undefined
      : 'the catalog has no SSE-KMS encryption at rest with a key of ours';
  },
};
