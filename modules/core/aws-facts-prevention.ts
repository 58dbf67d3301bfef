import type { AwsFact } from './aws-fact';

/*
 * The catalog rows (see aws-facts.ts) that the guardrails' prevention coverage
 * (modules/catalogs/prevention-api-coverage.ts) rests on where it leaves an operation open because
 * it cannot touch what we made: each names the premise of ours the premises test checks.
 */

const RECORD = 'modules/catalogs/prevention-api-coverage.ts';
const PREMISES_TEST = '__tests__/core/prevention-api-coverage.premises.test.ts';

export const PREVENTION_FACTS: readonly AwsFact[] = [
  {
    id: 'eventbridge-aws-source-reserved',
    kind: 'scope',
    subject: 'events:PutEvents',
    fact: 'Every event from an AWS service has a source beginning "aws."; an event a customer sends may have any source that does not.',
    consequence:
      "The findings export's rule matches the source aws.securityhub only, so events an administrator sends with PutEvents never reach the findings stream: the prevention coverage leaves PutEvents open.",
    source: {
      url: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-events-structure.html',
      sentence: 'Customer-generated events can have any value here, as long as it doesn\'t begin with "aws."',
    },
    reliedOnBy: [RECORD],
    testedBy: [PREMISES_TEST],
  },
  {
    id: 'securityhub-findings-imported-on-every-update',
    kind: 'side-effect',
    subject: 'securityhub:BatchUpdateFindings, UpdateFindings',
    fact: 'Security Hub sends every new finding, and every update of a finding, to EventBridge as a Security Hub Findings - Imported event of its own.',
    consequence:
      "The findings export's rule matches every such event, with no filter on the finding, so triage (a workflow, a note, a suppression) adds a copy to the archive and takes none away: the prevention coverage leaves it open.",
    source: {
      url: 'https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-cwe-integration-types.html',
      sentence:
        'Security Hub automatically sends all new findings and all updates to existing findings to EventBridge as Security Hub Findings - Imported events.',
    },
    reliedOnBy: [RECORD, 'modules/guardrails/audit-protection.ts'],
    testedBy: [PREMISES_TEST],
  },
  {
    id: 'config-organization-aggregator-needs-no-authorization',
    kind: 'scope',
    subject: 'config:DeleteAggregationAuthorization, DeletePendingAggregationRequest',
    fact: "An aggregator whose source is the organization collects from its members without their authorization; an account's authorizations serve aggregators of individual accounts.",
    consequence:
      "The audit account's aggregator uses organization_aggregation_source, so a member's administrator who deletes an authorization or a pending request takes nothing from it: the prevention coverage leaves both open.",
    source: {
      url: 'https://docs.aws.amazon.com/config/latest/developerguide/aggregated-add-authorization.html',
      sentence:
        'For an organization aggregator, authorization is not required for Organization member account regions since authorization is integrated with the AWS Organizations service.',
    },
    reliedOnBy: [RECORD],
    testedBy: [PREMISES_TEST],
  },
  {
    id: 'kms-rotation-keeps-earlier-material',
    kind: 'side-effect',
    subject: 'kms:RotateKeyOnDemand',
    fact: 'Rotating a key makes new material current for encryption and keeps every earlier material to decrypt what it encrypted; KMS picks the material a ciphertext needs.',
    consequence:
      "An administrator's on-demand rotation of one of our keys leaves every object and log it encrypted readable: the prevention coverage leaves it open.",
    source: {
      url: 'https://docs.aws.amazon.com/kms/latest/cryptographic-details/rotate-customer-master-key.html',
      sentence:
        'All previous versions of the HBK remain available for use in perpetuity to decrypt any ciphertexts that were encrypted using this HBK version.',
    },
    reliedOnBy: [RECORD],
    testedBy: [PREMISES_TEST],
  },
  {
    id: 'kms-import-key-material-needs-key-without-material',
    kind: 'scope',
    subject: 'kms:ImportKeyMaterial, GetParametersForImport',
    fact: 'Key material is imported only into a key created without key material (origin EXTERNAL); a key KMS made with its own material takes none.',
    consequence:
      "Every key of ours is an aws_kms_key with KMS's material (never aws_kms_external_key), so an administrator cannot import material into it: the prevention coverage leaves import open.",
    source: {
      url: 'https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html',
      sentence: 'Imports or reimports key material into an existing KMS key that was created without key material.',
    },
    reliedOnBy: [RECORD],
    testedBy: [PREMISES_TEST],
  },
  {
    id: 'kms-replicate-key-multi-region-only',
    kind: 'scope',
    subject: 'kms:ReplicateKey, UpdatePrimaryRegion',
    fact: 'ReplicateKey and UpdatePrimaryRegion act on multi-Region keys only: a replica is made from a multi-Region primary key, and the primary moves between its replicas.',
    consequence:
      'No key of ours sets multi_region (nor is an aws_kms_replica_key), so neither call applies to them: the prevention coverage leaves both open.',
    source: {
      url: 'https://docs.aws.amazon.com/kms/latest/APIReference/API_ReplicateKey.html',
      sentence: 'Replicates a multi-Region key into the specified Region.',
    },
    reliedOnBy: [RECORD],
    testedBy: [PREMISES_TEST],
  },
  {
    id: 'account-primary-email-update-management-only',
    kind: 'permission',
    subject: 'account:StartPrimaryEmailUpdate, AcceptPrimaryEmailUpdate',
    fact: "A member account's primary (root user) email is changed through the Account Management API only by an identity of the organization's management account or of Account Management's delegated administrator, for a member account.",
    consequence:
      "We register no delegated administrator for Account Management, so only the management account, which our guardrails do not bind and whose administrators are trusted with the organization, can move a member's root user email: the prevention coverage leaves both open.",
    source: {
      url: 'https://docs.aws.amazon.com/accounts/latest/reference/API_StartPrimaryEmailUpdate.html',
      sentence:
        "To use this parameter, the caller must be an identity in the organization's management account or a delegated administrator account.",
    },
    reliedOnBy: [RECORD],
    testedBy: [PREMISES_TEST],
  },
];
