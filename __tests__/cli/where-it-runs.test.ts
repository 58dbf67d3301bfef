import * as fs from 'fs';
import * as path from 'path';
import { parseConfig } from '../../modules/org-config/load';
import { selectStacks } from '../../packages/cli/toolkit/actions/stack-selection';
import { runCliInProcess } from '../support/cli';
import { ROOT, synthConfig, tempDir } from '../support/synth';

/*
 * The CLI in a team's own cdktf app that installs it: its advice names the command the app has, and
 * the app's own stacks in the shared cdktf.out are neither stale in synth nor counted by compliance.
 */

const MINIMAL = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', 'minimal.config.json'), 'utf8')) as {
  members: { name: string }[];
};
const CONFIG = JSON.stringify({ ...MINIMAL, $schema: undefined }, null, 2);
const OWN_STACK = 'team-evidence';

/** A cdktf app that installs the CLI (node_modules/.bin) and runs its own synth, with the config. */
function app(): string {
  const dir = tempDir('app');
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: 'team-app', scripts: { synth: 'node --require ts-node/register main.ts' } }),
  );
  fs.mkdirSync(path.join(dir, 'node_modules', '.bin'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'node_modules', '.bin', 'cdktf-audit-logging'), '');
  fs.writeFileSync(path.join(dir, 'audit.config.json'), CONFIG);
  return dir;
}

/** What the app's own `cdktf synth` writes: the product's stacks (buildStacks) beside one of its own, in one manifest. */
function appSynth(out: string): string[] {
  const ours = synthConfig(parseConfig(CONFIG), out).map((dir) => path.basename(dir));
  fs.mkdirSync(path.join(out, 'stacks', OWN_STACK), { recursive: true });
  fs.writeFileSync(path.join(out, 'stacks', OWN_STACK, 'cdk.tf.json'), '{"resource":{}}');
  const manifestFile = path.join(out, 'manifest.json');
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { stacks: Record<string, unknown> };
  manifest.stacks[OWN_STACK] = { name: OWN_STACK, synthesizedStackPath: `stacks/${OWN_STACK}/cdk.tf.json` };
  fs.writeFileSync(manifestFile, JSON.stringify(manifest));
  return ours;
}

describe("synth in a team's app that installs the CLI", () => {
  const dir = app();
  const out = path.join(dir, 'cdktf.out');
  appSynth(out);

  test("its next line names the scoped package npx runs from the app, not the repository's npm scripts", async () => {
    const result = await runCliInProcess(['synth'], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain(
      "next: npx @audit-logging/cdktf-cli plan (each stack's plan), npx @audit-logging/cdktf-cli plan-summary to review them, " +
        'then npx @audit-logging/cdktf-cli deploy (docs/deploying.md)\n',
    );
  });

  test("calls no stack of the app's own stale, and a stack of its own the config dropped stale", async () => {
    const first = await runCliInProcess(['synth'], { cwd: dir });
    expect(`${first.stdout}${first.stderr}`).not.toContain(OWN_STACK);
    const fewer = { ...MINIMAL, $schema: undefined, members: MINIMAL.members.filter((m) => m.name !== 'audit') };
    fs.writeFileSync(path.join(dir, 'fewer.config.json'), JSON.stringify(fewer));
    const second = await runCliInProcess(['synth', '--config', 'fewer.config.json'], { cwd: dir });
    expect(second.stderr).toContain('cdktf.out/stacks/member-audit is no longer produced by the config');
    expect(second.stderr).not.toContain(OWN_STACK);
    expect(fs.existsSync(path.join(out, 'stacks', OWN_STACK, 'cdk.tf.json'))).toBe(true);
  });
});

describe("compliance of the app's own synth", () => {
  const dir = app();
  const ours = appSynth(path.join(dir, 'cdktf.out'));

  test("counts the product's stacks, not the app's own, and names the app's way to synthesize", async () => {
    const result = await runCliInProcess(['compliance', '--format', 'json'], { cwd: dir });
    const report = JSON.parse(result.stdout) as { provenance: { source: { stacks: number } } };
    expect(report.provenance.source.stacks).toBe(ours.length);
    expect(result.stderr).toContain('npx @audit-logging/cdktf-cli synth --config audit.config.json first');
    expect(result.stderr).not.toContain('npm run');
  });
});

describe("plan and deploy in the app's own synth", () => {
  const dir = app();
  const out = path.join(dir, 'cdktf.out');
  const ours = appSynth(out);

  test("run the product's stacks, not the app's own, which synth recorded nothing of", () => {
    expect(fs.existsSync(path.join(out, 'audit-deployment.json'))).toBe(false);
    expect(selectStacks(out, []).stacks.sort()).toEqual([...ours].sort());
  });

  test("refuse the app's own stack by name, saying whose it is", () => {
    expect(() => selectStacks(out, [OWN_STACK])).toThrow(
      `${OWN_STACK}: not a stack of this product's (a stack of your app's own: run it with cdktf deploy)`,
    );
  });
});
