import { Testing } from 'cdktf';
import { buildStacks } from '../../../stacks';
import {
  Caller,
  Decision,
  evaluate,
  OrganizationLayers,
  parseTerraformPolicy,
  PolicyRequest,
  policyOf,
} from './simulate';
import {
  ORG_ACCOUNTS,
  GUARDRAIL_CASES,
  GUARDRAILS_TEST_CONFIG,
  CHANGED_BY_GUARDRAILS,
  SECURITY,
} from './guardrails-cases';
import { ARCHIVE, LOG_ARCHIVE_CASES, MANAGEMENT, ORG, PAYMENTS } from './log-archive-cases';
import { configOf } from './simulate';
import { GuardrailAttachments } from './organization-layers';
import { synthJson } from '../../support/stack-json';

/*
 * The guardrails, proven with the synthesized documents: every request goes through the caller's
 * identity policy, the SCPs that bind its account, the RCPs of the resource's account and the
 * resource's own policy at once, with the rules AWS applies to decide which of them apply: SCPs
 * bind IAM principals of member accounts (never the management account's, never AWS services),
 * RCPs cover resources of member accounts (never the management account's).
 */

const config = configOf(GUARDRAILS_TEST_CONFIG);
const app = Testing.app();
const stacks = new Map<string, any>(buildStacks(app, config).map((stack) => [stack.node.id, synthJson(stack)]));
const archive = stacks.get('log-archive');
const guardrails = stacks.get('guardrails');
const ROOT = 'r-abcd';

interface SynthesizedPolicy {
  name: string;
  type: string;
  content: string;
}
const attachments = new GuardrailAttachments(guardrails, { accounts: ORG_ACCOUNTS, managementAccountId: MANAGEMENT });
/** The synthesized policies of `type` attached to `target` ("root" for the organization root). */
const attachedTo = (target: string, type: string) => attachments.attachedTo(target, type);

const RESOURCE_POLICIES: Record<string, { policy: unknown; account: string }> = {
  'log bucket': { policy: policyOf(archive, 'aws_s3_bucket_policy', 'archive_logs_'), account: ARCHIVE },
  'member-logs bucket': { policy: policyOf(archive, 'aws_s3_bucket_policy', 'archive_member-logs_'), account: ARCHIVE },
  'access-log bucket': { policy: policyOf(archive, 'aws_s3_bucket_policy', 'archive_access-logs_'), account: ARCHIVE },
  'log key': { policy: policyOf(archive, 'aws_kms_key', 'archive_key_'), account: ARCHIVE },
  'signing key': { policy: policyOf(archive, 'aws_kms_key', 'evidence-signing-key_'), account: ARCHIVE },
  'member account': { policy: undefined, account: PAYMENTS },
  'archive account': { policy: undefined, account: ARCHIVE },
  'trail account': { policy: undefined, account: SECURITY },
  'management account': { policy: undefined, account: MANAGEMENT },
};

/** The account of an IAM caller, or undefined for services and anonymous requests. */
const accountOf = (caller: Caller): string | undefined =>
  caller.kind === 'role' || caller.kind === 'root' ? caller.accountId : undefined;

/** The organization policies AWS applies to a request, from the synthesized attachments. */
const layersFor = (caller: Caller, resourceAccount: string): OrganizationLayers =>
  attachments.layersFor(accountOf(caller), resourceAccount);

/**
 * The request as AWS sends it from inside an organization: principals of member accounts carry
 * `aws:PrincipalOrgID`, and a service acting for an account carries `aws:SourceAccount` (taken from
 * `aws:SourceArn` when only that is given) and, for an account of the organization,
 * `aws:SourceOrgID` (AWS's data perimeter guidance: present whenever `aws:SourceAccount` is).
 */
function asSentByAws(request: PolicyRequest): PolicyRequest {
  const caller = request.caller;
  if (caller.kind === 'role' && caller.orgId === undefined && ORG_ACCOUNTS.has(caller.accountId)) {
    return { ...request, caller: { ...caller, orgId: ORG } };
  }
  if (caller.kind !== 'service') return request;
  const context = { ...(request.context ?? {}) };
  const sourceArn = context['aws:SourceArn'];
  if (context['aws:SourceAccount'] === undefined && typeof sourceArn === 'string') {
    const account = sourceArn.split(':')[4];
    if (/^\d{12}$/.test(account)) context['aws:SourceAccount'] = account;
  }
  const sourceAccount = context['aws:SourceAccount'];
  if (
    typeof sourceAccount === 'string' &&
    ORG_ACCOUNTS.has(sourceAccount) &&
    context['aws:SourceOrgID'] === undefined
  ) {
    context['aws:SourceOrgID'] = ORG;
  }
  return { ...request, context };
}

