import { derivedBucketNames, s3BucketArn } from '../core/naming';
import { PolicyStatement } from '../iam/policy-document';
import { EVIDENCE_DESTRUCTION_ACTIONS } from './evidence-protection';
import { archiveBucketResources, archiveKeyResource, evidenceBucketResources, exceptPrincipals } from './principals';

/** Who may reach the archive's buckets and keys through the data perimeter. */
export interface DataPerimeterProps {
  /** ARN partition of the organization. */
  readonly partition: string;
  /** The organization: its principals, and AWS services acting for its accounts, stay inside. */
  readonly organizationId: string;
  /** The log archive account (the policy attaches to it; every key in it is an archive key). */
  readonly archiveAccountId: string;
  /**
   * Name of the central log bucket: buckets named `<it>-…` are in the perimeter too; the evidence
   * among them (access logs, member logs) is kept from destruction.
   */
  readonly logBucketName: string;
  /** Other archive buckets that hold evidence (the replica). */
  readonly otherBucketNames: readonly string[];
  /**
   * Accounts outside the organization that must still reach the archive: readers, and members
   * outside the organization (their trails, AWS Config, flow logs and session logs deliver).
   */
  readonly trustedAccountIds: readonly string[];
  /** The only principals that may destroy evidence, in any account, the management account's included. */
  readonly breakGlassPrincipalArns: readonly string[];
}

/** The services whose resources the perimeter covers (both support resource control policies). */
const PERIMETER_ACTIONS = ['s3:*', 'kms:*'];

/**
 * The resource control policy of the log archive account, following AWS's data perimeter pattern:
 * its buckets and keys answer only principals of this organization or of the trusted accounts, and
 * AWS services only when they act for an account of this organization or a trusted one
 * (`aws:SourceOrgID`, `aws:SourceAccount`; a service that sends no `aws:SourceAccount`, such as
 * one using a KMS grant, is left to the resource's own policy). Nobody but the break-glass principals
 * may destroy evidence: an RCP binds every principal, the management account's included, which SCPs
 * never bind. Service-linked roles are outside every RCP (AWS's rule).
 */
export function dataPerimeterStatements(props: DataPerimeterProps): PolicyStatement[] {
  const resources = [
    ...archiveBucketResources(props.partition, props.logBucketName, props.otherBucketNames),
    archiveKeyResource(props.partition, props.archiveAccountId),
  ];
  const trusted = [...new Set(props.trustedAccountIds)].sort();
  const orTrusted = (key: string) =>
    trusted.length === 0 ? {} : { [key]: trusted.length === 1 ? trusted[0] : trusted };
  return [
    {
      Sid: 'EnforceOrganizationIdentities',
      Effect: 'Deny',
      Principal: '*',
      Action: PERIMETER_ACTIONS,
      Resource: resources,
      Condition: {
        StringNotEqualsIfExists: { 'aws:PrincipalOrgID': props.organizationId, ...orTrusted('aws:PrincipalAccount') },
        BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' },
      },
    },
    {
      Sid: 'EnforceConfusedDeputyProtection',
      Effect: 'Deny',
      Principal: '*',
      Action: PERIMETER_ACTIONS,
      Resource: resources,
      Condition: {
        StringNotEqualsIfExists: { 'aws:SourceOrgID': props.organizationId, ...orTrusted('aws:SourceAccount') },
        Null: { 'aws:SourceAccount': 'false' },
        Bool: { 'aws:PrincipalIsAWSService': 'true' },
      },
    },
    {
      // Only AWS services write the log bucket, its access logs and its replica (CloudTrail, S3's
      // logging, replication): a principal's PutObject over a log would make the original a
      // noncurrent version, which the lifecycle expires long before the log's own retention.
      Sid: 'DenyLogOverwrite',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:PutObject',
      Resource: serviceWrittenObjects(props),
      Condition: {
        BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' },
        ...(exceptPrincipals(props.breakGlassPrincipalArns).Condition ?? {}),
      },
    },
    {
      Sid: 'DenyEvidenceDestruction',
      Effect: 'Deny',
      Principal: '*',
      Action: [...EVIDENCE_DESTRUCTION_ACTIONS],
      Resource: [
        ...evidenceBucketResources(props.partition, props.logBucketName, props.otherBucketNames),
        archiveKeyResource(props.partition, props.archiveAccountId),
      ],
      ...exceptPrincipals(props.breakGlassPrincipalArns),
    },
  ];
}

/**
 * The objects of the evidence buckets only AWS services write: the log bucket (CloudTrail), its
 * access-log bucket (S3's server access logging) and the replicas (replication). Not the member-logs
 * bucket, which roles write too (Firehose's, instances' session logs).
 */
function serviceWrittenObjects(props: DataPerimeterProps): string[] {
  const memberLogs = derivedBucketNames(props.logBucketName).memberLogs;
  return evidenceBucketResources(props.partition, props.logBucketName, props.otherBucketNames).filter(
    (arn) => arn.endsWith('/*') && !arn.startsWith(`${s3BucketArn(props.partition, memberLogs)}/`),
  );
}
