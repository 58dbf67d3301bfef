/**
 * `npm run test:package`: the package as a consumer gets it. Packs the tarball (which builds it),
 * installs it into a copy of examples/consumer (another team's cdktf app, with its own lockfile)
 * from the npm cache where it can (the registry for a version of the app's lockfile that the
 * repository's own install did not cache), type-checks that app twice (under its own node16 tsconfig
 * and under the CommonJS one `cdktf init` writes) and synthesizes it (a stack built from two constructs,
 * and the whole product from its config through `buildStacks`), and runs terraform validate on
 * every stack it wrote; it runs the installed investigate command on the sample copy (native DuckDB
 * from the package's dependencies). Then it shows that npm warns a consumer who installs an
 * incompatible provider major beside it. Both ends of each peer range are tested: the app's lockfile
 * pins the newest version npm has in the range, and the app is installed again with the lowest
 * (the range's own version, constructs 10.4.2), type-checked and synthesized to the same stacks.
 * In the app, the installed command beside the app's own stack: advice that names the app's
 * command, no stack of the app's called stale, compliance counting the product's stacks alone. Then
 * the README's own lines in an app `cdktf init --template=typescript` has just generated (the
 * starter's $schema resolving there); last, the package as an install from a git URL builds it (a
 * clean clone of the commit, packed by npm).
 * Exits 1 at the first failed step, naming it. In .ci/run.
 */
import { spawnSync, SpawnSyncOptions } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stripVTControlCharacters } from 'util';
import { Terraform } from '../../packages/cli/toolkit/terraform/terraform';
import { shellWord } from '../../packages/cli/toolkit/common/shell-word';
import { CLI_PACKAGE } from '../../packages/cli/toolkit/common/invocation';
import { exitWith } from '../harness/suite';
import { installedEnvironment } from '../harness/installed-environment';

const ROOT = path.resolve(__dirname, '..', '..');
const CONSUMER = path.join(ROOT, 'examples', 'consumer');
/** The file names examples/consumer/package.json depends on: the constructs, and the CLI. */
const TARBALL = 'audit-logging-cdktf.tgz';
const CLI_TARBALL = 'audit-logging-cdktf-cli.tgz';

class StepFailed extends Error {}

/** The node_modules folders node searches from `dir`, nearest first. */
function nodeModulesAbove(dir: string): string[] {
  const dirs: string[] = [];
  for (let at = dir; ; at = path.dirname(at)) {
    dirs.push(path.join(at, 'node_modules'));
    if (path.dirname(at) === at) return dirs;
  }
}

function run(step: string, command: string, args: string[], options: SpawnSyncOptions = {}): string {
  const started = Date.now();
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    throw new StepFailed(
      `${step} failed (${command} ${args.join(' ')}, exit ${result.status}):\n${result.stdout}\n${result.stderr}`,
    );
  }
  process.stdout.write(`ok  ${step} (${seconds} s)\n`);
  return String(result.stdout);
}

function fail(step: string, message: string): never {
  throw new StepFailed(`${step} failed: ${message}`);
}

