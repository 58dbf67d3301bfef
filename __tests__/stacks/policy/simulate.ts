import { anonymousPrincipal, runSimulation, runUnsafeSimulation, Simulation } from '@cloud-copilot/iam-simulate';
import {
  createValidatedPolicy,
  validateIdentityPolicy,
  validateResourceControlPolicy,
  validateResourcePolicy,
  validateServiceControlPolicy,
  type ValidatedPolicy,
  type ValidationError,
} from '@cloud-copilot/iam-policy';
import { Testing } from 'cdktf';
import { parseConfig } from '../../../modules/org-config/load';
import { OrgConfig } from '../../../modules/org-config/schema';
import { LogArchiveStack } from '../../../stacks';
import { escapeRegExp } from '../../support/regexp';
import { synthJson } from '../../support/stack-json';

/*
 * Evaluates a synthesized resource policy the way AWS does, with @cloud-copilot/iam-simulate: the
 * request's principal, action, resource and context keys against the policy text Terraform will
 * apply, plus, for IAM principals, an identity policy in their own account that allows everything
 * (so the resource policy alone decides what crosses the account boundary).
 */

/** Who makes a request. */
export type Caller =
  | { readonly kind: 'service'; readonly service: string }
  | {
      readonly kind: 'role';
      readonly accountId: string;
      readonly roleName: string;
      /** The role's own IAM policy; default: one that allows everything. */
      readonly identityPolicy?: unknown;
      /** The organization of the role's account (`aws:PrincipalOrgID`); default: none. */
      readonly orgId?: string;
    }
  | { readonly kind: 'root'; readonly accountId: string; readonly orgId?: string }
  | { readonly kind: 'anonymous' };

/** The result AWS would give. */
export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

/** One request to evaluate against a rendered policy. */
export interface PolicyRequest {
  readonly caller: Caller;
  readonly action: string;
  readonly resource: string;
  /** Context keys beyond those every request carries (`aws:SecureTransport`, the principal's). */
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
  /** Sent over plain HTTP. */
  readonly insecure?: boolean;
}

/** An AWS service principal. */
export const service = (name: string): Caller => ({ kind: 'service', service: name });
/**
 * A role session in an account, whose own IAM policy is `identityPolicy` (default: allow everything),
 * in organization `orgId` (default: none).
 */
export const role = (
  accountId: string,
  roleName: string,
  options: { identityPolicy?: unknown; orgId?: string } = {},
): Caller => ({ kind: 'role', accountId, roleName, ...options });
/** The root user of an account. */
export const rootUser = (accountId: string, orgId?: string): Caller => ({ kind: 'root', accountId, orgId });
/** An unsigned request. */
export const ANONYMOUS: Caller = { kind: 'anonymous' };

const ALLOW_EVERYTHING = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

/**
 * Organization policies on the request's path, each level from the root down (see
 * `Simulation.serviceControlPolicies`): SCPs of the caller's account, RCPs of the resource's.
 */
export interface OrganizationLayers {
  readonly serviceControlPolicies?: Simulation['serviceControlPolicies'];
  readonly resourceControlPolicies?: Simulation['resourceControlPolicies'];
}

/**
 * Evaluates `request` against `policy`, a resource policy of a resource in `resourceAccountId`
 * (`undefined` for a resource without one), under the organization policies of `layers`.
 */
