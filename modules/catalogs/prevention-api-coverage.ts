/*
 * How far the guardrails prevent, over the whole API of each service whose resources they protect:
 * for every operation of the service in botocore's models (botocore/data/<service>/<version>/
 * service-2.json), either a deny list of our organization policies denies it to an account's
 * administrator (read from the synthesized policies, never restated here: deniedOperations), or it
 * is left open in a group with the reason. A group whose reason begins "NOT DENIED (finding):" can
 * remove, narrow, pause or silence what a guardrail protects and is not denied: docs/aws-review.md
 * names it. __tests__/core/prevention-api-coverage.test.ts simulates both against the synthesized
 * policies; its .moto.test.ts holds the record against the installed botocore. docs/guardrails.md
 * says how to update it.
 */

import { readOnlyOperations } from './api-read-operations';
import { modelProblems, type ServiceModels } from './api-coverage';

/** The botocore release whose service models this coverage was made from. */
export const PREVENTION_COVERAGE_BOTOCORE_VERSION = '1.43.11';

/** Operations of a service the guardrails leave open, for one reason. */
export interface OpenOperations {
  /** Why: true of every operation listed, and short. "NOT DENIED (finding): ..." for a gap. */
  readonly reason: string;
  /**
   * The layer beyond our SCPs and RCPs that refuses them to an administrator (a key or bucket
   * policy, named with its Sid), where that is the reason.
   * @default - no other layer: they are open
   */
  readonly deniedBy?: string;
  /**
   * Words the installed botocore's documentation of each operation contains, where the reason rests
   * on them: the moto tier checks them against the models.
   * @default - the reason rests on nothing the model says
   */
  readonly modelSays?: string;
  /**
   * The Sid of a deny list whose wildcard (`iam:Create*`) names some of them, on resources of ours
   * of another type only (break-glass's roles, not users): they are denied on nothing of theirs, so
   * that statement does not place them. The simulation holds them open.
   * @default - no deny list names them
   */
  readonly wildcardOf?: string;
  /** Their names in botocore's model. */
  readonly operations: readonly string[];
}

/** One kind of resource of ours a guardrail protects, named for the groups and the simulation. */
export interface ProtectedKind {
  /** Stable id: `__tests__/core/prevention-api-coverage.cases.ts` gives each a resource to simulate on. */
  readonly id: string;
  /** What it is, and how the guardrails pick it (by account, name or tag). */
  readonly what: string;
}

/** Operations the deny lists deny on some of a service's protected kinds and leave open on others. */
export interface PartlyOpenOperations extends OpenOperations {
  /** The ids of the protected kinds ({@link ProtectedKind}) on which they are open. */
  readonly on: readonly string[];
}

/** Every operation of one botocore service the guardrails protect, placed. */
export interface PreventionServiceCoverage {
  /** botocore's name of the service (its folder under botocore/data). */
  readonly service: string;
  /** The service's prefix in IAM actions (the Service Authorization Reference). */
  readonly iamPrefix: string;
  /** What of the service the guardrails protect. */
  readonly protects: readonly ProtectedKind[];
  /**
   * The IAM actions that authorize an operation, where they are not `<iamPrefix>:<operation>` (an
   * empty list: the Service Authorization Reference lists none for it).
   * @default - every operation is authorized by the action of its name
   */
  readonly authorizedBy?: Readonly<Record<string, readonly string[]>>;
  /** Everything the guardrails do not deny, by reason. */
  readonly leftOut: readonly OpenOperations[];
  /**
   * Denied operations that stay open on some protected kinds, by reason.
   * @default - every denied operation is denied on every protected kind it applies to
   */
  readonly partlyOpen?: readonly PartlyOpenOperations[];
  /**
   * The part of a large service's API the record places (EC2's flow-log operations), and why the
   * rest cannot touch what the guardrails protect. The models file and the check hold that part only.
   * @default - every operation of the service
   */
  readonly scope?: ServiceScope;
}

/** The part of a service's API a record places. */
export interface ServiceScope {
  /** botocore's names of the operations placed: every other operation of the service is out of scope. */
  readonly matches: RegExp;
  /** Why the operations it leaves out cannot remove, narrow, pause or silence what is protected. */
  readonly why: string;
}

/** A statement of a synthesized organization policy, as AWS reads it. */
export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Action?: string | readonly string[];
  readonly NotAction?: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** An operation a deny list of ours denies, with the statements that deny it. */
export interface DeniedOperation {
  readonly operation: string;
  readonly sids: readonly string[];
}

const READS = 'reads only: it changes nothing';
const FINDING = 'NOT DENIED (finding):';

