import * as fs from 'fs';
import * as path from 'path';
import { verifyEvidence } from '../../../packages/cli/toolkit/actions/evidence-action';
import { verificationText } from '../../../packages/cli/toolkit/evidence/package-verification';
import { ROOT } from '../../support/root';
import { tempDir } from '../../support/temp';

/*
 * The evidence verify action through its API, as an auditor's script calls it: the repository's
 * example package against the copy it was made from, and the same package with a file edited.
 */
const PACKAGE = path.join(ROOT, 'examples', 'evidence-package');
const LOGS = path.join(ROOT, 'examples', 'evidence');

test('the example package verifies against its copy; the text is the account the command prints', async () => {
  const check = await verifyEvidence({ package: PACKAGE, logs: LOGS });
  expect(check.ok).toBe(true);
  expect(check.mismatches).toEqual([]);
  expect(check.text).toBe(verificationText(check, PACKAGE));
  expect(check.text).toContain(`${PACKAGE}: `);
});

test('an edited file is a mismatch, and the package does not verify', async () => {
  const copy = path.join(tempDir('verify-evidence-action-'), 'package');
  fs.cpSync(PACKAGE, copy, { recursive: true });
  const file = path.join(copy, 'controls', 'compliance.md');
  fs.appendFileSync(file, '\nall controls met\n');
  const check = await verifyEvidence({ package: copy, logs: LOGS });
  expect(check.ok).toBe(false);
  expect(check.mismatches.map((m) => m.file)).toContain('controls/compliance.md');
});
