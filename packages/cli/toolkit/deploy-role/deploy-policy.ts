import { type ForwardAccess, RESOURCE_ACTIONS, type ResourceActions } from './resource-actions';
import { ACTIONS_WITHOUT_RESOURCE_TYPES, GLOBAL_SERVICES } from './action-scopes';
import { AuditLoggingError } from '@audit-logging/cdktf/toolkit-api/core';

/*
 * The IAM policy a stack's deploy role needs, derived from the stack's Terraform JSON: for each
 * resource and data source type the stack holds, the actions the AWS provider calls to create,
 * read (refresh, plan, import), update, tag and delete it (resource-actions.ts), plus the roles
 * it passes to AWS services. Each action is scoped to the stack's account and Regions where the
 * Service Authorization Reference gives it a resource type (action-scopes.ts), S3 to the stack's
 * own buckets, IAM to the stack's own roles and policies (and the service-linked roles AWS makes
 * for it), Organizations and an organization trail to the management account that owns them, iam:PassRole to the roles its resources hand over; actions without one get "*", the only resource AWS evaluates them against, held to
 * the stack's Regions by `aws:RequestedRegion` where the service is regional.
 */

/** A synthesized stack's Terraform JSON, as far as the policy derivation reads it. */
export interface DeployStackJson {
  readonly provider?: {
    readonly aws?: readonly {
      readonly alias?: string;
      readonly region?: string;
      readonly allowed_account_ids?: readonly string[];
      readonly assume_role?: readonly { readonly role_arn?: string; readonly session_name?: string }[];
    }[];
  };
  readonly resource?: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, unknown>>>>>>;
  readonly data?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** One statement of an IAM policy document. */
export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Action: string[];
  readonly Resource: string | string[];
  readonly Condition?: Record<string, Record<string, string[]>>;
}

/** An IAM policy document. */
export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: PolicyStatement[];
}

/** What a stack's deploy role needs, and where it comes from. */
export interface DeployPolicy {
  readonly stack: string;
  readonly accountId: string;
  readonly partition: string;
  /** The Regions of the stack's providers. */
  readonly regions: string[];
  /** The Terraform types the stack holds (`data.` before a data source), sorted. */
  readonly types: string[];
  /** Every action granted, sorted (iam:PassRole among them when a type passes a role). */
  readonly actions: string[];
  /** The services the stack passes roles to (`iam:PassedToService`). */
  readonly passedToServices: string[];
  readonly document: PolicyDocument;
}

/**
 * Who owns what a stack touches outside its own account, as AWS authorizes it: every resource of
 * AWS Organizations (its policies, roots, OUs and accounts) and an organization trail name the
 * management account in their ARNs, whichever account creates or changes them (a delegated
 * administrator's organization trail or policies).
 */
export interface OrganizationOwner {
  /** The organization's management account (config `organization.managementAccountId`). */
  readonly managementAccountId: string;
}

/** A stack holds a type the action table does not know: the policy cannot be derived. */
export class UnknownResourceTypeError extends AuditLoggingError {
  public static override readonly kind = 'usage' as const;
}

/** Types of Terraform's own built-in provider: they call no AWS API. */
export const TERRAFORM_BUILTIN_TYPES: ReadonlySet<string> = new Set(['terraform_data']);

/** Every AWS Terraform type a stack holds: resources by name, data sources as `data.<type>`. */
export function stackTypes(stack: DeployStackJson): string[] {
  return [
    ...Object.keys(stack.resource ?? {}).filter((type) => !TERRAFORM_BUILTIN_TYPES.has(type)),
    ...Object.keys(stack.data ?? {}).map((type) => `data.${type}`),
  ].sort();
}

/**
 * The literal value of a stack attribute: itself, or the input a `terraform_data` holds for it
 * (`${terraform_data.<id>.output["<key>"]}`, as modules/kms/key-arn.ts writes a key's alias).
 */
export function literalThroughData(stack: DeployStackJson, value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (!value.includes('${')) return value;
  const ref = /^\$\{terraform_data\.([^.}]+)\.output\["([^"]+)"\]\}$/.exec(value);
  const input = ref === null ? undefined : (stack.resource?.terraform_data?.[ref[1]]?.input as Record<string, unknown>);
  const held = input?.[ref?.[2] ?? ''];
  return typeof held === 'string' && !held.includes('${') ? held : undefined;
}

