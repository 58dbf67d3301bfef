import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { ROOT } from '../../support/synth';

/* What harness.test.ts and harness.integration.test.ts share. */

/** The config npm run e2e deploys. */
export const E2E_CONFIG = path.join(ROOT, 'examples', 'e2e.config.json');

/** .github/workflows/release.yml, the steps of its publish job, and what each runs ('' for none). */
export function releaseWorkflow(): {
  workflow: any;
  steps: { run?: string; name?: string; env?: Record<string, string> }[];
  runs: string[];
} {
  const workflow = parse(fs.readFileSync(path.join(ROOT, '.github', 'workflows', 'release.yml'), 'utf8'));
  const steps = workflow.jobs.publish.steps as { run?: string; name?: string; env?: Record<string, string> }[];
  const runs = steps.map((step) => step.run ?? '');
  return { workflow, steps, runs };
}