/** The coverage of each protected service, as botocore {@link PREVENTION_COVERAGE_BOTOCORE_VERSION} has it. */
export const PREVENTION_API_COVERAGE: readonly PreventionServiceCoverage[] = [
  {
    service: 'cloudtrail',
    iamPrefix: 'cloudtrail',
    protects: [
      { id: 'organization-trail', what: "the organization trail, in its delegated administrator's account, by name" },
      { id: 'account-trail', what: "a member's account trail, by name" },
    ],
    authorizedBy: { ListInsightsMetricData: [] },
    leftOut: [
      {
        reason: 'creates or starts a trail, or adds a delegated administrator: it narrows nothing',
        operations: ['CreateTrail', 'StartLogging', 'RegisterOrganizationDelegatedAdmin'],
      },
      {
        reason:
          "moves the organization trail's administration back to the management account, which owns the trail: the trail and its recording stay (fact cloudtrail-delegated-administrator-trail-owned-by-management)",
        operations: ['DeregisterOrganizationDelegatedAdmin'],
      },
      {
        reason:
          'a product decision: we keep no CloudTrail Lake event data store, channel, dashboard or import; the evidence is what the trails deliver to the archive',
        operations: [
          'CreateEventDataStore',
          'UpdateEventDataStore',
          'DeleteEventDataStore',
          'StopEventDataStoreIngestion',
          'StartEventDataStoreIngestion',
          'RestoreEventDataStore',
          'EnableFederation',
          'DisableFederation',
          'CreateChannel',
          'UpdateChannel',
          'DeleteChannel',
          'PutResourcePolicy',
          'DeleteResourcePolicy',
          'CreateDashboard',
          'UpdateDashboard',
          'DeleteDashboard',
          'StartDashboardRefresh',
          'StartImport',
          'StopImport',
          'StartQuery',
          'CancelQuery',
          'GenerateQuery',
        ],
      },
      {
        reason:
          "sets an event data store's event size and context keys, or a trail's aggregation of data events (its EventCategory allows Data only): it changes no selector of what a trail records",
        operations: ['PutEventConfiguration'],
      },
      {
        reason: 'changes tags only: no statement of ours on trails keys on a tag',
        operations: ['AddTags', 'RemoveTags'],
      },
      {
        reason: READS,
        operations: readOnlyOperations('cloudtrail'),
      },
    ],
  },
  {
    service: 'kms',
    iamPrefix: 'kms',
    protects: [
      { id: 'archive-key', what: "the log archive's keys, every key of the account" },
      { id: 'archive-alias', what: "the log archive's aliases" },
      { id: 'monitoring-key', what: "the trail delegated administrator's keys, by their ManagedBy tag" },
      { id: 'findings-key', what: "the audit account's keys (the findings stream's), by their ManagedBy tag" },
    ],
    authorizedBy: { ReEncrypt: ['kms:ReEncryptFrom', 'kms:ReEncryptTo'] },
    partlyOpen: [
      {
        reason:
          'revokes or retires grants: none of ours is on these keys (CloudWatch Logs and SNS use them under the key policy)',
        on: ['monitoring-key'],
        operations: ['RevokeGrant', 'RetireGrant'],
      },
      {
        reason:
          'no key of ours has imported material to delete (fact kms-import-key-material-needs-key-without-material)',
        on: ['monitoring-key', 'findings-key'],
        operations: ['DeleteImportedKeyMaterial'],
      },
      {
        reason: 'our log group, topic and stream name these keys by ARN, never by alias',
        on: ['monitoring-key', 'findings-key'],
        operations: ['UpdateAlias', 'DeleteAlias'],
      },
      {
        reason:
          "tags a key of the log archive: the evidence protection names every key of the account by ARN, so no tag decides what it denies (the trail's and the audit account's keys are denied by their ManagedBy tag, and so is tagging them, aws-review F13)",
        on: ['archive-key'],
        operations: ['TagResource', 'UntagResource'],
      },
    ],
    leftOut: [
      {
        reason:
          "signs with a key: the evidence-signing key's own policy lets only the signer roles sign (the guardrails leave it to the key policy)",
        deniedBy: 'the evidence-signing key policy, NobodyElseSigns',
        operations: ['Sign'],
      },
      {
        reason: 'uses a key: it changes no key, and nothing a key protects',
        operations: [
          'Encrypt',
          'Decrypt',
          'ReEncrypt',
          'GenerateDataKey',
          'GenerateDataKeyPair',
          'GenerateDataKeyPairWithoutPlaintext',
          'GenerateDataKeyWithoutPlaintext',
          'GenerateMac',
          'VerifyMac',
          'Verify',
          'DeriveSharedSecret',
          'GenerateRandom',
        ],
      },
      {
        reason:
          'creates a key, an alias or a grant, or enables a key, its rotation or cancels its deletion: it narrows nothing (a grant to an outsider meets EnforceOrganizationIdentities)',
        operations: ['CreateKey', 'CreateAlias', 'CreateGrant', 'EnableKey', 'EnableKeyRotation', 'CancelKeyDeletion'],
      },
      {
        reason:
          'rotates key material: KMS keeps every earlier material to decrypt what it encrypted, so nothing becomes unreadable (fact kms-rotation-keeps-earlier-material)',
        operations: ['RotateKeyOnDemand'],
      },
      {
        reason: 'acts on multi-Region keys only; ours are single-Region (fact kms-replicate-key-multi-region-only)',
        operations: ['ReplicateKey', 'UpdatePrimaryRegion'],
      },
      {
        reason:
          "imports material into a key made without it; ours are made with KMS's own (fact kms-import-key-material-needs-key-without-material)",
        operations: ['ImportKeyMaterial', 'GetParametersForImport'],
      },
      {
        reason: "a product decision: our keys are in KMS's default key store, never a custom key store",
        operations: [
          'CreateCustomKeyStore',
          'UpdateCustomKeyStore',
          'DeleteCustomKeyStore',
          'ConnectCustomKeyStore',
          'DisconnectCustomKeyStore',
        ],
      },
      { reason: "changes a key's description only", operations: ['UpdateKeyDescription'] },
      {
        reason: READS,
        operations: readOnlyOperations('kms', 'GetParametersForImport'),
      },
    ],
  },
  {
    service: 'firehose',
    iamPrefix: 'firehose',
    protects: [
      { id: 'application-logs-stream', what: "the log archive's application-logs streams, by name" },
      { id: 'findings-stream', what: "the audit account's findings stream, by name" },
    ],
    leftOut: [
      { reason: 'creates a stream: it narrows nothing', operations: ['CreateDeliveryStream'] },
      {
        reason: 'changes tags only: no statement of ours on streams keys on a tag',
        operations: ['TagDeliveryStream', 'UntagDeliveryStream'],
      },
      { reason: READS, operations: readOnlyOperations('firehose') },
    ],
  },
  {
    service: 'config',
    iamPrefix: 'config',
    protects: [
      { id: 'recorder', what: "a member's recorder and delivery channel, in the governed Regions" },
      { id: 'config-rule', what: 'our rules (the flow-logs rule), by their ManagedBy tag' },
      { id: 'remediation', what: "the flow-logs rule's remediation" },
      { id: 'organization-rule', what: "the audit account's organization rules" },
      { id: 'aggregator', what: "the audit account's aggregator" },
    ],
    partlyOpen: [
      {
        reason:
          'tags the recorder, an organization rule or the aggregator: no guardrail finds them by a tag (the recorder protection binds by Region, the audit protection by the account it is attached to); our rules are found by their tag, and tagging them is denied (aws-review F14)',
        on: ['recorder', 'organization-rule', 'aggregator'],
        operations: ['TagResource', 'UntagResource'],
      },
    ],
    leftOut: [
      {
        reason: 'starts, adds or evaluates, runs a remediation or delivers a snapshot: it narrows nothing',
        operations: [
          'AssociateResourceTypes',
          'StartConfigurationRecorder',
          'PutServiceLinkedConfigurationRecorder',
          'StartConfigRulesEvaluation',
          'StartResourceEvaluation',
          'StartRemediationExecution',
          'DeleteRemediationExceptions',
          'PutAggregationAuthorization',
          'DeliverConfigSnapshot',
        ],
      },
      {
        reason: 'removes a custom retention, so Config keeps history for its default period again',
        operations: ['DeleteRetentionConfiguration'],
      },
      {
        reason:
          "a product decision: the evidence of configuration is what the recorders deliver to the member-logs bucket; Config's own history, which this shortens, is not",
        operations: ['PutRetentionConfiguration'],
      },
      {
        reason: 'a product decision: we make no service-linked recorder (ours are customer managed)',
        operations: ['DeleteServiceLinkedConfigurationRecorder'],
      },
      {
        reason: 'a product decision: we deploy no conformance pack; one of its own adds rules beside ours',
        operations: [
          'PutConformancePack',
          'DeleteConformancePack',
          'PutOrganizationConformancePack',
          'DeleteOrganizationConformancePack',
        ],
      },
      {
        reason:
          'authorizations serve aggregators of accounts; ours aggregates the organization, which needs none (fact config-organization-aggregator-needs-no-authorization)',
        operations: ['DeleteAggregationAuthorization', 'DeletePendingAggregationRequest'],
      },
      {
        reason:
          "report results for a custom Lambda rule (with its invocation's ResultToken) or a process check (botocore); our rules are AWS managed rules, which are neither",
        operations: ['PutEvaluations', 'PutExternalEvaluation'],
      },
      {
        reason: "records a third-party resource's configuration, or its deletion, as its owner reports it",
        operations: ['PutResourceConfig', 'DeleteResourceConfig'],
      },
      {
        reason: 'saved queries: no rule, recorder or result changes',
        operations: ['PutStoredQuery', 'DeleteStoredQuery'],
      },
      {
        reason: READS,
        operations: readOnlyOperations('config'),
      },
    ],
  },
  {
    service: 's3',
    iamPrefix: 's3',
    protects: [
      { id: 'log-bucket', what: "the log archive's log bucket" },
      { id: 'log-object', what: 'the logs in it' },
      { id: 'access-logs-bucket', what: 'its access-logs bucket' },
      { id: 'access-logs-object', what: 'the access logs in it' },
      { id: 'member-logs-bucket', what: 'the member-logs bucket (Config, session and flow logs, findings)' },
      { id: 'member-logs-object', what: 'the logs in it' },
    ],
    authorizedBy: {
      CompleteMultipartUpload: ['s3:PutObject'],
      CopyObject: ['s3:PutObject', 's3:GetObject'],
      CreateBucketMetadataConfiguration: ['s3:CreateBucketMetadataTableConfiguration'],
      CreateMultipartUpload: ['s3:PutObject'],
      CreateSession: ['s3express:CreateSession'],
      DeleteBucketAnalyticsConfiguration: ['s3:PutAnalyticsConfiguration'],
      DeleteBucketCors: ['s3:PutBucketCORS'],
      DeleteBucketEncryption: ['s3:PutEncryptionConfiguration'],
      DeleteBucketIntelligentTieringConfiguration: ['s3:PutIntelligentTieringConfiguration'],
      DeleteBucketInventoryConfiguration: ['s3:PutInventoryConfiguration'],
      DeleteBucketLifecycle: ['s3:PutLifecycleConfiguration'],
      DeleteBucketMetadataConfiguration: ['s3:DeleteBucketMetadataTableConfiguration'],
      DeleteBucketMetricsConfiguration: ['s3:PutMetricsConfiguration'],
      DeleteBucketOwnershipControls: ['s3:PutBucketOwnershipControls'],
      DeleteBucketReplication: ['s3:PutReplicationConfiguration'],
      DeleteBucketTagging: ['s3:PutBucketTagging'],
      // A version named: DeleteObjectVersion; the bypass header: BypassGovernanceRetention too.
      DeleteObject: ['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:BypassGovernanceRetention'],
      DeleteObjects: ['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:BypassGovernanceRetention'],
      DeletePublicAccessBlock: ['s3:PutBucketPublicAccessBlock'],
      GetBucketAccelerateConfiguration: ['s3:GetAccelerateConfiguration'],
      GetBucketAnalyticsConfiguration: ['s3:GetAnalyticsConfiguration'],
      GetBucketEncryption: ['s3:GetEncryptionConfiguration'],
      GetBucketIntelligentTieringConfiguration: ['s3:GetIntelligentTieringConfiguration'],
      GetBucketInventoryConfiguration: ['s3:GetInventoryConfiguration'],
      GetBucketLifecycle: ['s3:GetLifecycleConfiguration'],
      GetBucketLifecycleConfiguration: ['s3:GetLifecycleConfiguration'],
      GetBucketMetadataConfiguration: ['s3:GetBucketMetadataTableConfiguration'],
      GetBucketMetricsConfiguration: ['s3:GetMetricsConfiguration'],
      GetBucketNotificationConfiguration: ['s3:GetBucketNotification'],
      GetBucketReplication: ['s3:GetReplicationConfiguration'],
      GetObjectLockConfiguration: ['s3:GetBucketObjectLockConfiguration'],
      GetPublicAccessBlock: ['s3:GetBucketPublicAccessBlock'],
      HeadBucket: ['s3:ListBucket'],
      HeadObject: ['s3:GetObject'],
      ListBucketAnalyticsConfigurations: ['s3:GetAnalyticsConfiguration'],
      ListBucketIntelligentTieringConfigurations: ['s3:GetIntelligentTieringConfiguration'],
      ListBucketInventoryConfigurations: ['s3:GetInventoryConfiguration'],
      ListBucketMetricsConfigurations: ['s3:GetMetricsConfiguration'],
      ListBuckets: ['s3:ListAllMyBuckets'],
      ListDirectoryBuckets: ['s3express:ListAllMyDirectoryBuckets'],
      ListMultipartUploads: ['s3:ListBucketMultipartUploads'],
      ListObjectVersions: ['s3:ListBucketVersions'],
      ListObjects: ['s3:ListBucket'],
      ListObjectsV2: ['s3:ListBucket'],
      ListParts: ['s3:ListMultipartUploadParts'],
      PutBucketAccelerateConfiguration: ['s3:PutAccelerateConfiguration'],
      PutBucketAnalyticsConfiguration: ['s3:PutAnalyticsConfiguration'],
      PutBucketEncryption: ['s3:PutEncryptionConfiguration'],
      PutBucketIntelligentTieringConfiguration: ['s3:PutIntelligentTieringConfiguration'],
      PutBucketInventoryConfiguration: ['s3:PutInventoryConfiguration'],
      PutBucketLifecycle: ['s3:PutLifecycleConfiguration'],
      PutBucketLifecycleConfiguration: ['s3:PutLifecycleConfiguration'],
      PutBucketMetricsConfiguration: ['s3:PutMetricsConfiguration'],
      PutBucketNotificationConfiguration: ['s3:PutBucketNotification'],
      PutBucketReplication: ['s3:PutReplicationConfiguration'],
      PutObjectLockConfiguration: ['s3:PutBucketObjectLockConfiguration'],
      PutPublicAccessBlock: ['s3:PutBucketPublicAccessBlock'],
      // Directory buckets only: authorized by the session CreateSession opens.
      RenameObject: ['s3express:CreateSession'],
      SelectObjectContent: ['s3:GetObject'],
      UploadPart: ['s3:PutObject'],
      UploadPartCopy: ['s3:PutObject', 's3:GetObject'],
      WriteGetObjectResponse: ['s3-object-lambda:WriteGetObjectResponse'],
    },
    partlyOpen: [
      {
        reason: `${FINDING} a write over an existing key of the member-logs bucket makes the original noncurrent, which its noncurrent expiration then deletes (aws-review F2, named: roles write that bucket)`,
        on: ['member-logs-object'],
        operations: [
          'PutObject',
          'CopyObject',
          'CreateMultipartUpload',
          'UploadPart',
          'UploadPartCopy',
          'CompleteMultipartUpload',
        ],
      },
      {
        reason:
          "replaces the access-logs bucket's notifications, which nothing of ours uses: the search tier is notified by the log and member-logs buckets only, which DenySearchNotificationChanges names (with the tier off, no notification of ours exists)",
        on: ['access-logs-bucket'],
        operations: ['PutBucketNotification', 'PutBucketNotificationConfiguration'],
      },
    ],
    leftOut: [
      {
        reason:
          'changes tags, or turns on tag-based authorization: no statement, rule or lifecycle filter of ours reads an S3 tag',
        operations: [
          'PutBucketTagging',
          'DeleteBucketTagging',
          'PutObjectTagging',
          'DeleteObjectTagging',
          'PutBucketAbac',
        ],
      },
      {
        reason:
          'sets an object ACL: ACLs are off on our buckets (BucketOwnerEnforced, whose change is denied), so S3 refuses it',
        operations: ['PutObjectAcl'],
      },
      {
        reason:
          'creates a bucket, restores an archived copy or drops an upload in progress, which is no object yet: it narrows nothing',
        operations: ['CreateBucket', 'RestoreObject', 'AbortMultipartUpload'],
      },
      {
        reason:
          'a product decision: we make no inventory, analytics, metrics or metadata table of a bucket; one of its own copies or counts, and changes no object',
        operations: [
          'PutBucketInventoryConfiguration',
          'DeleteBucketInventoryConfiguration',
          'PutBucketAnalyticsConfiguration',
          'DeleteBucketAnalyticsConfiguration',
          'PutBucketMetricsConfiguration',
          'DeleteBucketMetricsConfiguration',
          'CreateBucketMetadataConfiguration',
          'CreateBucketMetadataTableConfiguration',
          'DeleteBucketMetadataConfiguration',
          'DeleteBucketMetadataTableConfiguration',
          'UpdateBucketMetadataInventoryTableConfiguration',
          'UpdateBucketMetadataJournalTableConfiguration',
        ],
      },
      {
        reason:
          'Intelligent-Tiering archive settings act on objects of that storage class; our lifecycle moves none there',
        operations: ['PutBucketIntelligentTieringConfiguration', 'DeleteBucketIntelligentTieringConfiguration'],
      },
      {
        reason:
          'website hosting, cross-origin rules and Transfer Acceleration grant no access: what is public is what a policy makes public, which block public access (its change denied) refuses',
        operations: [
          'PutBucketWebsite',
          'DeleteBucketWebsite',
          'PutBucketCors',
          'DeleteBucketCors',
          'PutBucketAccelerateConfiguration',
        ],
      },
      {
        reason:
          'a product decision: directory buckets and Object Lambda access points; ours are general purpose buckets with no access point',
        operations: ['CreateSession', 'ListDirectoryBuckets', 'RenameObject', 'WriteGetObjectResponse'],
      },
      {
        reason: READS,
        operations: readOnlyOperations('s3', 'ListDirectoryBuckets'),
      },
    ],
  },
  {
    service: 'organizations',
    iamPrefix: 'organizations',
    protects: [{ id: 'membership', what: "each member's membership of the organization" }],
    leftOut: [
      {
        reason: 'only the management account calls it, and no SCP binds the management account',
        modelSays: 'You can only call this operation from the management account.',
        operations: [
          'CreateAccount',
          'CreateOrganizationalUnit',
          'UpdateOrganizationalUnit',
          'DeleteOrganizationalUnit',
          'MoveAccount',
          'RemoveAccountFromOrganization',
          'InviteAccountToOrganization',
          'EnableAllFeatures',
          'EnableAWSServiceAccess',
          'DisableAWSServiceAccess',
          'RegisterDelegatedAdministrator',
          'DeregisterDelegatedAdministrator',
          'PutResourcePolicy',
          'DeleteResourcePolicy',
          'InviteOrganizationToTransferResponsibility',
        ],
      },
      {
        reason:
          'a product decision: only the management account or the delegated administrator for organization policies (guardrails.accountId) calls it, whose administrators docs/guardrails.md names as able to detach every guardrail',
        modelSays:
          'You can only call this operation from the management account or a member account that is a delegated administrator.',
        operations: [
          'CreatePolicy',
          'UpdatePolicy',
          'DeletePolicy',
          'AttachPolicy',
          'DetachPolicy',
          'EnablePolicyType',
          'DisablePolicyType',
          'TagResource',
          'UntagResource',
        ],
      },
      {
        reason: 'only the management account deletes the organization, once it has no member left',
        modelSays: 'You can delete an organization only by using credentials from the management account.',
        operations: ['DeleteOrganization'],
      },
      {
        reason: 'only the management account creates a GovCloud account',
        modelSays: 'You call this action from the management account of your organization in the commercial Region.',
        operations: ['CreateGovCloudAccount'],
      },
      {
        reason:
          "closes a member account from the management account (the Organizations guide's closing a member account), which no SCP binds; a member's own closure is account:CloseAccount, outside this API, which the recording protection denies (aws-review F18)",
        operations: ['CloseAccount'],
      },
      {
        reason:
          'an account of ours joins or makes another organization only after leaving this one, which is denied; handshakes are invitations and their answers',
        operations: ['CreateOrganization', 'AcceptHandshake', 'DeclineHandshake', 'CancelHandshake'],
      },
      {
        reason: "a responsibility transfer is between two organizations' management accounts",
        modelSays: 'A transfer is an arrangement between two management accounts',
        operations: ['TerminateResponsibilityTransfer'],
      },
      {
        reason: "a responsibility transfer is between two organizations' management accounts",
        modelSays: 'A transfer is the arrangement between two management accounts',
        operations: ['UpdateResponsibilityTransfer'],
      },
      {
        reason: READS,
        operations: readOnlyOperations('organizations'),
      },
    ],
  },
  {
    service: 'logs',
    iamPrefix: 'logs',
    protects: [
      {
        id: 'trail-log-group',
        what: "the organization trail's log group, by name, in its delegated administrator's account",
      },
      { id: 'trail-log-stream', what: 'its log streams' },
      { id: 'application-logs-destination', what: "the log archive's application-logs destinations, by name" },
      {
        id: 'account-policy',
        what: "each member's account-level subscription filter policy, which sends its application logs",
      },
    ],
    authorizedBy: { GetLogObject: [] },
    leftOut: [
      {
        reason: `${FINDING} rewrites or deletes our saved Logs Insights queries (audit/...), so an investigator runs another query under the same name; no alarm or evidence changes (low, as aws-review F7). Both actions take no resource and no condition key (the Service Authorization Reference), so a deny would stop every team's saved queries in the account (aws-review F19)`,
        operations: ['PutQueryDefinition', 'DeleteQueryDefinition'],
      },
      {
        reason:
          'imports a CloudTrail Lake event data store into a new managed log group: we keep no event data store, and it writes no group of ours',
        modelSays: 'creates a managed log group as the destination for the imported data',
        operations: ['CreateImportTask'],
      },
      {
        reason: 'stops an import from a CloudTrail Lake event data store: we keep none',
        operations: ['CancelImportTask'],
      },
      {
        reason:
          'log-group subscription filters add to the account-level one (the PutAccountPolicy reference), and none of ours is on a log group',
        operations: ['PutSubscriptionFilter', 'DeleteSubscriptionFilter'],
      },
      {
        reason:
          "removes a transformer or a masking policy: we put none on a group, and putting one on the trail's group is denied",
        operations: ['DeleteTransformer', 'DeleteDataProtectionPolicy'],
      },
      {
        reason: "creates a group or sets its deletion protection: deleting the trail's group is denied either way",
        operations: ['CreateLogGroup', 'PutLogGroupDeletionProtection'],
      },
      {
        reason:
          'a product decision: we make no export, anomaly detector, field index, lookup table, scheduled query or integration; one of its own copies or analyses, and changes no event',
        operations: [
          'CreateExportTask',
          'CancelExportTask',
          'CreateLogAnomalyDetector',
          'UpdateLogAnomalyDetector',
          'DeleteLogAnomalyDetector',
          'UpdateAnomaly',
          'PutIndexPolicy',
          'DeleteIndexPolicy',
          'CreateLookupTable',
          'UpdateLookupTable',
          'DeleteLookupTable',
          'CreateScheduledQuery',
          'UpdateScheduledQuery',
          'DeleteScheduledQuery',
          'PutIntegration',
          'DeleteIntegration',
          'AssociateSourceToS3TableIntegration',
          'DisassociateSourceFromS3TableIntegration',
        ],
      },
      {
        reason: 'a product decision: no delivery of ours is a vended-log delivery',
        operations: [
          'CreateDelivery',
          'DeleteDelivery',
          'UpdateDeliveryConfiguration',
          'PutDeliverySource',
          'DeleteDeliverySource',
          'PutDeliveryDestination',
          'DeleteDeliveryDestination',
          'PutDeliveryDestinationPolicy',
          'DeleteDeliveryDestinationPolicy',
        ],
      },
      {
        reason:
          "an account's resource policies admit services to its groups; none of our deliveries relies on one (CloudTrail writes the trail's group with its role)",
        operations: ['PutResourcePolicy', 'DeleteResourcePolicy'],
      },
      {
        reason: 'changes tags only: our statements on logs name resources, never a tag',
        operations: ['TagLogGroup', 'UntagLogGroup', 'TagResource', 'UntagResource'],
      },
      {
        reason: READS,
        operations: readOnlyOperations('logs'),
      },
    ],
  },
  {
    service: 'sns',
    iamPrefix: 'sns',
    protects: [
      { id: 'alarm-topic', what: "the alarms' topic, by name, in the trail delegated administrator's account" },
    ],
    authorizedBy: { PublishBatch: ['sns:Publish'] },
    leftOut: [
      {
        reason: "publishes a message of one's own: a false alarm, never a silenced one",
        operations: ['Publish', 'PublishBatch'],
      },
      {
        reason: 'adds a subscriber or a topic: it narrows nothing',
        operations: ['Subscribe', 'ConfirmSubscription', 'CreateTopic'],
      },
      {
        reason: 'changes tags only: the topic statement names the topic',
        operations: ['TagResource', 'UntagResource'],
      },
      {
        reason:
          "mobile push and SMS: the stacks subscribe the topic by email; an SMS or push subscription a team adds is the team's own",
        operations: [
          'CreatePlatformApplication',
          'CreatePlatformEndpoint',
          'DeleteEndpoint',
          'DeletePlatformApplication',
          'SetEndpointAttributes',
          'SetPlatformApplicationAttributes',
          'CreateSMSSandboxPhoneNumber',
          'DeleteSMSSandboxPhoneNumber',
          'VerifySMSSandboxPhoneNumber',
          'OptInPhoneNumber',
          'SetSMSAttributes',
        ],
      },
      {
        reason: READS,
        operations: readOnlyOperations('sns'),
      },
    ],
  },
  {
    service: 'cloudwatch',
    iamPrefix: 'cloudwatch',
    protects: [
      {
        id: 'alarm',
        what: "the CIS, evasion and heartbeat alarms, by name, in the trail delegated administrator's account",
      },
    ],
    authorizedBy: { DescribeAlarmContributors: [] },
    leftOut: [
      {
        reason: "sets an alarm's state until its next evaluation, one period later (aws-review, harmless (5))",
        operations: ['SetAlarmState'],
      },
      {
        reason:
          'turns alarm actions on, removes a mute rule, or creates an alarm of its own (a composite alarm suppresses only its own actions): it narrows nothing',
        operations: ['EnableAlarmActions', 'DeleteAlarmMuteRule', 'PutCompositeAlarm'],
      },
      {
        reason:
          'a product decision: we make no dashboard, insight rule, metric stream, anomaly detector or enrichment; they show, stream or analyse metrics',
        operations: [
          'DeleteAnomalyDetector',
          'PutAnomalyDetector',
          'PutManagedInsightRules',
          'StartOTelEnrichment',
          'StopOTelEnrichment',
          'DeleteDashboards',
          'PutDashboard',
          'DeleteInsightRules',
          'DisableInsightRules',
          'EnableInsightRules',
          'PutInsightRule',
          'DeleteMetricStream',
          'PutMetricStream',
          'StartMetricStreams',
          'StopMetricStreams',
        ],
      },
      {
        reason: 'changes tags only: the alarms statement names the alarms',
        operations: ['TagResource', 'UntagResource'],
      },
      {
        reason: READS,
        operations: readOnlyOperations('cloudwatch'),
      },
    ],
  },
  {
    service: 'iam',
    iamPrefix: 'iam',
    protects: [
      {
        id: 'protected-role',
        what: 'a role our stacks make (recorder, trail-to-logs, Firehose, remediation...), by its ManagedBy tag',
      },
      { id: 'deploy-role', what: 'the deploy role (the bootstrap role by default), by name, in every account' },
      { id: 'deploy-role-policy', what: "the deploy role's customer managed policies, by name" },
      { id: 'break-glass', what: 'a break-glass role the config names, by ARN' },
      { id: 'evidence-signer', what: "the evidence package's signer role, by ARN" },
      { id: 'application-logs-role', what: "the log archive's application-logs roles, by name" },
      { id: 'trail-delivery-role', what: "the organization trail's role to CloudWatch Logs, by name" },
      {
        id: 'session-logs-writer-policy',
        what: "the managed policy a member attaches to its nodes' roles so they upload session logs, by name",
      },
    ],
    authorizedBy: { UpdateDelegationRequest: [] },
    partlyOpen: [
      {
        reason:
          "changes a role's description or maximum session duration only: neither who may assume it nor what it may do (recording-protection.ts's ROLE_WRITES_LEFT_OPEN)",
        on: ['protected-role', 'deploy-role', 'application-logs-role', 'trail-delivery-role'],
        operations: ['UpdateRole', 'UpdateRoleDescription'],
      },
      {
        reason:
          'creates or deletes service-linked roles only (under aws-service-role/), which none of these is; IAM fails the deletion of one a service still uses',
        on: ['protected-role', 'deploy-role', 'application-logs-role', 'trail-delivery-role'],
        operations: ['CreateServiceLinkedRole', 'DeleteServiceLinkedRole'],
      },
      {
        reason: 'these are protected by name or ARN: no statement of ours reads their tags',
        on: ['deploy-role', 'break-glass', 'evidence-signer'],
        operations: ['TagRole', 'UntagRole'],
      },
    ],
    leftOut: [
      {
        reason:
          "on IAM users and groups and their credentials: our stacks make none; a break-glass user the config names is in DenyPrivilegedPrincipalChanges's Resource, whose verbs deny each of these on it (the escalation test)",
        wildcardOf: 'DenyPrivilegedPrincipalChanges',
        operations: [
          'AddUserToGroup',
          'AttachGroupPolicy',
          'AttachUserPolicy',
          'ChangePassword',
          'CreateAccessKey',
          'CreateGroup',
          'CreateLoginProfile',
          'CreateServiceSpecificCredential',
          'CreateUser',
          'CreateVirtualMFADevice',
          'DeactivateMFADevice',
          'DeleteAccessKey',
          'DeleteGroup',
          'DeleteGroupPolicy',
          'DeleteLoginProfile',
          'DeleteSSHPublicKey',
          'DeleteServiceSpecificCredential',
          'DeleteSigningCertificate',
          'DeleteUser',
          'DeleteUserPermissionsBoundary',
          'DeleteUserPolicy',
          'DeleteVirtualMFADevice',
          'DetachGroupPolicy',
          'DetachUserPolicy',
          'EnableMFADevice',
          'PutGroupPolicy',
          'PutUserPermissionsBoundary',
          'PutUserPolicy',
          'RemoveUserFromGroup',
          'ResetServiceSpecificCredential',
          'ResyncMFADevice',
          'TagMFADevice',
          'TagUser',
          'UntagMFADevice',
          'UntagUser',
          'UpdateAccessKey',
          'UpdateGroup',
          'UpdateLoginProfile',
          'UpdateSSHPublicKey',
          'UpdateServiceSpecificCredential',
          'UpdateSigningCertificate',
          'UpdateUser',
          'UploadSSHPublicKey',
          'UploadSigningCertificate',
        ],
      },
      {
        reason:
          'makes, changes or tags what no trust or policy of ours names: instance profiles (none of our roles is in one, and launching with one needs iam:PassRole, denied on ours), identity providers, server certificates, the account alias and password policy, a new customer managed policy (attaching it to a role of ours is denied)',
        wildcardOf: 'DenyPrivilegedPrincipalChanges',
        operations: [
          'AddClientIDToOpenIDConnectProvider',
          'AddRoleToInstanceProfile',
          'CreateAccountAlias',
          'CreateInstanceProfile',
          'CreateOpenIDConnectProvider',
          'CreatePolicy',
          'CreateSAMLProvider',
          'DeleteAccountAlias',
          'DeleteAccountPasswordPolicy',
          'DeleteInstanceProfile',
          'DeleteOpenIDConnectProvider',
          'DeleteSAMLProvider',
          'DeleteServerCertificate',
          'RemoveClientIDFromOpenIDConnectProvider',
          'RemoveRoleFromInstanceProfile',
          'TagInstanceProfile',
          'TagOpenIDConnectProvider',
          'TagSAMLProvider',
          'TagServerCertificate',
          'UntagInstanceProfile',
          'UntagOpenIDConnectProvider',
          'UntagSAMLProvider',
          'UntagServerCertificate',
          'UpdateAccountPasswordPolicy',
          'UpdateOpenIDConnectProviderThumbprint',
          'UpdateSAMLProvider',
          'UpdateServerCertificate',
          'UploadServerCertificate',
        ],
      },
      {
        reason: "changes a customer managed policy's tags only: no statement of ours keys on a policy's tag",
        operations: ['TagPolicy', 'UntagPolicy'],
      },
      {
        reason:
          "sets STS's global-endpoint token version, centralized root access or outbound web identity tokens: no trust or policy of ours, nor what our roles may do, changes",
        wildcardOf: 'DenyPrivilegedPrincipalChanges',
        operations: [
          'DisableOrganizationsRootCredentialsManagement',
          'DisableOrganizationsRootSessions',
          'DisableOutboundWebIdentityFederation',
          'EnableOrganizationsRootCredentialsManagement',
          'EnableOrganizationsRootSessions',
          'EnableOutboundWebIdentityFederation',
          'SetSecurityTokenServicePreferences',
        ],
      },
      {
        reason:
          'temporary delegation of access to a partner: the delegated credential acts as the identity that accepted the request, which our guardrails bind as they bind the caller (UpdateDelegationRequest: no IAM action in the Service Authorization Reference)',
        wildcardOf: 'DenyPrivilegedPrincipalChanges',
        operations: [
          'AcceptDelegationRequest',
          'AssociateDelegationRequest',
          'CreateDelegationRequest',
          'RejectDelegationRequest',
          'SendDelegationToken',
          'UpdateDelegationRequest',
        ],
      },
      {
        reason: 'generates a report or simulates policies: it changes no principal or policy',
        operations: [
          'GenerateCredentialReport',
          'GenerateOrganizationsAccessReport',
          'GenerateServiceLastAccessedDetails',
          'SimulateCustomPolicy',
          'SimulatePrincipalPolicy',
        ],
      },
      { reason: READS, operations: readOnlyOperations('iam') },
    ],
  },
  {
    service: 'events',
    iamPrefix: 'events',
    protects: [
      { id: 'findings-rule', what: "the audit account's rule that sends Security Hub's findings to Firehose, by name" },
      { id: 'findings-bus', what: "the audit account's default event bus, which holds that rule" },
    ],
    leftOut: [
      {
        reason:
          "sends events of one's own to the default bus: our findings rule matches Security Hub's source only (aws.securityhub), which no customer event may have (fact eventbridge-aws-source-reserved; aws-review F26)",
        operations: ['PutEvents'],
      },
      { reason: 'enables a rule: it narrows nothing', operations: ['EnableRule'] },
      {
        reason: 'changes tags only: DenyFindingsExportChanges names our rule, on no tag',
        operations: ['TagResource', 'UntagResource'],
      },
      {
        reason:
          "a bus's resource policy lets other accounts send to it: Security Hub sends our rule's findings in the audit account itself",
        operations: ['PutPermission', 'RemovePermission'],
      },
      {
        reason:
          'archives events, or sends archived ones again: each was an event AWS or a caller once sent, and nothing is removed',
        operations: ['CreateArchive', 'UpdateArchive', 'DeleteArchive', 'StartReplay', 'CancelReplay'],
      },
      {
        reason: 'deletes a custom or partner bus only: the default bus, which holds our rule, cannot be deleted',
        modelSays: "You can't delete your account's default event bus.",
        operations: ['DeleteEventBus'],
      },
      {
        reason:
          'a product decision: our rule is on the default bus with a Firehose target; we make no custom bus, API destination, connection, global endpoint or partner event source',
        operations: [
          'ActivateEventSource',
          'CreateApiDestination',
          'CreateConnection',
          'CreateEndpoint',
          'CreateEventBus',
          'CreatePartnerEventSource',
          'DeactivateEventSource',
          'DeauthorizeConnection',
          'DeleteApiDestination',
          'DeleteConnection',
          'DeleteEndpoint',
          'DeletePartnerEventSource',
          'PutPartnerEvents',
          'UpdateApiDestination',
          'UpdateConnection',
          'UpdateEndpoint',
        ],
      },
      { reason: READS, operations: readOnlyOperations('events') },
    ],
  },
  {
    service: 'securityhub',
    iamPrefix: 'securityhub',
    protects: [
      { id: 'administrator-hub', what: "the audit account's hub: Security Hub's administrator for the organization" },
      { id: 'configuration-policy', what: "the audit account's configuration policy, which sets every member's hub" },
      {
        id: 'finding-aggregator',
        what: "the audit account's finding aggregator, which brings the linked Regions' findings home",
      },
      {
        id: 'security-hub-settings',
        what: "the audit account's settings on no resource: controls, standards' controls, automation rules, aggregators",
      },
      { id: 'member-hub', what: "a member's hub, which the configuration policy manages" },
    ],
    authorizedBy: {
      // botocore's documentation of each names the action; ConnectorRegistrationsV2 is IAM's name.
      BatchUpdateFindingsV2: ['securityhub:BatchUpdateFindings'],
      GetFindingsV2: ['securityhub:GetFindings'],
      GetFindingStatisticsV2: ['securityhub:GetAdhocInsightResults'],
      RegisterConnectorV2: ['securityhub:ConnectorRegistrationsV2'],
    },
    partlyOpen: [
      {
        reason:
          "in a member, the configuration policy's settings are the delegated administrator's to change, not the member's (fact securityhub-centrally-managed-only-administrator-configures); the organization's membership and configuration are the administrator's calls",
        on: ['member-hub'],
        operations: [
          'BatchDisableStandards',
          'DisassociateMembers',
          'StartConfigurationPolicyAssociation',
          'StartConfigurationPolicyDisassociation',
          'UpdateOrganizationConfiguration',
          'UpdateSecurityHubConfiguration',
          'UpdateStandardsControl',
        ],
      },
    ],
    leftOut: [
      {
        reason:
          "changes the notes, workflow, severity or record state of findings already raised: triage stays the audit team's, and Security Hub sent each finding, and sends each update, to EventBridge, whose rule put it in the archive (fact securityhub-findings-imported-on-every-update)",
        operations: ['BatchUpdateFindings', 'BatchUpdateFindingsV2', 'UpdateFindings'],
      },
      {
        reason: "imports findings of one's own, in the account's own name: they add to the export and remove nothing",
        modelSays: 'needs to be the same as the AwsAccountId attribute for the finding',
        operations: ['BatchImportFindings'],
      },
      {
        reason: 'deletes automation rules: we make none, and without one no finding is changed',
        operations: ['BatchDeleteAutomationRules', 'DeleteAutomationRuleV2'],
      },
      {
        reason:
          "accepts an administrator's invitation: for accounts outside the organization only, which no SCP of ours binds (their Security Hub is a gap compliance names)",
        modelSays: 'This operation is only used by member accounts that are not added through Organizations.',
        operations: ['AcceptAdministratorInvitation', 'AcceptInvitation'],
      },
      {
        reason: 'leaves an administrator: for accounts outside the organization only, which no SCP of ours binds',
        modelSays: 'This operation is only used by accounts that are not part of an organization.',
        operations: ['DisassociateFromAdministratorAccount', 'DisassociateFromMasterAccount'],
      },
      {
        reason: 'invitations: for accounts outside the organization only, which no SCP of ours binds',
        modelSays: "Organization accounts don't receive invitations.",
        operations: ['DeclineInvitations', 'DeleteInvitations', 'InviteMembers'],
      },
      {
        reason: 'deletes invited members only: AWS refuses it for an account of the organization',
        modelSays: "You can't invoke this API to delete accounts that belong to an Organizations organization.",
        operations: ['DeleteMembers'],
      },
      {
        reason:
          "designates or removes Security Hub's administrator: the management account's call, which no SCP binds (fact scp-does-not-restrict-management-account)",
        modelSays: 'Can only be called by the organization management account.',
        operations: ['DisableOrganizationAdminAccount', 'EnableOrganizationAdminAccount'],
      },
      {
        reason:
          'AWS refuses it in the audit account, the administrator (fact securityhub-administrator-hub-cannot-be-disabled), and in a member the configuration policy decides whether its hub is on (fact securityhub-centrally-managed-only-administrator-configures)',
        modelSays:
          "You can't disable Security Hub CSPM in an account that is currently the Security Hub CSPM administrator.",
        operations: ['DisableSecurityHub'],
      },
      {
        reason:
          "stops another product's findings (GuardDuty's, Inspector's) entering an account's hub: a product decision, our stacks turn on no product integration and configure Security Hub's standards and controls only; the evasion pack alarms on it",
        operations: ['DisableImportFindingsForProduct'],
      },
      {
        reason:
          "creates or enables: it narrows nothing (a configuration policy of one's own reaches no account until it is associated, which DenyOrganizationSecurityChanges denies)",
        operations: [
          'BatchEnableStandards',
          'CreateAggregatorV2',
          'CreateConfigurationPolicy',
          'CreateFindingAggregator',
          'CreateMembers',
          'EnableImportFindingsForProduct',
          'EnableSecurityHub',
          'EnableSecurityHubV2',
        ],
      },
      {
        reason:
          'insights, custom actions, ticketing connectors and recommended policies show or act on findings: we make none, and they change no control, finding or export',
        operations: [
          'CreateActionTarget',
          'CreateConnectorV2',
          'CreateInsight',
          'CreateTicketV2',
          'DeleteActionTarget',
          'DeleteConnectorV2',
          'DeleteInsight',
          'GenerateRecommendedPolicyV2',
          'RegisterConnectorV2',
          'UpdateActionTarget',
          'UpdateConnectorV2',
          'UpdateInsight',
        ],
      },
      {
        reason: 'changes tags only: DenyOrganizationSecurityChanges names no tag',
        operations: ['TagResource', 'UntagResource'],
      },
      { reason: READS, operations: readOnlyOperations('securityhub') },
    ],
  },
  {
    service: 'oam',
    iamPrefix: 'oam',
    protects: [
      { id: 'live-search-sink', what: "live search's sinks, every sink of the log archive" },
      { id: 'live-search-link', what: "a member's links to them, by their ManagedBy tag" },
    ],
    partlyOpen: [
      {
        reason: "changes a sink's tags only: DenyLiveSearchSinkChanges names every sink of the log archive, on no tag",
        on: ['live-search-sink'],
        operations: ['TagResource', 'UntagResource'],
      },
    ],
    leftOut: [
      {
        reason: 'creates a link or a sink: more is shared, nothing stops being searchable',
        operations: ['CreateLink', 'CreateSink'],
      },
      { reason: READS, operations: readOnlyOperations('oam') },
    ],
  },
  {
    service: 'ssm',
    iamPrefix: 'ssm',
    protects: [
      {
        id: 'session-preferences',
        what: "a member's Session Manager preferences (the SSM-SessionManagerRunShell document), by its ManagedBy tag",
      },
      {
        id: 'other-session-document',
        what: "any other Session document a session could start with in a member that logs sessions (AWS-StartSSHSession, AWS-StartPortForwardingSession, one of one's own)",
      },
    ],
    partlyOpen: [
      {
        reason: 'starts a session with the preferences: Session Manager logs it as they say',
        on: ['session-preferences'],
        operations: ['StartSession'],
      },
      {
        reason:
          "changes, re-tags or deletes a Session document of one's own: DenyUnloggedSessions denies every session with it, by its name",
        on: ['other-session-document'],
        operations: [
          'AddTagsToResource',
          'DeleteDocument',
          'RemoveTagsFromResource',
          'UpdateDocument',
          'UpdateDocumentDefaultVersion',
        ],
      },
    ],
    leftOut: [
      {
        reason: `${FINDING} runs commands without a session (Run Command): Session Manager logs none of it (docs/aws-review.md F24); it stays the member's, as any shell over the network does`,
        operations: ['SendCommand'],
      },
      {
        reason: `${FINDING} gives a hybrid node a role of one's own, without the session logs' writer policy: its session logs are no longer uploaded (docs/aws-review.md F23)`,
        operations: ['UpdateManagedInstanceRole'],
      },
      {
        reason:
          "makes, shares or annotates a document of one's own: no document of ours changes (one run as a session is F24's)",
        operations: ['CreateDocument', 'ModifyDocumentPermission', 'UpdateDocumentMetadata'],
      },
      {
        reason: 'ends or reconnects a session already started: its log is written as before',
        operations: ['TerminateSession', 'ResumeSession'],
      },
      {
        reason: 'just-in-time node access: it asks for and returns access, whose sessions start with StartSession',
        operations: ['StartAccessRequest', 'GetAccessToken'],
      },
      {
        reason:
          'service settings (parameter tiers, the managed-instance tier, automation logs, the default instance management role): Session Manager keeps its preferences in SSM-SessionManagerRunShell, not in a setting',
        operations: ['UpdateServiceSetting', 'ResetServiceSetting'],
      },
      {
        reason: 'attaches a resource policy to a parameter or an OpsItem group, which none of ours is',
        modelSays: 'The following resources support Systems Manager resource policies.',
        operations: ['PutResourcePolicy', 'DeleteResourcePolicy'],
      },
      {
        reason:
          'a product decision: we make no parameter, association, automation, maintenance window, patch baseline, OpsItem, OpsMetadata, inventory, compliance item, resource data sync or hybrid activation; none of them is a session or its preferences',
        operations: [
          'AssociateOpsItemRelatedItem',
          'CancelCommand',
          'CancelMaintenanceWindowExecution',
          'CreateActivation',
          'CreateAssociation',
          'CreateAssociationBatch',
          'CreateMaintenanceWindow',
          'CreateOpsItem',
          'CreateOpsMetadata',
          'CreatePatchBaseline',
          'CreateResourceDataSync',
          'DeleteActivation',
          'DeleteAssociation',
          'DeleteInventory',
          'DeleteMaintenanceWindow',
          'DeleteOpsItem',
          'DeleteOpsMetadata',
          'DeleteParameter',
          'DeleteParameters',
          'DeletePatchBaseline',
          'DeleteResourceDataSync',
          'DeregisterManagedInstance',
          'DeregisterPatchBaselineForPatchGroup',
          'DeregisterTargetFromMaintenanceWindow',
          'DeregisterTaskFromMaintenanceWindow',
          'DisassociateOpsItemRelatedItem',
          'LabelParameterVersion',
          'PutComplianceItems',
          'PutInventory',
          'PutParameter',
          'RegisterDefaultPatchBaseline',
          'RegisterPatchBaselineForPatchGroup',
          'RegisterTargetWithMaintenanceWindow',
          'RegisterTaskWithMaintenanceWindow',
          'SendAutomationSignal',
          'StartAssociationsOnce',
          'StartAutomationExecution',
          'StartChangeRequestExecution',
          'StartExecutionPreview',
          'StopAutomationExecution',
          'UnlabelParameterVersion',
          'UpdateAssociation',
          'UpdateAssociationStatus',
          'UpdateMaintenanceWindow',
          'UpdateMaintenanceWindowTarget',
          'UpdateMaintenanceWindowTask',
          'UpdateOpsItem',
          'UpdateOpsMetadata',
          'UpdatePatchBaseline',
          'UpdateResourceDataSync',
        ],
      },
      { reason: READS, operations: readOnlyOperations('ssm') },
    ],
  },
  {
    service: 'ec2',
    iamPrefix: 'ec2',
    protects: [{ id: 'flow-log', what: "a member's VPC flow logs, by their ManagedBy tag" }],
    scope: {
      matches:
        /^(CreateFlowLogs|DeleteFlowLogs|DescribeFlowLogs|GetFlowLogsIntegrationTemplate|CreateTags|DeleteTags)$/,
      why: "EC2's flow-log operations, and the tagging calls that can take off the ManagedBy tag DenyFlowLogDeletion keys on: EC2's other operations change the network, not the flow logs that record it (deleting a VPC ends what its flow log would record, and CloudTrail records the call)",
    },
    leftOut: [
      { reason: 'creates a flow log: it narrows nothing', operations: ['CreateFlowLogs'] },
      {
        reason: 'makes a CloudFormation template for querying flow logs with Athena: no flow log changes',
        operations: ['GetFlowLogsIntegrationTemplate'],
      },
      { reason: READS, operations: readOnlyOperations('ec2').filter((operation) => /FlowLogs/.test(operation)) },
    ],
  },
  {
    service: 'account',
    iamPrefix: 'account',
    protects: [
      {
        id: 'member-account',
        what: "each account of the organization: closing it and disabling its Regions (the recording protection's DenyLeavingOrganization)",
      },
    ],
    leftOut: [
      {
        reason: 'enables a Region: it narrows nothing (the Region deny still binds calls there)',
        operations: ['EnableRegion'],
      },
      {
        reason:
          "the account's name, primary and alternate contacts: where AWS sends its notices, not our evidence or alerts (our alarms notify through our topic)",
        operations: ['PutAccountName', 'PutAlternateContact', 'DeleteAlternateContact', 'PutContactInformation'],
      },
      {
        reason:
          "changes a member's root user email: only the management account or Account Management's delegated administrator calls it, and we register none (fact account-primary-email-update-management-only)",
        operations: ['StartPrimaryEmailUpdate', 'AcceptPrimaryEmailUpdate'],
      },
      { reason: READS, operations: readOnlyOperations('account') },
    ],
  },
  {
    service: 'opensearchserverless',
    iamPrefix: 'aoss',
    protects: [
      { id: 'search-collection', what: "the log archive's search collection, every collection of the account" },
      {
        id: 'search-settings',
        what: "its access, lifecycle and security policies, indexes, VPC endpoint and the account's capacity limits: actions on no resource type, denied in the log archive account",
      },
    ],
    leftOut: [
      {
        reason: 'creates a collection, an index, an endpoint or a collection group: nothing of ours narrows',
        operations: ['CreateCollection', 'CreateCollectionGroup', 'CreateIndex', 'CreateVpcEndpoint'],
      },
      {
        reason:
          "changes a collection's description or vector options only: not who reaches its documents, nor for how long",
        operations: ['UpdateCollection'],
      },
      {
        reason:
          "a collection group's description and capacity, or an empty group's deletion: our collection is in none",
        operations: ['UpdateCollectionGroup', 'DeleteCollectionGroup'],
      },
      {
        reason:
          'SAML, IAM Identity Center or IAM federation configurations for dashboards: our access policy names IAM roles only',
        operations: ['CreateSecurityConfig', 'UpdateSecurityConfig', 'DeleteSecurityConfig'],
      },
      {
        reason: 'changes tags only: no statement of ours on the tier keys on a tag',
        operations: ['TagResource', 'UntagResource'],
      },
      { reason: READS, operations: readOnlyOperations('opensearchserverless') },
    ],
  },
  {
    service: 'osis',
    iamPrefix: 'osis',
    protects: [{ id: 'search-pipeline', what: "the log archive's ingestion pipeline, by name" }],
    leftOut: [
      { reason: 'creates or starts a pipeline: it narrows nothing', operations: ['CreatePipeline', 'StartPipeline'] },
      {
        reason:
          'endpoints and resource policies let callers push into a pipeline: ours pulls from its queues and receives nothing pushed',
        operations: [
          'CreatePipelineEndpoint',
          'DeletePipelineEndpoint',
          'RevokePipelineEndpointConnections',
          'PutResourcePolicy',
          'DeleteResourcePolicy',
        ],
      },
      {
        reason: 'changes tags only: DenySearchPipelineChanges names our pipeline, on no tag',
        operations: ['TagResource', 'UntagResource'],
      },
      { reason: 'checks a pipeline body: it changes nothing', operations: ['ValidatePipeline'] },
      { reason: READS, operations: readOnlyOperations('osis') },
    ],
  },
  {
    service: 'sqs',
    iamPrefix: 'sqs',
    protects: [{ id: 'search-queue', what: "the search tier's notification queues, by name" }],
    authorizedBy: {
      ChangeMessageVisibilityBatch: ['sqs:ChangeMessageVisibility'],
      DeleteMessageBatch: ['sqs:DeleteMessage'],
      SendMessageBatch: ['sqs:SendMessage'],
    },
    leftOut: [
      {
        reason: 'stops a move task: what it moved stays moved, what it has not stays',
        operations: ['CancelMessageMoveTask'],
      },
      {
        reason:
          "sends a notification of one's own: the pipeline then reads the object it names with its own role, which reads our buckets only, so it indexes what the archive holds",
        operations: ['SendMessage', 'SendMessageBatch'],
      },
      { reason: 'creates a queue: it narrows nothing', operations: ['CreateQueue'] },
      {
        reason: 'changes tags only: DenySearchQueueChanges names our queues, on no tag',
        operations: ['TagQueue', 'UntagQueue'],
      },
      { reason: READS, operations: readOnlyOperations('sqs') },
    ],
  },
];