/**
 * The keys of other accounts a stack reads by their ARN or alias ARN (the log key, from a trail's
 * stack), as the key ARNs IAM authorizes DescribeKey on: `arn:<p>:kms:<region>:<owner>:key/*`.
 */
export function otherAccountKeyArns(stack: DeployStackJson, accountId: string): string[] {
  const arns = Object.values(stack.data?.aws_kms_key ?? {})
    .map((lookup) => literalThroughData(stack, (lookup as { key_id?: unknown }).key_id))
    .map((keyId) => /^arn:([^:]+):kms:([^:]+):(\d{12}):/.exec(keyId ?? ''))
    .filter((match): match is RegExpExecArray => match !== null && match[3] !== accountId)
    .map(([, partition, region, owner]) => `arn:${partition}:kms:${region}:${owner}:key/*`);
  return [...new Set(arns)].sort();
}

/**
 * The CloudWatch Logs destinations of other accounts a stack's account-level subscription policies
 * name (the log archive's, from a member's stack): a subscription to one is authorized against the
 * destination too ([logs-put-subscription-filter-on-other-accounts-destination]).
 */
export function otherAccountLogDestinations(stack: DeployStackJson, accountId: string): string[] {
  const arns = Object.values(stack.resource?.aws_cloudwatch_log_account_policy ?? {})
    .map((policy) => {
      try {
        return (
          JSON.parse(String((policy as { policy_document?: unknown }).policy_document)) as { DestinationArn?: unknown }
        ).DestinationArn;
      } catch {
        return undefined;
      }
    })
    .filter((arn): arn is string => {
      const owner = typeof arn === 'string' ? /^arn:[^:]+:logs:[^:]+:(\d{12}):destination:/.exec(arn)?.[1] : undefined;
      return owner !== undefined && owner !== accountId;
    });
  return [...new Set(arns)].sort();
}

/**
 * The OAM sinks of other accounts a stack's links name (the log archive's, from a member's stack):
 * CreateLink is authorized against the sink ([oam-create-link-on-other-accounts-sink]).
 */
export function otherAccountOamSinks(stack: DeployStackJson, accountId: string): string[] {
  const arns = Object.values(stack.resource?.aws_oam_link ?? {})
    .map((link) => (link as { sink_identifier?: unknown }).sink_identifier)
    .filter((arn): arn is string => {
      const owner = typeof arn === 'string' ? /^arn:[^:]+:oam:[^:]+:(\d{12}):sink\//.exec(arn)?.[1] : undefined;
      return owner !== undefined && owner !== accountId;
    });
  return [...new Set(arns)].sort();
}

/** The rows of the action table for `types`, or an error naming every type it lacks. */
export function actionRows(stackName: string, types: readonly string[]): ResourceActions[] {
  const missing = types.filter((type) => RESOURCE_ACTIONS[type] === undefined);
  if (missing.length > 0) {
    throw new UnknownResourceTypeError(
      `stack ${stackName} holds ${missing.join(', ')}, which toolkit/deploy-role/resource-actions.ts does not list: ` +
        'add each with the actions the provider calls for it and their sources',
    );
  }
  return types.map((type) => RESOURCE_ACTIONS[type]);
}

/** The resources (or data sources) of one type in a stack. */
function resourcesOf(stack: DeployStackJson, type: string): unknown[] {
  const byName = type.startsWith('data.') ? stack.data?.[type.slice(5)] : stack.resource?.[type];
  return Object.values(byName ?? {});
}

/** Whether `value` has `attribute` set at any depth (a role ARN in a nested block counts). */
function holdsAttribute(value: unknown, attribute: string): boolean {
  return valuesAt(value, attribute).length > 0;
}

/**
 * Every value set for `attribute` at any depth of `value` (and inside such a value, when it is not a
 * string), JSON documents held as strings included (a subscription policy's RoleArn).
 */
