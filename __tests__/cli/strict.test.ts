import * as fs from 'fs';
import * as path from 'path';
import { parseConfig } from '../../modules/org-config/load';
import { configWarnings } from '../../modules/org-config/warnings';
import { runCliInProcess } from '../support/cli';
import { ROOT, tempDir } from '../support/synth';
import { WARNING_CASES, withFields } from './config-warning-cases';

/*
 * --strict (or AUDIT_STRICT=1) makes every config warning a usage error (exit 2), for CI, on every
 * command that reads a config or a synth; without it, synth prints the warnings and goes on.
 */

const STARTER = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', 'starter.config.json'), 'utf8')) as unknown;
const dir = tempDir('strict');

/** `config` written into the test's folder, as a file a command can read. */
function configFile(name: string, config: unknown): string {
  const file = path.join(dir, `${name}.config.json`);
  fs.writeFileSync(file, JSON.stringify({ ...(config as object), $schema: undefined }, null, 2));
  return file;
}

const atOf = (message: string) => message.slice(0, message.indexOf(': '));

test('the starter config warns of nothing (each case below adds one warning to it)', () => {
  expect(configWarnings(parseConfig(JSON.stringify(STARTER)))).toEqual([]);
});

describe.each(WARNING_CASES.map((c) => [c.does, c] as const))('a config that %s', (_does, c) => {
  const config = withFields(STARTER, c.set);

  test(`warns at ${c.at}`, () => {
    expect(configWarnings(parseConfig(JSON.stringify(config))).map((w) => atOf(w.message))).toContain(c.at);
  });

  test('stops synth --strict with exit 2 before anything is written', async () => {
    const file = configFile(c.at.replace(/\W+/g, '-'), config);
    const out = path.join(dir, `${path.basename(file)}.out`);
    const result = await runCliInProcess(['synth', '--strict', '--config', file, '--out', out]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`WARN ${c.at}: `);
    expect(result.stderr).toMatch(/synth: --strict \(AUDIT_STRICT=1\): \d+ config warnings? above/);
    expect(fs.existsSync(out)).toBe(false);
  });
});

describe('strict where a command reads a config or a synth', () => {
  const [guardrailsOff] = WARNING_CASES;
  const file = configFile('guardrails-off', withFields(STARTER, guardrailsOff.set));
  const out = path.join(dir, 'guardrails-off.out');

  test('without --strict, synth prints the warning and writes the stacks', async () => {
    const result = await runCliInProcess(['synth', '--config', file, '--out', out]);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain(`WARN [organization] ${guardrailsOff.at}: `);
  });

  test('plan --strict refuses a synth that recorded warnings, before running Terraform', async () => {
    const result = await runCliInProcess(['plan', '--strict', '--out', out]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`WARN [organization] ${guardrailsOff.at}: `);
    expect(result.stderr).toContain('plan: --strict (AUDIT_STRICT=1): 1 config warning above');
  });

  test('AUDIT_STRICT=1 is --strict, for a command that reads the config (test-filters)', async () => {
    const events = path.join(ROOT, 'examples', 'evidence');
    const loose = await runCliInProcess(['test-filters', '--config', file, events]);
    expect(loose.stderr).not.toContain('--strict');
    const strict = await runCliInProcess(['test-filters', '--config', file, events], { env: { AUDIT_STRICT: '1' } });
    expect(strict.status).toBe(2);
    expect(strict.stderr).toContain('test-filters: --strict (AUDIT_STRICT=1): 1 config warning above');
  });

  test('a config without warnings passes --strict', async () => {
    const result = await runCliInProcess([
      'synth',
      '--strict',
      '--config',
      configFile('starter', STARTER),
      '--out',
      path.join(dir, 'starter.out'),
    ]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
