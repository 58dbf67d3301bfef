import { execFileSync } from 'child_process';
import * as path from 'path';
import {
  coveredServices,
  coverageProblems,
  EVASION_COVERAGE_BOTOCORE_VERSION,
} from '../../modules/catalogs/evasion-api-coverage';
import { ROOT } from '../support/synth';

/*
 * The evasion pack's API coverage (modules/catalogs/evasion-api-coverage.ts) against the installed
 * botocore's models, read the way the harness's model check reads them (e2e/harness/
 * aws_model_check.py, with the python that runs moto): an operation of a watched service that no
 * record places fails, named with its detection and where to place it, and so does a placed
 * operation the models lack. A newer botocore is how new operations of AWS reach this test.
 */

const python = process.env.E2E_PYTHON || 'python3';

/** The installed botocore's version and the operations of each service the coverage watches. */
function installedModels(): { botocore: string; operations: Record<string, string[]> } {
  const script = path.join(ROOT, 'e2e', 'harness', 'aws_model_check.py');
  const out = execFileSync(python, [script, 'operations', ...coveredServices()], { encoding: 'utf8' });
  return JSON.parse(out) as { botocore: string; operations: Record<string, string[]> };
}

test("every operation of each watched service in the installed botocore's models is placed, and every placed one exists", () => {
  const installed = installedModels();
  expect(coverageProblems(installed.operations, installed.botocore)).toEqual([]);
  if (installed.botocore !== EVASION_COVERAGE_BOTOCORE_VERSION) {
    // The same operations under another release: only the version the record names is stale.
    process.stderr.write(
      `evasion API coverage: made from botocore ${EVASION_COVERAGE_BOTOCORE_VERSION}, checked against ${installed.botocore}; set EVASION_COVERAGE_BOTOCORE_VERSION\n`,
    );
  }
});