function valuesAt(value: unknown, attribute: string): unknown[] {
  if (Array.isArray(value)) return value.flatMap((item) => valuesAt(item, attribute));
  if (typeof value === 'string' && value.startsWith('{') && value.includes(`"${attribute}"`)) {
    try {
      return valuesAt(JSON.parse(value), attribute);
    } catch {
      return [];
    }
  }
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, item]) => [
    ...(key === attribute && item !== undefined && item !== null ? [item] : []),
    ...(key === attribute && typeof item === 'string' ? [] : valuesAt(item, attribute)),
  ]);
}

/** The IAM service prefix of an action (`s3` of `s3:PutObject`). */
export const servicePrefix = (action: string): string => action.slice(0, action.indexOf(':'));

/** A literal string of the synth: not a reference Terraform resolves at apply time. */
const isLiteral = (value: unknown): value is string => typeof value === 'string' && !value.includes('${');

/** The literal names of the stack's buckets, or undefined when one is computed at apply time. */
function bucketNames(stack: DeployStackJson): string[] | undefined {
  const buckets = Object.values(stack.resource?.aws_s3_bucket ?? {}).map((bucket) => bucket.bucket);
  if (!buckets.every(isLiteral)) return undefined;
  return [...new Set(buckets as string[])].sort();
}

/**
 * The `<path><name>` of each IAM role and customer managed policy the stack creates (`/audit-x`
 * under the default path), or undefined when a name or path is computed at apply time. `others`
 * are the roles it does not create but attaches policies to, named literally (QuickSight's service
 * role), as `/<name>` whatever their path: IAM's role actions reach them too, iam:PassRole does not.
 */
function iamNames(stack: DeployStackJson): { roles: string[]; policies: string[]; others: string[] } | undefined {
  const named = (type: string) =>
    Object.values(stack.resource?.[type] ?? {}).map((resource) => ({
      name: resource.name,
      path: resource.path ?? '/',
    }));
  const all = [...named('aws_iam_role'), ...named('aws_iam_policy')];
  if (all.some(({ name, path }) => !isLiteral(name) || !isLiteral(path))) return undefined;
  const pathName = ({ name, path }: { name: unknown; path: unknown }) => `${String(path)}${String(name)}`;
  const roles = named('aws_iam_role').map(pathName).sort();
  const others = ['aws_iam_role_policy_attachment', 'aws_iam_role_policy']
    .flatMap((type) => Object.values(stack.resource?.[type] ?? {}).map((resource) => resource.role))
    .filter(isLiteral)
    .map((name) => `/${name}`)
    .filter((role) => !roles.includes(role));
  return { roles, policies: named('aws_iam_policy').map(pathName).sort(), others: [...new Set(others)].sort() };
}

/**
 * The role ARNs a stack's resources hand to services: each of its own roles a pass-role attribute
 * refers to (`${aws_iam_role.<id>.arn}`), and each role ARN such an attribute names literally. A
 * value it cannot read (another kind of reference) hands over any of its own roles.
 */
function passedRoleArns(
  stack: DeployStackJson,
  types: readonly string[],
  partition: string,
  accountId: string,
): string[] {
  const roles = stack.resource?.aws_iam_role ?? {};
  const arnOf = (id: string) =>
    `arn:${partition}:iam::${accountId}:role${String(roles[id]?.path ?? '/')}${String(roles[id]?.name)}`;
  const passed = new Set<string>();
  for (const type of types) {
    for (const pass of RESOURCE_ACTIONS[type].passRole ?? []) {
      const values = resourcesOf(stack, type).flatMap((resource) => valuesAt(resource, pass.attribute));
      for (const item of values.filter((value): value is string => typeof value === 'string')) {
        if (isLiteral(item))
          passed.add(item.startsWith('arn:') ? item : `arn:${partition}:iam::${accountId}:role/${item}`);
        else {
          const own = /^\$\{aws_iam_role\.([^.}]+)\.arn\}$/.exec(item)?.[1];
          for (const id of own !== undefined && roles[own] !== undefined ? [own] : Object.keys(roles))
            passed.add(arnOf(id));
        }
      }
    }
  }
  return [...passed].sort();
}

/**
 * The names of the organization trails a stack creates ([cloudtrail-organization-trail-arn-names-management-account]):
 * their ARNs name the management account, not the stack's.
 */
