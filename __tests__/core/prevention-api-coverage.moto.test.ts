import { execFileSync } from 'child_process';
import { readFileSync } from 'fs';
import * as path from 'path';
import {
  inScope,
  PREVENTION_API_COVERAGE,
  PREVENTION_COVERAGE_BOTOCORE_VERSION,
  preventionProblems,
  preventionServices,
} from '../../modules/catalogs/prevention-api-coverage';
import { ROOT } from '../support/synth';
import { STATEMENTS } from './prevention-api-coverage.cases';

/*
 * The guardrails' prevention coverage (modules/catalogs/prevention-api-coverage.ts) against the
 * installed botocore's models, read as the evasion coverage reads them (e2e/harness/
 * aws_model_check.py, with the python that runs moto), and against the synthesized guardrails'
 * deny lists: an operation of a covered service that neither a deny list denies nor a group leaves
 * open fails, named with its service and the file; so does a placed operation the models lack. A
 * newer botocore is how new operations of AWS reach this test.
 */

const python = process.env.E2E_PYTHON || 'python3';

/** The installed botocore's version and the operations of each covered service. */
function installedModels(): { botocore: string; operations: Record<string, string[]> } {
  const script = path.join(ROOT, 'e2e', 'harness', 'aws_model_check.py');
  const out = execFileSync(python, [script, 'operations', ...preventionServices()], { encoding: 'utf8' });
  return JSON.parse(out) as { botocore: string; operations: Record<string, string[]> };
}

/** The installed botocore's documentation of each operation named, as plain text. */
function documentation(operations: Record<string, string[]>): Record<string, Record<string, string>> {
  const script = [
    'import json, re, sys, botocore.session',
    'session = botocore.session.get_session()',
    'wanted = json.loads(sys.argv[1])',
    'out = {}',
    'for service, names in wanted.items():',
    '    model = session.get_service_model(service)',
    "    out[service] = {n: re.sub(r'\\s+', ' ', re.sub(r'<[^>]+>', ' ', model.operation_model(n).documentation)) for n in names}",
    'print(json.dumps(out))',
  ].join('\n');
  return JSON.parse(execFileSync(python, ['-c', script, JSON.stringify(operations)], { encoding: 'utf8' })) as Record<
    string,
    Record<string, string>
  >;
}

test("each reason that rests on the models' words is true of each operation of its group", () => {
  const groups = PREVENTION_API_COVERAGE.flatMap((service) =>
    service.leftOut
      .filter((group) => group.modelSays !== undefined)
      .map((group) => ({ service: service.service, says: group.modelSays as string, operations: group.operations })),
  );
  expect(groups.length).toBeGreaterThan(0);
  const wanted: Record<string, string[]> = {};
  for (const group of groups) wanted[group.service] = [...(wanted[group.service] ?? []), ...group.operations];
  const docs = documentation(wanted);
  const untrue = groups.flatMap((group) =>
    group.operations
      .filter((operation) => !docs[group.service][operation].includes(group.says))
      .map((operation) => `${group.service} ${operation}: its documentation does not say "${group.says}"`),
  );
  expect(untrue).toEqual([]);
});

test("the models the fast tier reads (prevention-api-coverage.models.json) are the installed botocore's", () => {
  const installed = installedModels();
  const committed = JSON.parse(readFileSync(path.join(__dirname, 'prevention-api-coverage.models.json'), 'utf8')) as {
    operations: Record<string, string[]>;
  };
  const sorted = (models: Record<string, string[]>) =>
    Object.fromEntries(Object.entries(models).map(([name, operations]) => [name, [...operations].sort()]));
  // A record with a scope (EC2's flow-log operations) keeps its part of the model only.
  const scoped = Object.fromEntries(
    Object.entries(installed.operations).map(([name, operations]) => {
      const record = PREVENTION_API_COVERAGE.find((service) => service.service === name);
      return [name, record === undefined ? operations : inScope(record, operations)];
    }),
  );
  // On a difference: python3 e2e/harness/aws_model_check.py operations <the covered services>, into
  // that file, each scoped service's operations filtered by its record's scope.
  expect(sorted(committed.operations)).toEqual(sorted(scoped));
});

test("every operation of each covered service in the installed botocore's models is denied or left open with its reason, and every placed one exists", () => {
  const installed = installedModels();
  expect(preventionProblems(installed.operations, installed.botocore, STATEMENTS)).toEqual([]);
  if (installed.botocore !== PREVENTION_COVERAGE_BOTOCORE_VERSION) {
    // The same operations under another release: only the version the record names is stale.
    process.stderr.write(
      `prevention API coverage: made from botocore ${PREVENTION_COVERAGE_BOTOCORE_VERSION}, checked against ${installed.botocore}; set PREVENTION_COVERAGE_BOTOCORE_VERSION\n`,
    );
  }
});
