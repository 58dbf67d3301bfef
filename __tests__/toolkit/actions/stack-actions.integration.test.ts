import * as fs from 'fs';
import * as path from 'path';
import { RecordingIo } from '../../../packages/cli/toolkit/common/toolkit-io';
import { planDecommission } from '../../../packages/cli/toolkit/actions/decommission-action';
import { deployStacks } from '../../../packages/cli/toolkit/actions/deploy-action';
import { listPlanBatches, planStacks } from '../../../packages/cli/toolkit/actions/plan-action';
import { StackSelectionError } from '../../../packages/cli/toolkit/actions/stack-selection';
import { stackJson, writeSynth } from '../../support/fake-synth';
import { FAKE_TERRAFORM } from '../../support/root';
import { tempDir } from '../../support/temp';

/*
 * The plan and deploy actions through their API, as a team's pipeline code drives them: typed
 * results, every line through the io it is given (none on this process's own streams), with the
 * stand-in for terraform (__tests__/support/fake-terraform.sh).
 */

function synth(name: string): string {
  return writeSynth(tempDir(name), {
    'log-archive': stackJson('log-archive', { account: '222222222222' }),
    organization: stackJson('organization'),
    'member-m0': stackJson('member-m0', { account: '100000000000', regions: ['eu-west-1'] }),
  });
}

/** Runs `action` with the fake terraform, and with this process's stdout and stderr watched. */
async function quietly<T>(action: () => Promise<T>, env: Record<string, string> = {}) {
  const written: string[] = [];
  const spies = [process.stdout, process.stderr].map((stream) =>
    jest.spyOn(stream, 'write').mockImplementation((chunk) => written.push(String(chunk)) > 0),
  );
  const saved = { ...process.env };
  Object.assign(process.env, { TERRAFORM_BIN: FAKE_TERRAFORM, FAKE_TF_MS: '20', ...env });
  try {
    return { value: await action(), written };
  } finally {
    process.env = saved;
    for (const spy of spies) spy.mockRestore();
  }
}

test('plan: a saved plan per stack, a typed result, and its progress and table through the io', async () => {
  const out = synth('plan-action');
  const io = new RecordingIo();
  const { value, written } = await quietly(() => planStacks({ out, timeoutSeconds: 60, parallel: 2 }, io));
  expect(written).toEqual([]);
  expect(value.ok).toBe(true);
  expect(value.results.map((r) => [r.stack, r.outcome]).sort()).toEqual([
    ['log-archive', 'done'],
    ['member-m0', 'done'],
    ['organization', 'done'],
  ]);
  const info = io.lines('info');
  expect(info[0]).toBe('planning 3 stacks, 2 at a time');
  expect(info).toContainEqual(expect.stringMatching(/^\[\s+\d+ s\] member-m0\s+planning\.\.\.$/));
  expect(info.at(-1)).toMatch(/^\nstack\s+result\s+seconds\s+note\n[\s\S]*\n3 done$/);
  expect(io.lines('warn')).toEqual([]);
  for (const stack of ['log-archive', 'organization', 'member-m0']) {
    expect(fs.existsSync(path.join(out, 'plans', `${stack}.tfplan`))).toBe(true);
  }
});

test('plan: a stack that fails is in the result and the warnings, and leaves a failure note, not a plan', async () => {
  const out = synth('plan-action-fail');
  const io = new RecordingIo();
  const { value } = await quietly(() => planStacks({ out, timeoutSeconds: 60, parallel: 1 }, io), {
    FAKE_TF_FAIL: 'member-m0',
  });
  expect(value.ok).toBe(false);
  expect(value.results.find((r) => r.stack === 'member-m0')?.outcome).toBe('failed');
  expect(io.lines('warn').join('\n')).toContain('member-m0: ');
  expect(fs.existsSync(path.join(out, 'plans', 'member-m0.tfplan'))).toBe(false);
});

test('plan --list: the stacks and batches as data, nothing planned', async () => {
  const out = synth('plan-list');
  const { value, written } = await quietly(async () => listPlanBatches({ out }, 2, new RecordingIo()));
  expect(written).toEqual([]);
  expect(value).toEqual({
    plan: ['log-archive', 'organization', 'member-m0'],
    unchanged: 0,
    removed: [],
    batches: [1, 2],
    batchCount: 2,
  });
  expect(fs.existsSync(path.join(out, 'plans'))).toBe(false);
});

test('deploy: waves applied and recorded, the result typed, every line through the io', async () => {
  const out = synth('deploy-action');
  const io = new RecordingIo();
  const { value, written } = await quietly(() => deployStacks({ out, timeoutSeconds: 60, parallel: 2 }, io));
  expect(written).toEqual([]);
  expect(value).toMatchObject({ ok: true, interrupted: false });
  expect(value.refused).toBeUndefined();
  expect(value.results.map((r) => r.stack)).toEqual(['log-archive', 'organization', 'member-m0']);
  expect(io.lines('info')).toContain('deploying 3 stacks in 3 waves, 2 at a time');
  const record = JSON.parse(fs.readFileSync(path.join(out, 'deploy-record.json'), 'utf8')) as object;
  expect(Object.keys(record).sort()).toEqual(expect.arrayContaining(['log-archive', 'member-m0', 'organization']));
});

test('deploy: a failure ends ok false, with the advice as a warning; a stack not there is a StackSelectionError', async () => {
  const out = synth('deploy-action-fail');
  const io = new RecordingIo();
  const { value } = await quietly(() => deployStacks({ out, timeoutSeconds: 60, parallel: 1 }, io), {
    FAKE_TF_FAIL: 'organization',
  });
  expect(value.ok).toBe(false);
  expect(value.results.find((r) => r.stack === 'member-m0')?.outcome).toBe('not started');
  expect(io.lines('warn').at(-1)).toMatch(/^deploy stopped: 2 stacks failed or did not start\. Fix the cause/);
  await expect(
    quietly(() => deployStacks({ out, stacks: ['member-m9'], timeoutSeconds: 60 }, new RecordingIo())),
  ).rejects.toThrow(StackSelectionError);
});

test('decommission: a destroy plan per stack in removal order and removal.md, every line through the io', async () => {
  const out = synth('decommission-action');
  const io = new RecordingIo();
  const { value, written } = await quietly(() => planDecommission({ out, timeoutSeconds: 60 }, io));
  expect(written).toEqual([]);
  expect(value.ok).toBe(true);
  // Members first, the log archive last: every other stack delivers to it.
  expect(value.outcomes.map((o) => o.stack)).toEqual(['member-m0', 'organization', 'log-archive']);
  expect(io.lines('info')[0]).toMatch(
    /^ 1\. member-m0: \d+ to destroy, \d+ kept: terraform -chdir=.* apply .*01-member-m0\.tfplan$/,
  );
  expect(io.lines('info').at(-1)).toMatch(/removal\.md: the order, what each plan destroys/);
  expect(fs.readFileSync(path.join(out, 'decommission', 'removal.md'), 'utf8')).toBe(value.report);
});