/** Condition keys of the data perimeter: its statements deny those outside the organization, not an administrator. */
const PERIMETER_KEYS = ['aws:PrincipalOrgID', 'aws:SourceOrgID'];

const list = (value: string | readonly string[] | undefined): readonly string[] =>
  value === undefined ? [] : typeof value === 'string' ? [value] : value;

/**
 * The statements that deny an account's administrator: a Deny with an Action list, neither about
 * the organization's perimeter (who is outside) nor the Region deny's (where, not what).
 */
export function administratorDenyLists(statements: readonly PolicyStatement[]): PolicyStatement[] {
  return statements.filter((statement) => {
    const keys = Object.values(statement.Condition ?? {}).flatMap((entries) => Object.keys(entries));
    const outsideRegions = statement.Condition?.StringNotEquals?.['aws:RequestedRegion'] !== undefined;
    return (
      statement.Effect === 'Deny' &&
      statement.Action !== undefined &&
      !outsideRegions &&
      !keys.some((key) => PERIMETER_KEYS.includes(key))
    );
  });
}

/** The IAM actions that authorize `operation` of `service`. */
export function actionsOf(service: PreventionServiceCoverage, operation: string): readonly string[] {
  return service.authorizedBy?.[operation] ?? [`${service.iamPrefix}:${operation}`];
}