export function organizationTrailNames(stack: DeployStackJson): string[] {
  return Object.values(stack.resource?.aws_cloudtrail ?? {})
    .filter((trail) => trail.is_organization_trail === true)
    .map((trail) => trail.name)
    .filter(isLiteral)
    .sort();
}

/** The resources a scoped action of `service` may touch: the stack's account and Regions, and what the organization owns. */
function scopedResources(
  service: string,
  partition: string,
  accountId: string,
  regions: readonly string[],
  owner: OrganizationOwner,
  buckets?: string[],
  iam?: { roles: string[]; others: string[]; policies: string[]; serviceLinked: boolean },
  organizationTrails: readonly string[] = [],
): string[] {
  if (service === 'iam' && iam !== undefined) {
    const arns = [
      ...iam.roles.map((role) => `arn:${partition}:iam::${accountId}:role${role}`),
      // A role the stack attaches to but does not create is named without its path, which IAM's ARN
      // holds: QuickSight's service role is role/service-role/aws-quicksight-service-role-v0 (AWS
      // Knowledge Center, "quicksight-permission-errors"). Its name under the default path or any other.
      ...iam.others.flatMap((role) => [
        `arn:${partition}:iam::${accountId}:role${role}`,
        `arn:${partition}:iam::${accountId}:role/*${role}`,
      ]),
      ...iam.policies.map((policy) => `arn:${partition}:iam::${accountId}:policy${policy}`),
      // What AWS creates for the stack's organization features (iam:CreateServiceLinkedRole).
      ...(iam.serviceLinked ? [`arn:${partition}:iam::${accountId}:role/aws-service-role/*`] : []),
    ];
    if (arns.length > 0) return arns;
  }
  if (service === 's3') {
    return buckets === undefined
      ? [`arn:${partition}:s3:::*`]
      : buckets.flatMap((bucket) => [`arn:${partition}:s3:::${bucket}`, `arn:${partition}:s3:::${bucket}/*`]);
  }
  if (service === 'organizations') return [`arn:${partition}:organizations::${owner.managementAccountId}:*`];
  if (GLOBAL_SERVICES.has(service)) return [`arn:${partition}:${service}::${accountId}:*`];
  const own = regions.map((region) => `arn:${partition}:${service}:${region}:${accountId}:*`);
  if (service !== 'cloudtrail' || owner.managementAccountId === accountId) return own;
  const trails = organizationTrails.flatMap((name) =>
    regions.map((region) => `arn:${partition}:cloudtrail:${region}:${owner.managementAccountId}:trail/${name}`),
  );
  return [...own, ...trails];
}

/** A statement id from a service prefix: `Scoped` + `AccessAnalyzer`. */
function sid(prefix: string, service: string): string {
  return (
    prefix +
    service
      .split(/[^a-z0-9]/i)
      .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
      .join('')
  );
}