async function main(): Promise<void> {
  // Every process below runs a build or the packed packages, as a user's machine does: without the
  // clone's source condition (npm adds it again where a step runs npm in this repository).
  const { NODE_OPTIONS } = installedEnvironment();
  delete process.env.npm_config_node_options;
  if (NODE_OPTIONS === undefined) delete process.env.NODE_OPTIONS;
  else process.env.NODE_OPTIONS = NODE_OPTIONS;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-package-'));
  const app = path.join(work, 'app');
  fs.cpSync(CONSUMER, app, {
    recursive: true,
    filter: (src) => !/(node_modules|cdktf\.out|\.tgz)$/.test(src),
  });

  const packed = JSON.parse(
    run('npm pack (builds lib/ on prepare)', 'npm', ['pack', '--json', '--pack-destination', work], { cwd: ROOT }),
  ) as { filename: string; files: { path: string }[] }[];
  fs.renameSync(path.join(work, packed[0].filename), path.join(app, TARBALL));
  // The CLI workspace packs by itself: its prepack builds the constructs, then itself against them.
  const cliPacked = run(
    'npm run pack:cli (the workspace packages/cli, built on its prepack)',
    'npm',
    ['run', '--silent', 'pack:cli', '--', '--json', '--pack-destination', work],
    { cwd: ROOT },
  );
  const cliTarball = (JSON.parse(cliPacked.slice(cliPacked.indexOf('['))) as { filename: string }[])[0].filename;
  fs.renameSync(path.join(work, cliTarball), path.join(app, CLI_TARBALL));

  // Every build of a tarball has a different checksum; the app's lockfile pins the rest.
  const lockFile = path.join(app, 'package-lock.json');
  const lock = JSON.parse(fs.readFileSync(lockFile, 'utf8'));
  delete lock.packages['node_modules/@audit-logging/cdktf'].integrity;
  delete lock.packages['node_modules/@audit-logging/cdktf-cli'].integrity;
  fs.writeFileSync(lockFile, JSON.stringify(lock, null, 2));
  run(
    'npm ci in the consumer app (from the npm cache where it can)',
    'npm',
    // The app's lockfile is its own: it may pin a newer transitive version (an @aws-sdk middleware,
    // say) than the repository's lockfile, which a fresh machine's cache does not hold. --offline
    // then failed with ENOTCACHED on a clean machine; the registry supplies what the cache lacks.
    ['ci', '--prefer-offline', '--no-audit', '--no-fund'],
    {
      cwd: app,
    },
  );
  // The app's lockfile was written against an earlier build of the packages: a dependency a
  // package gained since is missing from it, and neither npm ci nor npm ls says so (both trust the
  // lockfile). Each dependency each installed package declares must resolve from it.
  const installed = path.join(app, 'node_modules', '@audit-logging', 'cdktf');
  for (const name of ['cdktf', 'cdktf-cli']) {
    const dir = path.join(app, 'node_modules', '@audit-logging', name);
    const declared = Object.keys(
      (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { dependencies: object }).dependencies,
    );
    // Looked up as node does, through the node_modules folders above the package (a package's
    // "exports" may hide its package.json from require.resolve).
    const unresolved = declared.filter(
      (dependency) => !nodeModulesAbove(dir).some((at) => fs.existsSync(path.join(at, dependency, 'package.json'))),
    );
    if (unresolved.length > 0) {
      fail(
        `the dependencies of the installed @audit-logging/${name}`,
        `${unresolved.join(', ')} not installed: examples/consumer/package-lock.json is stale; delete it and run npm install there with the new tarballs`,
      );
    }
    process.stdout.write(`ok  the ${declared.length} dependencies of the installed @audit-logging/${name} resolve\n`);
  }
  // One copy of the constructs: the CLI package uses the app's, not one of its own.
  if (fs.existsSync(path.join(app, 'node_modules', '@audit-logging', 'cdktf-cli', 'node_modules', '@audit-logging'))) {
    fail('the installed packages', '@audit-logging/cdktf-cli has a copy of the constructs package of its own');
  }
  run(
    'tsc --noEmit in the consumer app (against the installed declarations)',
    'npx',
    ['--no-install', 'tsc', '--noEmit'],
    {
      cwd: app,
    },
  );
  // The tsconfig `cdktf init --template=typescript` writes: module CommonJS and no moduleResolution
  // (node10, which ignores "exports"): the subpath imports resolve through "typesVersions".
  run(
    'tsc --noEmit in the consumer app with the tsconfig cdktf init writes (CommonJS, node10 resolution)',
    'npx',
    ['--no-install', 'tsc', '--noEmit', '-p', 'tsconfig.cdktf-init.json'],
    { cwd: app },
  );
  const out = path.join(app, 'cdktf.out');
  run('synth of the consumer app', 'npm', ['run', '--silent', 'synth'], {
    cwd: app,
    env: { ...process.env, CDKTF_OUTDIR: out, AUDIT_CONFIG: '' },
  });
  const stacks = fs.readdirSync(path.join(out, 'stacks')).sort();
  for (const expected of ['guardrails', 'log-archive', 'organization', 'team-evidence']) {
    if (!stacks.includes(expected)) fail('synth of the consumer app', `no stack ${expected} in ${stacks.join(', ')}`);
  }
  const own = JSON.parse(fs.readFileSync(path.join(out, 'stacks', 'team-evidence', 'cdk.tf.json'), 'utf8'));
  if (
    Object.keys(own.resource.aws_kms_key ?? {}).length !== 1 ||
    Object.keys(own.resource.aws_s3_bucket ?? {}).length !== 1
  ) {
    fail('synth of the consumer app', 'team-evidence has not one KMS key and one bucket');
  }

  const cliOut = path.join(work, 'cli.out');
  run(
    'the installed cdktf-audit-logging command synthesizes the config',
    'npx',
    ['--no-install', 'cdktf-audit-logging', 'synth', '--config', 'audit.config.json', '--out', cliOut],
    { cwd: app },
  );
  for (const stack of ['guardrails', 'log-archive', 'organization']) {
    const fromApp = fs.readFileSync(path.join(out, 'stacks', stack, 'cdk.tf.json'), 'utf8');
    if (fs.readFileSync(path.join(cliOut, 'stacks', stack, 'cdk.tf.json'), 'utf8') !== fromApp) {
      fail('the installed command', `its ${stack} stack differs from the one buildStacks wrote in the app`);
    }
  }

  whereTheAppRuns(app, out, work, stacks);

  // discover and verify-delivery load AWS SDK clients, dependencies of the package: without
  // credentials each must get as far as asking for them.
  const askingForCredentials: [string, string[], string][] = [
    [
      'discover',
      ['--config', path.join(work, 'discovered.json'), '--regions', 'eu-west-1'],
      'discover needs AWS credentials',
    ],
    [
      'verify-delivery',
      ['--config', path.join(app, 'audit.config.json')],
      'verify-delivery: no AWS credentials to list the archive with',
    ],
  ];
  for (const [command, args, message] of askingForCredentials) {
    const result = spawnSync('npx', ['--no-install', 'cdktf-audit-logging', command, ...args], {
      cwd: app,
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        HOME: work,
        AWS_SHARED_CREDENTIALS_FILE: path.join(work, 'none'),
        AWS_CONFIG_FILE: path.join(work, 'none'),
        AWS_EC2_METADATA_DISABLED: 'true',
      },
    });
    if (result.status !== 2 || !result.stderr.includes(message)) {
      fail(`the installed ${command} command`, `exit ${result.status}:\n${result.stderr}`);
    }
    process.stdout.write(`ok  the installed ${command} command loads the AWS SDK and asks for credentials\n`);
  }

  // investigate loads native DuckDB (the binding for this platform) from the installed package's dependencies.
  const answer = run(
    'the installed investigate command queries the sample copy with native DuckDB',
    'npx',
    [
      '--no-install',
      'cdktf-audit-logging',
      'investigate',
      'denied-calls-by-principal',
      '--logs',
      path.join(ROOT, 'examples', 'evidence'),
      '--format',
      'csv',
    ],
    { cwd: app, env: { PATH: process.env.PATH, HOME: work } },
  );
  if (!answer.includes('GetCostForecast,AccessDenied,true,1')) {
    fail('the installed investigate command', `its answer lacks the denied GetCostForecast call:\n${answer}`);
  }

  const started = Date.now();
  const root = path.join(work, 'validate');
  fs.mkdirSync(root);
  const errors = await Terraform.find().validateTogether(
    stacks.map((stack) => path.join(out, 'stacks', stack)),
    root,
    { timeoutSeconds: 600 },
  );
  const invalid = [...errors].filter(([, diagnostics]) => diagnostics.length > 0);
  if (invalid.length > 0) {
    fail('terraform validate', invalid.map(([dir, d]) => `${path.basename(dir)}: ${JSON.stringify(d)}`).join('\n'));
  }
  process.stdout.write(
    `ok  terraform validate of ${stacks.length} stacks (${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
  );

  // The lowest end of each peer range (the app's lockfile pins the newest that npm has): installed
  // in place of the app's version, the app type-checks and synthesizes the same stacks. From the
  // registry when the npm cache lacks it: the repository's own install never fetches these versions.
  const peers = (
    JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8')) as {
      peerDependencies: Record<string, string>;
    }
  ).peerDependencies;
  const appVersion = (name: string): string =>
    (JSON.parse(fs.readFileSync(path.join(app, 'node_modules', name, 'package.json'), 'utf8')) as { version: string })
      .version;
  const newest = Object.keys(peers).map((name) => `${name}@${appVersion(name)}`);
  const lowest = Object.entries(peers)
    .map(([name, range]) => [name, range.replace(/^[~^]/, '')])
    .filter(([name, version]) => appVersion(name) !== version)
    .map(([name, version]) => `${name}@${version}`);
  if (lowest.length > 0) {
    run(
      `npm install of the lowest peers (${lowest.join(', ')}; the app has ${newest.join(', ')})`,
      'npm',
      ['install', '--prefer-offline', '--no-save', '--no-audit', '--no-fund', ...lowest],
      { cwd: app },
    );
    const notLowest = lowest.filter((spec) => {
      const at = spec.lastIndexOf('@');
      return appVersion(spec.slice(0, at)) !== spec.slice(at + 1);
    });
    if (notLowest.length > 0) fail('npm install of the lowest peers', `${notLowest.join(', ')} not installed`);
    run('tsc --noEmit in the consumer app with the lowest peers', 'npx', ['--no-install', 'tsc', '--noEmit'], {
      cwd: app,
    });
    const lowOut = path.join(work, 'cdktf.out.lowest');
    run('synth of the consumer app with the lowest peers', 'npm', ['run', '--silent', 'synth'], {
      cwd: app,
      env: { ...process.env, CDKTF_OUTDIR: lowOut, AUDIT_CONFIG: '' },
    });
    for (const stack of stacks) {
      const file = path.join('stacks', stack, 'cdk.tf.json');
      if (fs.readFileSync(path.join(lowOut, file), 'utf8') !== fs.readFileSync(path.join(out, file), 'utf8')) {
        fail('synth with the lowest peers', `its ${stack} stack differs from the one synthesized with the newest`);
      }
    }
    process.stdout.write(`ok  the ${stacks.length} stacks are the same with ${lowest.join(', ')}\n`);
  }

  // A consumer on another provider major: a stand-in @cdktf/provider-aws 21.0.0 (a package.json is
  // all npm needs to resolve peers), installed as a tarball as from a registry. npm lets the root
  // project override a peer dependency (exit 0, even with --strict-peer-deps) but must say so.
  const provider21 = path.join(work, 'provider-aws-21');
  fs.mkdirSync(provider21);
  fs.writeFileSync(
    path.join(provider21, 'package.json'),
    JSON.stringify({ name: '@cdktf/provider-aws', version: '21.0.0', peerDependencies: { cdktf: '^0.21.0' } }),
  );
  const stub = run('npm pack of a stand-in provider-aws 21', 'npm', ['pack', '--silent'], { cwd: provider21 }).trim();
  const conflict = spawnSync(
    'npm',
    ['install', '--prefer-offline', '--no-audit', '--no-fund', path.join(provider21, stub)],
    {
      cwd: app,
      encoding: 'utf8',
    },
  );
  const warning = 'peer @cdktf/provider-aws@"~20.1.0" from @audit-logging/cdktf';
  if (!conflict.stderr.includes('ERESOLVE') || !conflict.stderr.includes(warning)) {
    fail('npm warns of provider-aws 21', `exit ${conflict.status}, no "${warning}" in:\n${conflict.stderr}`);
  }
  process.stdout.write(`ok  npm warns of @cdktf/provider-aws 21 beside the package (ERESOLVE: ${warning})\n`);

  readmeLinesInNewApp(work, path.join(app, TARBALL));
  installFromGit(work);
  fs.rmSync(work, { recursive: true, force: true });
}

/**
 * The installed command in the app, run as its advice names it (`npx @audit-logging/cdktf-cli`,
 * which npx resolves to the installed copy: --no-install refuses the registry), beside the app's own
 * stack (`team-evidence`) that the app's synth wrote into `out`: compliance counts the product's
 * stacks only; synth into that folder calls no stack of the app's stale, and its next line names
 * that command, not the repository's npm scripts (the app has none of those).
 */
function whereTheAppRuns(app: string, out: string, work: string, stacks: readonly string[]): void {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.AUDIT_CONFIG;
  delete env.CDKTF_OUTDIR;
  // npx's arguments for the command as the advice names it; --no-install: the installed copy or nothing.
  const asAdvised = (...args: string[]): string[] => ['--no-install', CLI_PACKAGE, ...args];
  const ours = stacks.filter((stack) => stack !== 'team-evidence');
  const compliance = spawnSync('npx', asAdvised('compliance', '--format', 'json', '--out', out), {
    cwd: app,
    env,
    encoding: 'utf8',
  });
  const counted = (JSON.parse(compliance.stdout || '{}') as { provenance?: { source?: { stacks?: number } } })
    .provenance?.source?.stacks;
  if (counted !== ours.length || compliance.stderr.includes('npm run')) {
    fail(
      "the installed compliance command on the app's own synth",
      `counted ${counted} stacks, not the product's ${ours.length} (${ours.join(', ')}), or advised npm run:\n${compliance.stderr}`,
    );
  }
  process.stdout.write(
    `ok  compliance of the app's synth counts the product's ${ours.length} stacks, not the app's own\n`,
  );

  const shared = path.join(work, 'shared.out');
  fs.cpSync(out, shared, { recursive: true });
  const synth = run("the installed synth into the app's own synth folder", 'npx', asAdvised('synth', '--out', shared), {
    cwd: app,
    env,
  });
  const next = synth.split('\n').find((line) => line.startsWith('next: '));
  if (next === undefined || !next.startsWith(`next: npx ${CLI_PACKAGE} plan --out ${shellWord(shared)} `)) {
    fail('the installed synth', `its next line is not npx ${CLI_PACKAGE} plan: ${next}`);
  }
  if (synth.includes('team-evidence') || !fs.existsSync(path.join(shared, 'stacks', 'team-evidence', 'cdk.tf.json'))) {
    fail('the installed synth', `it called the app's own stack stale, or removed it:\n${synth}`);
  }
  process.stdout.write(
    `ok  the installed synth says ${next.slice(0, next.indexOf(' (') + 1).trim()}, and leaves the app's own stack alone\n`,
  );
}

