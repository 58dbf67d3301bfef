import { conditionKeysOf, listOf, type ScanRule, statementsOf } from '../../scan-rule';

/**
 * The keys that tie a service's call to the account or resource it acts for (IAM's confused-deputy
 * protection), and sts:ExternalId, which Firehose's guide uses for the same end (the fact
 * `firehose-trust-external-id-is-account`).
 */
const CONFUSED_DEPUTY_KEYS = [
  'aws:sourceaccount',
  'aws:sourcearn',
  'aws:sourceorgid',
  'aws:sourceorgpaths',
  'sts:externalid',
];

/** A role's trust admits a service principal only with a confused-deputy condition. */
export const IAM_SERVICE_TRUST_CONFUSED_DEPUTY: ScanRule = {
  id: 'iam-service-trust-confused-deputy',
  description:
    'Every trust statement that admits a service principal conditions on aws:SourceAccount, aws:SourceArn, aws:SourceOrgID, aws:SourceOrgPaths or sts:ExternalId.',
  judges: ['aws_iam_role'],
  check: ({ body }) => {
    const bare = statementsOf(body.assume_role_policy).filter(
      (s) =>
        s.Effect === 'Allow' &&
        typeof s.Principal === 'object' &&
        listOf(s.Principal.Service).length > 0 &&
        !conditionKeysOf(s).some((key) => CONFUSED_DEPUTY_KEYS.includes(key)),
    );
    const services = bare.flatMap((s) => (typeof s.Principal === 'object' ? listOf(s.Principal.Service) : []));
    return services.length > 0 ? `trusts ${services.join(', ')} without a confused-deputy condition` : undefined;
  },
};