/** The deploy role's policy for one synthesized stack of the organization `owner` describes. */
export function deployPolicy(stackName: string, stack: DeployStackJson, owner: OrganizationOwner): DeployPolicy {
  const providers = stack.provider?.aws ?? [];
  const accountIds = [...new Set(providers.flatMap((p) => p.allowed_account_ids ?? []))];
  if (accountIds.length !== 1) {
    throw new Error(
      `stack ${stackName}: its providers name ${accountIds.length === 0 ? 'no account' : `accounts ${accountIds.join(', ')}`} ` +
        'in allowed_account_ids; a deploy policy is for one account',
    );
  }
  const accountId = accountIds[0];
  const roleArn = providers.flatMap((p) => p.assume_role ?? []).find((r) => r.role_arn !== undefined)?.role_arn;
  const partition = /^arn:([^:]+):/.exec(roleArn ?? '')?.[1] ?? 'aws';
  const regions = [...new Set(providers.flatMap((p) => (p.region === undefined ? [] : [p.region])))].sort();
  const types = stackTypes(stack);
  const rows = actionRows(stackName, types);
  const passedToServices = [
    ...new Set(
      types.flatMap((type) =>
        (RESOURCE_ACTIONS[type].passRole ?? [])
          .filter((pass) => resourcesOf(stack, type).some((resource) => holdsAttribute(resource, pass.attribute)))
          .map((pass) => pass.toService),
      ),
    ),
  ].sort();
  // A forward access action is granted only through its service, unless another call needs it plainly.
  const granted = new Set(
    rows.flatMap((row) => {
      const forwarded = new Set((row.forwardAccess ?? []).flatMap((access) => access.actions));
      return [...row.create, ...row.read, ...row.update, ...row.delete].filter((action) => !forwarded.has(action));
    }),
  );
  const buckets = bucketNames(stack);
  const names = iamNames(stack);
  const iam = names === undefined ? undefined : { ...names, serviceLinked: granted.has('iam:CreateServiceLinkedRole') };

  const byService = new Map<string, { scoped: string[]; unscoped: string[] }>();
  for (const action of [...granted].sort()) {
    const service = servicePrefix(action);
    const entry = byService.get(service) ?? { scoped: [], unscoped: [] };
    (ACTIONS_WITHOUT_RESOURCE_TYPES.has(action) ? entry.unscoped : entry.scoped).push(action);
    byService.set(service, entry);
  }
  const statements: PolicyStatement[] = [];
  for (const [service, { scoped, unscoped }] of [...byService].sort(([a], [b]) => a.localeCompare(b))) {
    if (scoped.length > 0) {
      statements.push({
        Sid: sid('Scoped', service),
        Effect: 'Allow',
        Action: scoped,
        Resource: scopedResources(
          service,
          partition,
          accountId,
          regions,
          owner,
          buckets,
          iam,
          organizationTrailNames(stack),
        ),
      });
    }
    if (unscoped.length > 0) {
      statements.push({
        Sid: sid('Unscoped', service),
        Effect: 'Allow',
        Action: unscoped,
        Resource: '*',
        ...(GLOBAL_SERVICES.has(service) ? {} : { Condition: { StringEquals: { 'aws:RequestedRegion': regions } } }),
      });
    }
  }
  const otherKeys = otherAccountKeyArns(stack, accountId);
  if (otherKeys.length > 0) {
    // Only what the key's own policy also allows this account: DescribeKey ([cloudtrail-kms-key-read-back-as-key-arn]).
    statements.push({
      Sid: 'DescribeOtherAccountsKeys',
      Effect: 'Allow',
      Action: ['kms:DescribeKey'],
      Resource: otherKeys,
    });
  }
  const destinations = otherAccountLogDestinations(stack, accountId);
  if (destinations.length > 0) {
    // Only what each destination's own access policy also allows this account.
    statements.push({
      Sid: 'SubscribeToOtherAccountsDestinations',
      Effect: 'Allow',
      Action: ['logs:PutSubscriptionFilter'],
      Resource: destinations,
    });
  }
  const sinks = otherAccountOamSinks(stack, accountId);
  if (sinks.length > 0) {
    // Only what each sink's own policy also allows this account.
    statements.push({
      Sid: 'LinkToOtherAccountsSinks',
      Effect: 'Allow',
      Action: ['oam:CreateLink'],
      Resource: sinks,
    });
  }
  for (const statement of forwardAccessStatements(stack, types, partition, accountId)) {
    statements.push(statement);
    for (const action of statement.Action) granted.add(action);
  }
  if (passedToServices.length > 0) {
    statements.push({
      Sid: 'PassRolesToServices',
      Effect: 'Allow',
      Action: ['iam:PassRole'],
      Resource:
        names === undefined
          ? [`arn:${partition}:iam::${accountId}:role/*`]
          : passedRoleArns(stack, types, partition, accountId),
      Condition: { StringEquals: { 'iam:PassedToService': passedToServices } },
    });
    granted.add('iam:PassRole');
  }
  return {
    stack: stackName,
    accountId,
    partition,
    regions,
    types,
    actions: [...granted].sort(),
    passedToServices,
    document: { Version: '2012-10-17', Statement: statements },
  };
}