/** The decision for `request` on the resource `on`, with the guardrails or (`withGuardrails` false) without. */
async function decide(on: string, request: PolicyRequest, withGuardrails = true): Promise<Decision> {
  const target = RESOURCE_POLICIES[on];
  const sent = asSentByAws(request);
  const layers = withGuardrails ? layersFor(sent.caller, target.account) : {};
  const { decision, ignoredContextKeys } = await evaluate(target.policy, target.account, sent, layers);
  expect(ignoredContextKeys).toEqual([]);
  return decision;
}

describe('guardrails, evaluated through every policy layer at once', () => {
  test('the table has at least 40 cases, each with a distinct title', () => {
    expect(GUARDRAIL_CASES.length).toBeGreaterThanOrEqual(40);
    expect(new Set(GUARDRAIL_CASES.map((c) => c.title)).size).toBe(GUARDRAIL_CASES.length);
  });

  test.each(GUARDRAIL_CASES.map((c) => [c.title, c] as const))('%s', async (_title, c) => {
    expect(await decide(c.on, c)).toBe(c.expect);
  });
});

describe("the application logs' protection", () => {
  test('is attached to each sending member of the organization: not to an opted-out one, one outside it or the management account', () => {
    const name = 'audit-logging-application-logs-protection';
    const attachedAt = [...ORG_ACCOUNTS, 'root'].filter((target) =>
      attachedTo(target, 'SERVICE_CONTROL_POLICY').some((p) => p.name === name),
    );
    // payments sends; tooling (666666666666) opted out; sandbox and acquired are outside the organization.
    expect(attachedAt).toEqual([PAYMENTS]);
  });
});

describe('the guardrails block no delivery and no reader: every log archive case, through every layer', () => {
  test.each(LOG_ARCHIVE_CASES.map((c) => [c.title, c] as const))('%s', async (_title, c) => {
    const decision = await decide(c.policy, c);
    const changed = CHANGED_BY_GUARDRAILS.get(c.title);
    if (changed !== undefined) {
      expect(await decide(c.policy, c, false)).toBe('Allowed');
      expect(decision).toBe(changed);
    } else {
      // What the bucket and key policies allow stays allowed; what they refuse stays refused
      // (perhaps now explicitly).
      expect(decision === 'Allowed').toBe((await decide(c.policy, c, false)) === 'Allowed');
    }
  });

  test('the cases the guardrails change exist', () => {
    const titles = new Set(LOG_ARCHIVE_CASES.map((c) => c.title));
    expect([...CHANGED_BY_GUARDRAILS.keys()].filter((title) => !titles.has(title))).toEqual([]);
  });
});

describe('a management account that is also a reader', () => {
  // Same organization, with the management account among the readers: the bucket policy lets it
  // read, and the guardrails (no SCP binds it; the RCP does) still let it read and never delete.
  const withReader = configOf({
    ...GUARDRAILS_TEST_CONFIG,
    logArchive: { ...GUARDRAILS_TEST_CONFIG.logArchive, readerAccountIds: ['333333333333', MANAGEMENT] },
  });
  const synthesized = new Map<string, any>(
    buildStacks(Testing.app(), withReader).map((stack) => [stack.node.id, synthJson(stack)]),
  );
  const bucketPolicy = policyOf(synthesized.get('log-archive'), 'aws_s3_bucket_policy', 'archive_logs_');
  const perimeter = Object.values(
    synthesized.get('guardrails').resource.aws_organizations_policy as Record<string, SynthesizedPolicy>,
  ).find((policy) => policy.type === 'RESOURCE_CONTROL_POLICY');
  const layers: OrganizationLayers = {
    resourceControlPolicies: [
      { orgIdentifier: ROOT, policies: [] },
      {
        orgIdentifier: ARCHIVE,
        policies: [{ name: 'data-perimeter', policy: parseTerraformPolicy(perimeter?.content ?? '') }],
      },
    ],
  };
  const managementAdmin = { kind: 'role', accountId: MANAGEMENT, roleName: 'Admin', orgId: ORG } as const;
  const log = `arn:aws:s3:::acme-audit/AWSLogs/${ORG}/${PAYMENTS}/CloudTrail/eu-west-1/2026/11/21/x.json.gz`;

  test.each([
    ['reads a log', 's3:GetObject', 'Allowed'],
    ['deletes a log version', 's3:DeleteObjectVersion', 'ExplicitlyDenied'],
  ])('management admin %s', async (_title, action, expected) => {
    const { decision } = await evaluate(
      bucketPolicy,
      ARCHIVE,
      { caller: managementAdmin, action, resource: log },
      layers,
    );
    expect(decision).toBe(expected);
  });
});
