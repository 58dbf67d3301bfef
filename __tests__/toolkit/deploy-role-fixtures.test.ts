import * as fs from 'fs';
import * as path from 'path';
import { loadConfig } from '../../modules/org-config/load';
import { synthStack } from '../support/synth';
import { FIXTURE_CONFIG, RECORDED_STACKS } from './deploy-role-fixtures';

/*
 * The deploy-role proof's fixtures (__tests__/fixtures/deploy-role) are the stacks a local run
 * deployed: they must be what the code synthesizes today from that run's config, or the proof's
 * tests judge stacks nobody deploys. When a change to the stacks is meant, write them anew:
 *
 *   UPDATE_DEPLOY_ROLE_FIXTURES=1 npm run test:file -- __tests__/toolkit/deploy-role-fixtures.test.ts
 *
 * and, when the change makes new calls, record calls.json with `npm run local` (the fixture's README).
 */

const UPDATE = process.env.UPDATE_DEPLOY_ROLE_FIXTURES === '1';

/** A stack's JSON without cdktf's metadata (`//`: its version, each construct's path), which the synth writes and Terraform ignores. */
function comparable(json: unknown): unknown {
  if (Array.isArray(json)) return json.map(comparable);
  if (json === null || typeof json !== 'object') return json;
  return Object.fromEntries(
    Object.entries(json)
      .filter(([key]) => key !== '//')
      .map(([key, value]) => [key, comparable(value)]),
  );
}

describe("the deploy-role proof's fixtures are a fresh synth of the recorded run's config", () => {
  const config = loadConfig(FIXTURE_CONFIG);
  const stacks = fs.readdirSync(RECORDED_STACKS).sort();

  test('they hold the guardrails and log-archive stacks', () => {
    expect(stacks).toEqual(['guardrails', 'log-archive']);
  });

  test.each(stacks)('%s', (stack) => {
    const file = path.join(RECORDED_STACKS, stack, 'cdk.tf.json');
    const fresh = synthStack(config, stack) as Record<string, unknown>;
    if (UPDATE) fs.writeFileSync(file, `${JSON.stringify(fresh, null, 2)}\n`);
    const recorded = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(comparable(recorded)).toEqual(comparable(fresh));
  });
});