export async function evaluate(
  policy: unknown,
  resourceAccountId: string,
  request: PolicyRequest,
  layers: OrganizationLayers = {},
): Promise<{ decision: Decision; ignoredContextKeys: string[] }> {
  const caller = request.caller;
  const context: Record<string, string | string[]> = {
    'aws:SecureTransport': request.insecure ? 'false' : 'true',
    'aws:PrincipalIsAWSService': caller.kind === 'service' ? 'true' : 'false',
  };
  let principal: Simulation['request']['principal'];
  if (caller.kind === 'service') principal = caller.service;
  else if (caller.kind === 'anonymous') principal = anonymousPrincipal;
  else if (caller.kind === 'root') {
    principal = `arn:aws:iam::${caller.accountId}:root`;
    context['aws:PrincipalArn'] = principal;
    context['aws:PrincipalAccount'] = caller.accountId;
    if (caller.orgId !== undefined) context['aws:PrincipalOrgID'] = caller.orgId;
  } else {
    principal = `arn:aws:sts::${caller.accountId}:assumed-role/${caller.roleName}/audit-test`;
    context['aws:PrincipalArn'] = `arn:aws:iam::${caller.accountId}:role/${caller.roleName}`;
    context['aws:PrincipalAccount'] = caller.accountId;
    if (caller.orgId !== undefined) context['aws:PrincipalOrgID'] = caller.orgId;
  }
  for (const [key, value] of Object.entries(request.context ?? {})) context[key] = value as string | string[];

  const simulation: Simulation = {
    request: {
      principal,
      action: request.action,
      resource: { resource: request.resource, accountId: resourceAccountId },
      contextVariables: context,
    },
    identityPolicies:
      caller.kind === 'role'
        ? [{ name: 'identity-policy', policy: caller.identityPolicy ?? ALLOW_EVERYTHING }]
        : caller.kind === 'root'
          ? [{ name: 'root-user', policy: ALLOW_EVERYTHING }]
          : [],
    serviceControlPolicies: layers.serviceControlPolicies ?? [],
    resourceControlPolicies: layers.resourceControlPolicies ?? [],
    resourcePolicy: policy,
  };
  const result = await runSimulation(validatedOnce(simulation), { simulationMode: 'Strict' });
  if (result.resultType === 'error') throw new Error(`simulation failed: ${JSON.stringify(result.errors)}`);
  if (result.resultType === 'wildcard') {
    // An action on no resource type ("Resource": "*", such as config:PutDeliveryChannel).
    const ignoredKeys = [...new Set(result.results.flatMap((r) => r.ignoredContextKeys ?? []))];
    return { decision: result.overallResult as Decision, ignoredContextKeys: ignoredKeys };
  }
  const ignored = result.result.ignoredContextKeys ?? [];
  if (ignored.length > 0 && ignored.every((key) => UNRECOGNIZED_CONTEXT_KEY.test(key))) {
    // iam-simulate 0.1.173 validates context keys against its catalog, where the encryption context
    // key is a pattern (kms:EncryptionContext:${EncryptionContextKey}) that it matches only for
    // "/"-separated keys, and drops the key. Its policy engine evaluates the key all the same: run the
    // same request without that validation (the policy is passed pre-validated, in the documented
    // ValidatedPolicy shape, which also gives it the name the unvalidated engine reports with).
    const validated = { __validated: true, policyDocument: policy, metadata: { name: 'resource-policy' }, errors: [] };
    // The unvalidated engine does not add AWS's RCPFullAWSAccess to each level as the validated one
    // does: add it here, so that an RCP level allows what its policies do not deny.
    const resourceControlPolicies = simulation.resourceControlPolicies.map((level) => ({
      ...level,
      policies: [{ name: 'RCPFullAWSAccess', policy: RCP_FULL_AWS_ACCESS }, ...level.policies],
    }));
    const decision = runUnsafeSimulation(
      { ...simulation, resourcePolicy: validated, resourceControlPolicies },
      { simulationMode: 'Strict' },
    );
    return { decision: decision as Decision, ignoredContextKeys: [] };
  }
  return { decision: result.overallResult as Decision, ignoredContextKeys: ignored };
}

/** Policies validated already, by validation (a policy's kind) and then by text. */
const VALIDATED = new Map<(policy: unknown) => ValidationError[], Map<string, ValidatedPolicy>>();

/** `policy` validated as `validate` does, once for each text: the ValidatedPolicy the simulator takes instead of a document. */
function validatedPolicy(policy: unknown, validate: (policy: unknown) => ValidationError[]): ValidatedPolicy {
  const byText = VALIDATED.get(validate) ?? new Map<string, ValidatedPolicy>();
  VALIDATED.set(validate, byText);
  const text = JSON.stringify(policy);
  const known = byText.get(text);
  if (known !== undefined) return known;
  const validated = createValidatedPolicy(policy, validate);
  byText.set(text, validated);
  return validated;
}

/**
 * `simulation` with each policy validated once: the simulator validates every policy of every request
 * unless it is passed as a ValidatedPolicy (iam-simulate's `validateOrReuse`), and the same
 * organization policies are on the path of thousands of requests. It still refuses one with errors.
 */
