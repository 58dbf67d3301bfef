import * as fs from 'fs';
import * as path from 'path';
import { tempDir } from '../../support/temp';
import { DEPLOY_RECORD_FILE, DeployRecord } from '../../../packages/cli/toolkit/terraform/stack-files';

/*
 * The deploy record (<out>/deploy-record.json) is what --resume skips by. Two deploys of one synth
 * folder at once (two terminals, one stack each) must both be recorded.
 */

const applied = (digest: string) => ({ stackDigest: digest, appliedAt: '2026-11-23T21:00:00.000Z', seconds: 1 });

test('a stack applied by another deploy of the same folder meanwhile stays recorded', () => {
  const out = tempDir('deploy-record');
  const first = new DeployRecord(out);
  const second = new DeployRecord(out);
  first.record('log-archive', applied('a'));
  second.record('member-workloads', applied('b'));
  first.record('organization', applied('c'));

  const read = new DeployRecord(out);
  expect(read.appliedAt('log-archive', 'a')).toBe(true);
  expect(read.appliedAt('member-workloads', 'b')).toBe(true);
  expect(read.appliedAt('organization', 'c')).toBe(true);
  expect(read.appliedAt('organization', 'a')).toBe(false);
  expect(Object.keys(JSON.parse(fs.readFileSync(path.join(out, DEPLOY_RECORD_FILE), 'utf8'))).sort()).toEqual([
    'log-archive',
    'member-workloads',
    'organization',
  ]);
  expect(fs.readdirSync(out)).toEqual([DEPLOY_RECORD_FILE]); // no temporary file left
});

test('a new apply of a stack replaces its earlier record', () => {
  const out = tempDir('deploy-record-again');
  new DeployRecord(out).record('guardrails', applied('old'));
  new DeployRecord(out).record('guardrails', applied('new'));
  const read = new DeployRecord(out);
  expect(read.appliedAt('guardrails', 'new')).toBe(true);
  expect(read.appliedAt('guardrails', 'old')).toBe(false);
});
