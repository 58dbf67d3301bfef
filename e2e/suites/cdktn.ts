/**
 * `npm run test:cdktn`: whether the constructs move with a team that leaves cdktf (archived on
 * 2025-12-10) for CDK Terrain, its community fork (docs/cdktf-archive.md).
 *
 * compat/cdktn holds cdktn and the newest @cdktn/provider-aws (AWS provider 6) under the names the
 * sources import (`cdktf`, `@cdktf/provider-aws`: npm aliases, pinned by its lockfile), so the
 * sources compile unchanged. The check copies the constructs and stacks (index.ts, modules/,
 * stacks/) out of the repository, type-checks them against cdktn with the project's compiler
 * options, emits them once with the package's emitter (tools/build.js), and synthesizes every examples/*.config.json twice from that one build:
 * under cdktn and under the repository's own cdktf 0.21. The Terraform JSON of each stack must be the
 * same but for the differences docs/cdktf-archive.md explains (EXPLAINED below); any other fails the
 * run, naming the stack and the path. It also checks that synth captures no token creation traces
 * under cdktn (its own switch, which lightweightSynthTraces sets).
 *
 * What it cannot check here: no AWS provider 6 binary is on this machine, so no terraform validate,
 * plan or apply on 6.x. A step of .ci/run.
 */
import { spawnSync, SpawnSyncOptions } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { emitProjectJavaScript } = require('../../tools/build') as { emitProjectJavaScript(tsconfig: string): void };

const ROOT = path.resolve(__dirname, '..', '..');
const COMPAT = path.join(ROOT, 'compat', 'cdktn');

/**
 * The differences between a cdktn and a cdktf synth of the same stack that docs/cdktf-archive.md
 * explains, by JSON path: the framework's version in the metadata, and the provider it pins (the
 * binding's own: 6.x under cdktn), which cdktn names by its full source address.
 */
export const EXPLAINED: readonly RegExp[] = [
  /^\/\/\/metadata\/version$/,
  /^terraform\/required_providers\/aws\/version$/,
  /^terraform\/required_providers\/aws\/source$/,
];

class StepFailed extends Error {}

