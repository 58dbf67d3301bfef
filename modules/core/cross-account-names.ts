/**
 * What one stack makes that another stack names (by ARN or name, never by a Terraform reference:
 * see deployment-order.ts): the resources a change must order across stacks. Each row says how the
 * consumer names the resource and what AWS does when a change goes the wrong way, by the fact it
 * rests on (aws-facts.ts). Buckets and keys of the archive carry prevent_destroy: they are named
 * here for their creation (a new archive bucket before the stacks that deliver to it).
 */

/** Where a resource is: the account of its stack's provider and the Region of its own provider. */
export interface ResourcePlace {
  readonly account: string;
  readonly region: string;
}

/** One kind of resource that crosses accounts by name. */
export interface CrossAccountName {
  /** The Terraform resource type that makes it. */
  readonly resourceType: string;
  /** What it is, for people. */
  readonly what: string;
  /** Text that another stack's JSON holds when it names this resource (any one of them). */
  readonly namedBy: (resource: Readonly<Record<string, unknown>>, place: ResourcePlace) => readonly string[];
  /** The config fields whose change makes or removes it. */
  readonly fields: readonly string[];
  /** The fact by which AWS refuses its removal while a consumer still names it, if it does. */
  readonly removalRefusedBy?: string;
  /** The fact by which AWS refuses a consumer's creation before it exists, if it does. */
  readonly creationRefusedBy?: string;
  /** The fact that says what a removal before its consumers does otherwise. */
  readonly removalFact?: string;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
/** A whole ARN or name in JSON text: a string's end follows it, in the stack or in a policy it holds. */
const whole = (name: string): string[] => [`${name}"`, `${name}\\"`];

/** Every kind of resource that crosses accounts by name. */
export const CROSS_ACCOUNT_NAMES: readonly CrossAccountName[] = [
  {
    resourceType: 'aws_oam_sink',
    what: 'live search sink',
    // One sink per account and Region ([oam-sink-and-link-in-one-region]): its ARN up to the id names it.
    namedBy: (_, { account, region }) => [`:oam:${region}:${account}:sink/`],
    fields: ['applicationLogs.liveSearch', 'governedRegions', 'applicationLogs.optedOutMembers', 'members'],
    removalRefusedBy: 'oam-delete-links-before-sink',
    creationRefusedBy: 'oam-link-needs-sink-and-policy',
  },
  {
    resourceType: 'aws_cloudwatch_log_destination',
    what: 'CloudWatch Logs destination',
    namedBy: (resource, { account, region }) => whole(`:logs:${region}:${account}:destination:${text(resource.name)}`),
    fields: ['applicationLogs.enabled', 'governedRegions', 'applicationLogs.optedOutMembers', 'members'],
    creationRefusedBy: 'logs-destination-policy-before-senders',
    removalFact: 'logs-delete-destination-disables-subscriptions',
  },
  {
    resourceType: 'aws_kms_alias',
    what: 'KMS key alias',
    namedBy: (resource, { account, region }) => whole(`:kms:${region}:${account}:${text(resource.name)}`),
    fields: ['the key alias (AuditNaming)'],
  },
  {
    resourceType: 'aws_s3_bucket',
    what: 'S3 bucket',
    namedBy: (resource) => {
      const bucket = text(resource.bucket);
      return bucket === '' ? [] : [`:::${bucket}/`, ...whole(`:::${bucket}`), ...whole(`"${bucket}`)];
    },
    fields: ['logArchive'],
  },
];