const patterns = new Map<string, RegExp>();

/** Whether an Action entry of a policy (a `*` wildcard, any case, as IAM matches) names `action`. */
export function names(entry: string, action: string): boolean {
  let pattern = patterns.get(entry);
  if (pattern === undefined) {
    const source = entry
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    pattern = new RegExp(`^${source}$`, 'i');
    patterns.set(entry, pattern);
  }
  return pattern.test(action);
}

/**
 * The operations of `operations` (botocore's names, of `service`) that a deny list of `statements`
 * denies: one of their actions is in its Action list. Read from the synthesized policies.
 */
export function deniedOperations(
  service: PreventionServiceCoverage,
  operations: readonly string[],
  statements: readonly PolicyStatement[],
): DeniedOperation[] {
  const lists = administratorDenyLists(statements);
  return operations.flatMap((operation) => {
    const actions = actionsOf(service, operation);
    const elsewhere = service.leftOut.find((group) => group.operations.includes(operation))?.wildcardOf;
    const sids = lists
      .filter((statement) => list(statement.Action).some((entry) => actions.some((action) => names(entry, action))))
      .map((statement) => statement.Sid ?? '(no Sid)')
      .filter((sid) => sid !== elsewhere);
    return sids.length === 0 ? [] : [{ operation, sids: [...new Set(sids)] }];
  });
}