function run(step: string, command: string, args: string[], options: SpawnSyncOptions = {}): string {
  const started = Date.now();
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  if (result.status !== 0) {
    throw new StepFailed(
      `${step} failed (${command} ${args.join(' ')}, exit ${result.status}):\n${result.stdout}\n${result.stderr}`,
    );
  }
  process.stdout.write(`ok  ${step} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  return String(result.stdout);
}

/** Every path at which `a` and `b` differ, as `a/b/c` (list indexes included), key order ignored. */
export function jsonDifferences(a: unknown, b: unknown, at: string[] = []): string[] {
  if (isObject(a) && isObject(b)) {
    return [...new Set([...Object.keys(a), ...Object.keys(b)])].flatMap((key) =>
      key in a && key in b ? jsonDifferences(a[key], b[key], [...at, key]) : [[...at, key].join('/')],
    );
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    return a.flatMap((value, i) => jsonDifferences(value, b[i], [...at, String(i)]));
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [at.join('/')];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Synthesizes `config` into `out` with the build in `dir` (its node_modules decides the framework). */
const SYNTH_DRIVER = `'use strict';
const path = require('path');
const [build, file, out] = process.argv.slice(2);
const req = (m) => require(path.join(build, m));
req('modules/deployment/synth-traces').lightweightSynthTraces(false);
req('stacks').synthesizeStacks(req('modules/org-config/load').loadConfig(file), out);
const framework = require(require.resolve('cdktf/package.json', { paths: [build] }));
const { Intrinsic } = require(require.resolve('cdktf/lib/tokens/private/intrinsic', { paths: [build] }));
process.stdout.write(JSON.stringify({ framework: framework.name + '@' + framework.version, traceFrames: new Intrinsic('x').creationStack.length }));
`;

function main(): void {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-cdktn-'));
  try {
    run(
      'npm ci in compat/cdktn (cdktn and @cdktn/provider-aws as cdktf and @cdktf/provider-aws)',
      'npm',
      ['ci', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'],
      { cwd: COMPAT },
    );
    const installed = (name: string): string =>
      (
        JSON.parse(fs.readFileSync(path.join(COMPAT, 'node_modules', name, 'package.json'), 'utf8')) as {
          name: string;
          version: string;
        }
      ).version;
    const terrain = path.join(work, 'cdktn');
    const own = path.join(work, 'cdktf');
    const src = path.join(terrain, 'src');
    fs.mkdirSync(src, { recursive: true });
    for (const entry of ['index.ts', 'modules', 'stacks']) {
      fs.cpSync(path.join(ROOT, entry), path.join(src, entry), { recursive: true });
    }
    fs.symlinkSync(path.join(COMPAT, 'node_modules'), path.join(terrain, 'node_modules'), 'dir');
    const projectOptions = (
      JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8')) as {
        compilerOptions: Record<string, unknown>;
      }
    ).compilerOptions;
    fs.writeFileSync(
      path.join(terrain, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          ...projectOptions,
          // Checked as the package's build checks (tsconfig.build.json): CommonJS; emitted by its
          // emitter (tools/build.js) below.
          module: 'CommonJS',
          moduleResolution: 'node10',
          // node10 reads no export conditions (the copy holds the constructs only).
          customConditions: undefined,
          noEmit: true,
          declaration: false,
          inlineSourceMap: false,
          inlineSources: false,
          outDir: 'build',
          rootDir: 'src',
          types: ['node'],
        },
        include: ['src/**/*.ts'],
      }),
    );
    const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    run(
      `tsc: the constructs and stacks against cdktn ${installed('cdktf')} and @cdktn/provider-aws ${installed('@cdktf/provider-aws')}`,
      process.execPath,
      [tsc, '-p', path.join(terrain, 'tsconfig.json'), '--pretty', 'false'],
    );
    emitProjectJavaScript(path.join(terrain, 'tsconfig.json'));
    // The same JavaScript, run against the repository's own cdktf and provider bindings.
    fs.mkdirSync(own);
    fs.cpSync(path.join(terrain, 'build'), path.join(own, 'build'), { recursive: true });
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(own, 'node_modules'), 'dir');
    const driver = path.join(work, 'synth.js');
    fs.writeFileSync(driver, SYNTH_DRIVER);

    const unexplained: string[] = [];
    const explained = new Map<string, number>();
    const configs = fs
      .readdirSync(path.join(ROOT, 'examples'))
      .filter((file) => file.endsWith('.config.json'))
      .sort();
    for (const file of configs) {
      const config = path.join(ROOT, 'examples', file);
      const outs = { cdktn: path.join(work, 'out', 'cdktn', file), cdktf: path.join(work, 'out', 'cdktf', file) };
      fs.mkdirSync(path.join(work, 'out', 'cdktn'), { recursive: true });
      fs.mkdirSync(path.join(work, 'out', 'cdktf'), { recursive: true });
      const reports = Object.fromEntries(
        (['cdktn', 'cdktf'] as const).map((side) => {
          const build = path.join(side === 'cdktn' ? terrain : own, 'build');
          const report = run(`synth of examples/${file} under ${side}`, process.execPath, [
            driver,
            build,
            config,
            outs[side],
          ]);
          return [side, JSON.parse(report) as { framework: string; traceFrames: number }];
        }),
      );
      if (!reports.cdktn.framework.startsWith('cdktn@')) {
        throw new StepFailed(`the cdktn build loaded ${reports.cdktn.framework} as cdktf: the aliases did not take`);
      }
      if (reports.cdktn.traceFrames !== 0) {
        throw new StepFailed(
          `under cdktn, synth captured ${reports.cdktn.traceFrames} trace frames per token: lightweightSynthTraces no longer reaches cdktn's switch`,
        );
      }
      const stacks = (side: 'cdktn' | 'cdktf') => fs.readdirSync(path.join(outs[side], 'stacks')).sort();
      if (JSON.stringify(stacks('cdktn')) !== JSON.stringify(stacks('cdktf'))) {
        unexplained.push(
          `${file}: stacks ${stacks('cdktn').join(', ')} under cdktn, ${stacks('cdktf').join(', ')} under cdktf`,
        );
        continue;
      }
      for (const stack of stacks('cdktf')) {
        const read = (side: 'cdktn' | 'cdktf') =>
          JSON.parse(fs.readFileSync(path.join(outs[side], 'stacks', stack, 'cdk.tf.json'), 'utf8')) as unknown;
        for (const difference of jsonDifferences(read('cdktf'), read('cdktn'))) {
          if (EXPLAINED.some((pattern) => pattern.test(difference))) {
            explained.set(difference, (explained.get(difference) ?? 0) + 1);
          } else {
            unexplained.push(`${file} ${stack}: ${difference}`);
          }
        }
      }
      process.stdout.write(`ok  examples/${file}: ${stacks('cdktf').length} stacks compared\n`);
    }
    if (unexplained.length > 0) {
      throw new StepFailed(
        `differences between the cdktn and the cdktf synth that docs/cdktf-archive.md does not explain:\n  ${unexplained.join('\n  ')}`,
      );
    }
    process.stdout.write(
      `ok  cdktn ${installed('cdktf')} with @cdktn/provider-aws ${installed('@cdktf/provider-aws')}: ${configs.length} configs synthesize the same Terraform JSON but for ${[
        ...explained,
      ]
        .map(([difference, stacks]) => `${difference} (${stacks} stacks)`)
        .join(', ')}; no terraform validate or plan on AWS provider 6 here (no binary)\n`,
    );
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) {
  try {
    main();
  } catch (error) {
    process.stderr.write(`${error instanceof StepFailed ? error.message : String((error as Error).stack)}\n`);
    process.exitCode = 1;
  }
}