/** The Region of a resource: its provider's (`aws.<alias>`), else the default provider's. */
export function resourceRegion(
  stack: DeployStackJson,
  resource: Readonly<Record<string, unknown>>,
): string | undefined {
  const providers = stack.provider?.aws ?? [];
  return (
    providers.find((p) => p.alias !== undefined && resource.provider === `aws.${p.alias}`)?.region ??
    providers.find((p) => p.alias === undefined)?.region
  );
}

/**
 * The KMS actions services call with the deploy role's own credentials (forward access sessions,
 * [kms-via-service-forward-access]) for the resources that name a key: on that key (its literal ARN,
 * or the account's keys of the resource's Region when the key is made at apply time), only with
 * kms:ViaService the service of that Region. One statement per service.
 */
function forwardAccessStatements(
  stack: DeployStackJson,
  types: readonly string[],
  partition: string,
  accountId: string,
): PolicyStatement[] {
  const byService = new Map<string, { actions: Set<string>; keys: Set<string>; via: Set<string> }>();
  for (const type of types) {
    for (const access of RESOURCE_ACTIONS[type].forwardAccess ?? []) {
      for (const resource of resourcesOf(stack, type) as Readonly<Record<string, unknown>>[]) {
        const keys = forwardedKeys(stack, access, resource);
        const region = resourceRegion(stack, resource);
        if (keys.length === 0 || region === undefined) continue;
        const entry = byService.get(access.viaService) ?? { actions: new Set(), keys: new Set(), via: new Set() };
        for (const action of access.actions) entry.actions.add(action);
        for (const key of keys)
          entry.keys.add(isLiteral(key) ? key : `arn:${partition}:kms:${region}:${accountId}:key/*`);
        entry.via.add(`${access.viaService}.${region}.amazonaws.com`);
        byService.set(access.viaService, entry);
      }
    }
  }
  return [...byService]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([service, entry]) => ({
      Sid: sid('ForwardAccess', service),
      Effect: 'Allow' as const,
      Action: [...entry.actions].sort(),
      Resource: [...entry.keys].sort(),
      Condition: { StringEquals: { 'kms:ViaService': [...entry.via].sort() } },
    }));
}

/**
 * The keys a service uses with the caller's credentials for `resource`: those it names, or those
 * another resource of the stack in the same Region names (a Glue catalog's settings for its tables).
 */
export function forwardedKeys(
  stack: DeployStackJson,
  access: ForwardAccess,
  resource: Readonly<Record<string, unknown>>,
): string[] {
  const holders =
    access.keyOfType === undefined
      ? [resource]
      : (resourcesOf(stack, access.keyOfType) as Readonly<Record<string, unknown>>[]).filter(
          (holder) => resourceRegion(stack, holder) === resourceRegion(stack, resource),
        );
  return holders.flatMap((holder) =>
    valuesAt(holder, access.keyAttribute).filter((key): key is string => typeof key === 'string'),
  );
}

/** The policy of a role that deploys several stacks into one account: the union of theirs. */
export function accountPolicy(policies: readonly DeployPolicy[]): PolicyDocument {
  const statements = new Map<string, PolicyStatement>();
  for (const policy of policies) {
    for (const statement of policy.document.Statement) {
      const known = statements.get(statement.Sid);
      if (known === undefined) {
        statements.set(statement.Sid, structuredClone(statement));
        continue;
      }
      const union = (a: string | string[], b: string | string[]): string | string[] =>
        a === '*' || b === '*' ? '*' : [...new Set([...[a].flat(), ...[b].flat()])].sort();
      const merged: PolicyStatement = {
        ...known,
        Action: [...new Set([...known.Action, ...statement.Action])].sort(),
        Resource: union(known.Resource, statement.Resource),
        ...(known.Condition === undefined
          ? {}
          : {
              Condition: Object.fromEntries(
                Object.entries(known.Condition).map(([operator, keys]) => [
                  operator,
                  Object.fromEntries(
                    Object.entries(keys).map(([key, values]) => [
                      key,
                      [...new Set([...values, ...(statement.Condition?.[operator]?.[key] ?? [])])].sort(),
                    ]),
                  ),
                ]),
              ),
            }),
      };
      statements.set(statement.Sid, merged);
    }
  }
  return { Version: '2012-10-17', Statement: [...statements.values()].sort((a, b) => a.Sid.localeCompare(b.Sid)) };
}