/** The README's lines for using the constructs: its shell commands and its main.ts, as it has them. */
function readmeAppLines(): { commands: string[]; mainTs: string; tarball: string } {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.split('\n## Using the constructs in your own app\n')[1]?.split('\n## ')[0] ?? '';
  const shell = /```sh\n([\s\S]*?)```/.exec(section)?.[1];
  const mainTs = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  if (shell === undefined || mainTs === undefined) {
    fail('the README', 'its section "Using the constructs in your own app" has no sh block and ts block');
  }
  const commands = shell
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const tarball = /\S+\.tgz/.exec(commands.join('\n'))?.[0];
  if (tarball === undefined) fail('the README', 'its install line names no tarball');
  return { commands, mainTs, tarball };
}

/**
 * The README's lines, exactly, in an app as `cdktf init --template=typescript` generates it today
 * (cdktf-cli 0.21.0, the repository's own, which `npx cdktf-cli@0.21.0` runs): the template installs
 * the newest TypeScript (7), which its own ts-jest 29 refuses, so the README's install line alone
 * stops on ERESOLVE; the README's extra line pins TypeScript 5.9 and installs the CLI the template
 * leaves out. Its main.ts, with the starter config, must synthesize every stack with `npx cdktf synth`.
 */
function readmeLinesInNewApp(work: string, tarball: string): void {
  const { commands, mainTs, tarball: named } = readmeAppLines();
  const version = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  if (path.basename(named) !== `audit-logging-cdktf-${version}.tgz`) {
    fail(
      'the README',
      `its install line names ${named}; npm pack of version ${version} writes audit-logging-cdktf-${version}.tgz`,
    );
  }
  const initApp = path.join(work, 'init-app');
  fs.mkdirSync(initApp);
  const env: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: '1', npm_config_prefer_offline: 'true' };
  delete env.AUDIT_CONFIG;
  delete env.CDKTF_OUTDIR;
  // The README's first line makes the app, without a prompt (stdin is closed here, as in a pipeline):
  // `npx cdktf-cli@<version>` is the repository's own cdktf-cli, which must be that version.
  const [initLine, ...rest] = commands;
  const npxCli = /^npx cdktf-cli@(\S+) init /.exec(initLine ?? '');
  const cliVersion = (
    JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', 'cdktf-cli', 'package.json'), 'utf8')) as {
      version: string;
    }
  ).version;
  if (npxCli === null || npxCli[1] !== cliVersion) {
    fail('the README', `its first line is not npx cdktf-cli@${cliVersion} init ...: ${initLine}`);
  }
  run(
    `README: ${initLine}`,
    'sh',
    ['-c', initLine.replace(/^npx cdktf-cli@\S+/, shellWord(path.join(ROOT, 'node_modules', '.bin', 'cdktf')))],
    { cwd: initApp, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const generated = (
    JSON.parse(fs.readFileSync(path.join(initApp, 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
    }
  ).devDependencies;
  process.stdout.write(
    `ok  the template wrote typescript ${generated.typescript} beside ts-jest ${generated['ts-jest']}\n`,
  );
  // The template as generated is what the README's extra line is for: the install line alone fails.
  const installLine = rest.find((command) => command.includes(named));
  const alone = spawnSync('sh', ['-c', String(installLine).replace(named, tarball)], {
    cwd: initApp,
    env,
    encoding: 'utf8',
  });
  if (alone.status === 0 || !alone.stderr.includes('ERESOLVE')) {
    fail(
      "the template's own install",
      `the README's install line alone exited ${alone.status} without ERESOLVE: the template changed, and the README's extra line may be needless now`,
    );
  }
  process.stdout.write("ok  in the app as generated, the README's install line alone stops on ERESOLVE\n");
  fs.writeFileSync(path.join(initApp, 'main.ts'), mainTs);
  for (const command of rest) {
    run(`README: ${command}`, 'sh', ['-c', command.replace(named, tarball)], { cwd: initApp, env });
  }
  // The starter the README copies names a $schema that resolves where it was copied to.
  const schema = (JSON.parse(fs.readFileSync(path.join(initApp, 'audit.config.json'), 'utf8')) as { $schema: string })
    .$schema;
  if (!fs.existsSync(path.join(initApp, schema))) {
    fail("the README's starter in a new cdktf init app", `its $schema ${schema} names no file there`);
  }
  process.stdout.write(`ok  the starter's $schema (${schema}) resolves in the app it was copied into\n`);
  // A construct-only install: none of the toolkit's packages (DuckDB, the AWS SDK, commander).
  const toolkitPackages = ['@duckdb', '@aws-sdk', 'commander', path.join('@audit-logging', 'cdktf-cli')].filter(
    (name) => fs.existsSync(path.join(initApp, 'node_modules', name)),
  );
  if (toolkitPackages.length > 0) {
    fail("the README's install line", `a construct-only install brought ${toolkitPackages.join(', ')}`);
  }
  process.stdout.write('ok  the construct-only install brings no DuckDB, AWS SDK, commander or CLI package\n');
  const synthesized = fs.readdirSync(path.join(initApp, 'cdktf.out', 'stacks')).sort();
  for (const expected of ['audit', 'guardrails', 'log-archive', 'member-sandbox', 'organization']) {
    if (!synthesized.includes(expected)) {
      fail("the README's lines in a new cdktf init app", `no stack ${expected} in ${synthesized.join(', ')}`);
    }
  }
  process.stdout.write(`ok  the README's lines synthesize ${synthesized.length} stacks in a new cdktf init app\n`);

  // Without its config, the app's synth names the starter the installed package holds, and no
  // file of the package it does not ship (ts-node, the template's runner, maps stack traces
  // through the package's source maps to TypeScript files that are not in the tarball).
  fs.renameSync(path.join(initApp, 'audit.config.json'), path.join(initApp, 'kept.config.json'));
  const missing = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'cdktf'), ['synth'], {
    cwd: initApp,
    env,
    encoding: 'utf8',
  });
  const said = stripVTControlCharacters(`${missing.stdout}\n${missing.stderr}`);
  const starter = path.join('node_modules', '@audit-logging', 'cdktf', 'examples', 'starter.config.json');
  if (missing.status === 0 || !said.includes(`no such file. Create it: copy ${starter}`)) {
    fail('the app without its config', `exit ${missing.status}, no "copy ${starter}" in:\n${said.slice(-3000)}`);
  }
  if (!fs.existsSync(path.join(initApp, starter))) fail('the app without its config', `${starter} is not installed`);
  const unshipped = [...said.matchAll(/node_modules\/@audit-logging\/cdktf\/(\S+?\.ts)\b/g)]
    .map((m) => m[1])
    .filter(
      (file) =>
        !file.endsWith('.d.ts') && !fs.existsSync(path.join(initApp, 'node_modules', '@audit-logging', 'cdktf', file)),
    );
  if (unshipped.length > 0)
    fail('the app without its config', `its error names files the package does not ship: ${unshipped.join(', ')}`);
  process.stdout.write(`ok  without its config, the app's synth names ${starter} and no file the package lacks\n`);
}

/**
 * An install from a git URL, as npm makes it: npm clones the commit, installs the clone's
 * dependencies and devDependencies, runs its `prepare` (tools/prepare.js, which must build lib/)
 * while it packs the clone, and installs that tarball (npm's docs, npm-install, "git remote urls":
 * "If the package being installed contains a prepare script, its dependencies and devDependencies
 * will be installed, and the prepare script will be run, before the package is packaged and
 * installed"). Here: a clone of this commit, with no lib/ and nothing git does not track; its
 * dependencies are this repository's node_modules, which npm ci installed from the lockfile the
 * clone holds (npm installing the same tree again took 198 s of .ci/run); `npm pack` in the clone,
 * npm's own packer, runs prepare as npm's git fetcher does; the tarball is installed into an app,
 * which loads its root and a toolkit entry.
 */
function installFromGit(work: string): void {
  const head = run('git rev-parse HEAD', 'git', ['rev-parse', 'HEAD'], { cwd: ROOT }).trim();
  const clone = path.join(work, 'git-clone');
  run(`git clone of ${head.slice(0, 7)}`, 'git', ['clone', '--quiet', ROOT, clone]);
  run('git checkout', 'git', ['checkout', '--quiet', '--detach', head], { cwd: clone });
  if (fs.existsSync(path.join(clone, 'lib'))) fail('the clone', 'it holds a lib/ folder: git tracks a build');
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(clone, 'node_modules'));
  const packed = JSON.parse(
    run(
      "npm pack in the clone (its prepare builds lib/, as in npm's install from git)",
      'npm',
      ['pack', '--json', '--pack-destination', work],
      { cwd: clone },
    ),
  ) as { filename: string; files: { path: string }[] }[];
  if (!packed[0].files.some((file) => file.path === 'lib/index.js')) {
    fail('npm pack in the clone', 'the tarball has no lib/index.js: prepare did not build lib/');
  }
  const app = path.join(work, 'git-app');
  fs.mkdirSync(app);
  fs.writeFileSync(
    path.join(app, 'package.json'),
    JSON.stringify({ name: 'git-app', version: '1.0.0', private: true }),
  );
  run(
    'npm install of the tarball packed from the clone',
    'npm',
    [
      'install',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      path.join(work, packed[0].filename),
      'cdktf@0.21.0',
      'constructs@10.8.1',
      '@cdktf/provider-aws@20.1.0',
    ],
    { cwd: app },
  );
  const loaded = run(
    'the package built from the clone loads',
    process.execPath,
    [
      '-e',
      "const root = require('@audit-logging/cdktf'); const core = require('@audit-logging/cdktf/toolkit-api/core');" +
        'console.log(typeof root.buildStacks, typeof core.AuditNaming)',
    ],
    { cwd: app },
  );
  if (loaded.trim() !== 'function function') fail('the package built from the clone', `loaded ${loaded.trim()}`);
}

if (require.main === module) {
  exitWith(() =>
    main().then(
      () => 0,
      (error: unknown) => {
        process.stderr.write(`${error instanceof StepFailed ? error.message : String((error as Error).stack)}\n`);
        return 1;
      },
    ),
  );
}