function validatedOnce(simulation: Simulation): Simulation {
  const named = (validate: (policy: unknown) => ValidationError[]) => (entry: { name: string; policy: unknown }) => ({
    ...entry,
    policy: validatedPolicy(entry.policy, validate),
  });
  const levels =
    (validate: (policy: unknown) => ValidationError[]) => (level: Simulation['serviceControlPolicies'][number]) => ({
      ...level,
      policies: level.policies.map(named(validate)),
    });
  return {
    ...simulation,
    identityPolicies: simulation.identityPolicies.map(named(validateIdentityPolicy)),
    serviceControlPolicies: simulation.serviceControlPolicies.map(levels(validateServiceControlPolicy)),
    resourceControlPolicies: simulation.resourceControlPolicies.map(levels(validateResourceControlPolicy)),
    resourcePolicy:
      simulation.resourcePolicy === undefined
        ? undefined
        : validatedPolicy(simulation.resourcePolicy, validateResourcePolicy),
  };
}

/** AWS's default key policy: the account's IAM policies decide (the KMS developer guide's "Default key policy"). */
export const defaultKeyPolicy = (account: string) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' }],
});

/**
 * Whether the simulator takes `action` on `resource` (in `account`) at all: it refuses a resource of
 * none of the action's types. A template's `${...}` matches across "/" (templateShape), so a bucket's
 * template matches an object's ARN; the simulator knows the types apart.
 */
export async function simulatorTakes(action: string, resource: string, account: string): Promise<boolean> {
  const result = await runSimulation(
    {
      request: {
        principal: `arn:aws:iam::${account}:root`,
        action,
        resource: { resource, accountId: account },
        contextVariables: {},
      },
      identityPolicies: [],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    { simulationMode: 'Strict' },
  );
  return result.resultType !== 'error';
}

/** An ARN template of the Service Authorization Reference as a pattern: each `${...}` is one or more characters. */
export function templateShape(template: string): RegExp {
  return new RegExp(
    `^${template
      .split(/\$\{[^}]+\}/)
      .map(escapeRegExp)
      .join('.+')}$`,
  );
}

/** AWS's own resource control policy, attached to every root, OU and account. */
const RCP_FULL_AWS_ACCESS = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }],
};

/** Context keys AWS sends that the simulator's validation does not recognize (see `evaluate`). */
const UNRECOGNIZED_CONTEXT_KEY = /^kms:EncryptionContext:/;

/** The log-archive stack of `config`, synthesized as Terraform JSON. */
export function synthLogArchive(config: OrgConfig): Record<string, any> {
  return synthJson(new LogArchiveStack(Testing.app(), config));
}

/** The config file text of a config object, parsed and validated like a user's file. */
export function configOf(input: unknown): OrgConfig {
  return parseConfig(JSON.stringify(input));
}

/** The trust policy (parsed) of the role named `roleName` in a synthesized stack. */
export function trustPolicyOf(synth: Record<string, any>, roleName: string): unknown {
  const roles = Object.values(
    (synth.resource?.aws_iam_role ?? {}) as Record<string, { name: string; assume_role_policy: string }>,
  );
  const found = roles.find((r) => r.name === roleName);
  if (found === undefined) throw new Error(`no role ${roleName}`);
  return parseTerraformPolicy(found.assume_role_policy);
}

/** The policy (parsed) of the one resource of `type` whose address contains `addressPart`. */
export function policyOf(synth: Record<string, any>, type: string, addressPart: string): unknown {
  const resources = Object.entries((synth.resource?.[type] ?? {}) as Record<string, { policy: string }>).filter(
    ([name]) => name.includes(addressPart),
  );
  if (resources.length !== 1) throw new Error(`expected one ${type} matching ${addressPart}, got ${resources.length}`);
  return parseTerraformPolicy(resources[0][1].policy);
}

/** A policy as Terraform sends it to AWS: `$${...}` in the JSON is a literal `${...}` (a policy variable). */
export function parseTerraformPolicy(text: string): unknown {
  return JSON.parse(text.replace(/\$\$\{/g, '${'));
}