/** Every operation a service's record leaves open. */
export function openOperations(service: PreventionServiceCoverage): string[] {
  return service.leftOut.flatMap((group) => group.operations);
}

/** The operations of `operations` (botocore's, of `service`) that its record places: its scope's, or all. */
export function inScope(service: PreventionServiceCoverage, operations: readonly string[]): string[] {
  const scope = service.scope;
  return scope === undefined ? [...operations] : operations.filter((operation) => scope.matches.test(operation));
}

/** The botocore services the coverage reads, each once, sorted. */
export function preventionServices(coverage: readonly PreventionServiceCoverage[] = PREVENTION_API_COVERAGE): string[] {
  return [...new Set(coverage.map((s) => s.service))].sort();
}

/**
 * What disagrees between the coverage, the deny lists of `statements` and botocore's models
 * (`operations`): an operation of a covered service that nobody placed, with where to place it; an
 * operation placed that the model lacks; a service the model lacks; an operation left open that a
 * deny list denies, or left open twice. Empty when they agree.
 */
export function preventionProblems(
  operations: ServiceModels,
  botocoreVersion: string,
  statements: readonly PolicyStatement[],
  coverage: readonly PreventionServiceCoverage[] = PREVENTION_API_COVERAGE,
): string[] {
  const file = 'modules/catalogs/prevention-api-coverage.ts';
  return coverage.flatMap((service) => {
    const open = openOperations(service);
    const model = operations[service.service];
    const scoped = model === undefined ? undefined : inScope(service, model);
    const denied = deniedOperations(service, [...new Set(scoped ?? open)], statements);
    const deniedNames = new Set(denied.map((d) => d.operation));
    return [
      ...modelProblems(scoped === undefined ? operations : { [service.service]: scoped }, botocoreVersion, {
        owner: 'prevention',
        service: service.service,
        placed: [...deniedNames, ...open],
        file,
        placeAdvice:
          "if it can remove, narrow, pause, redirect, re-key or silence what a guardrail protects, deny it in the guardrails' deny lists (modules/guardrails/), else place it in a leftOut group with the reason",
      }),
      ...[...new Set(open.filter((operation, i) => open.indexOf(operation) !== i))].map(
        (operation) => `prevention: ${service.service} ${operation} is left open twice in ${file}: keep one`,
      ),
      ...(service.partlyOpen ?? [])
        .flatMap((group) => group.operations)
        .filter((operation) => (scoped ?? []).includes(operation) && !deniedNames.has(operation))
        .map(
          (operation) =>
            `prevention: ${service.service} ${operation} is partly open in ${file} but no deny list denies it: move it to leftOut`,
        ),
      ...denied
        .filter(({ operation }) => open.includes(operation))
        .map(
          ({ operation, sids }) =>
            `prevention: ${service.service} ${operation} is denied by ${sids.join(', ')} but left open in ${file}: remove it from leftOut`,
        ),
    ];
  });
}
