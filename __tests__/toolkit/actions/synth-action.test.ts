import * as fs from 'fs';
import * as path from 'path';
import { stackNames } from '../../../stacks';
import { RecordingIo } from '../../../packages/cli/toolkit/common/toolkit-io';
import { StrictConfigWarnings } from '../../../packages/cli/toolkit/common/config-warnings';
import { synthesize } from '../../../packages/cli/toolkit/actions/synth-action';
import { WARNING_CASES, withFields } from '../../cli/config-warning-cases';
import { ROOT, shippedConfig, tempDir } from '../../support/synth';

/*
 * The synth action through its API, as a team's script drives it: every line it reports reaches the
 * io it is given, in order, and none reaches this process's stdout or stderr.
 */

const STARTER = path.join(ROOT, 'examples', 'starter.config.json');
const dir = tempDir('synth-action');

/** The action's run with a recording io, and whatever it wrote to the process's own streams. */
async function recorded(config: string, out: string, env: Record<string, string> = {}) {
  const io = new RecordingIo();
  const written: string[] = [];
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => written.push(String(chunk)) > 0);
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => written.push(String(chunk)) > 0);
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    return { io, written, result: await synthesize({ config, out }, io) };
  } catch (error) {
    return { io, written, error };
  } finally {
    process.env = saved;
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

test('reports the stacks it wrote and what to run next to its io, and writes the provenance', async () => {
  const out = path.join(dir, 'starter.out');
  const { io, written, result } = await recorded(STARTER, out);
  const stacks = stackNames(shippedConfig('examples/starter.config.json'));
  expect(written).toEqual([]);
  expect(result?.stacks).toEqual(stacks);
  expect(result?.stale).toEqual([]);
  const info = io.lines('info');
  expect(info[0]).toBe(`${STARTER}: ${stacks.length} stacks written to ${out}/stacks`);
  expect(info.slice(1, 1 + stacks.length)).toEqual(stacks.map((stack) => `  ${stack}`));
  expect(info[1 + stacks.length]).toMatch(/^next: .*plan.* \(each stack's plan\)/);
  expect(io.lines('warn')).toEqual([]);
  const settings = JSON.parse(fs.readFileSync(path.join(out, 'audit-deployment.json'), 'utf8')) as {
    config: { file: string };
    stacks: string[];
  };
  expect(settings.config.file).toBe(STARTER);
  expect(settings.stacks).toEqual(stacks);
});

test('under AUDIT_STRICT=1 a config warning reaches the io, then StrictConfigWarnings, and nothing is written', async () => {
  const [c] = WARNING_CASES;
  const file = path.join(dir, 'warns.config.json');
  fs.writeFileSync(file, JSON.stringify(withFields(JSON.parse(fs.readFileSync(STARTER, 'utf8')) as object, c.set)));
  const out = path.join(dir, 'warns.out');
  const { io, written, error } = await recorded(file, out, { AUDIT_STRICT: '1' });
  expect(written).toEqual([]);
  expect(error).toBeInstanceOf(StrictConfigWarnings);
  expect(io.lines('warn')).toEqual([expect.stringMatching(new RegExp(`^WARN ${c.at.replace(/[.[\]]/g, '\\$&')}: `))]);
  expect(fs.existsSync(out)).toBe(false);
});
