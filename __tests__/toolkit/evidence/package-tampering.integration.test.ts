import * as fs from 'fs';
import * as path from 'path';
import { gzipSync } from 'zlib';
import { loadConfig } from '../../../modules/org-config/load';
import { deliveryExpectation } from '../../../packages/cli/toolkit/delivery';
import { buildEvidencePackage } from '../../../packages/cli/toolkit/evidence/evidence-package';
import { CHANGES_QUERY } from '../../../packages/cli/toolkit/evidence/package-sections';
import { verificationText, verifyEvidencePackage } from '../../../packages/cli/toolkit/evidence/package-verification';
import { sha256Of } from '../../../packages/cli/toolkit/evidence/package-manifest';
import { deliveredFiles } from '../../../e2e/harness/memory-archive';
import { runCliInProcess } from '../../support/cli';
import { sampleDayFolder } from '../../support/sample-day-folder';
import { SAMPLE_CONFIG_FILE, SAMPLE_LOGS, copyPackage, sampleInputs, sampleSynth } from '../../support/evidence-sample';
import { ROOT, synthConfig, tempDir } from '../../support/synth';

/*
 * What a builder could rewrite in a package, and what the copy could lose, each refused by
 * `evidence verify`, which derives every part it can again from the copy and the packaged config
 * instead of trusting the package's own reports and its unsigned manifest.
 */

const sample = sampleSynth();

let built: Promise<string> | undefined;
/** The sample's package, unsigned, built once for the file: tests that change it take a copy. */
const samplePackage = () => (built ??= buildEvidencePackage(sampleInputs(sample)).then((summary) => summary.output));

const readJson = (pkg: string, file: string) => JSON.parse(fs.readFileSync(path.join(pkg, ...file.split('/')), 'utf8'));

/** Writes `text` to `file` of the package and puts its new SHA-256 in the (unsigned) manifest, as a builder could. */
function rewrite(pkg: string, file: string, text: string): void {
  const target = path.join(pkg, ...file.split('/'));
  fs.writeFileSync(target, text);
  const manifest = readJson(pkg, 'manifest.json');
  manifest.files[file] = sha256Of(target);
  fs.writeFileSync(path.join(pkg, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

const subjects = (result: { findings: readonly { subject: string }[] }) => result.findings.map((f) => f.subject);

describe('a part rewritten with the manifest updated', () => {
  test('changes/ without the StopLogging rows is refused: the saved query on the copy gives them', async () => {
    const pkg = copyPackage(await samplePackage());
    const file = `changes/${CHANGES_QUERY}.json`;
    const changes = readJson(pkg, file);
    const rows = changes.rows.filter((row: { eventname: string }) => row.eventname !== 'StopLogging');
    expect(rows.length).toBeLessThan(changes.rows.length);
    rewrite(pkg, file, `${JSON.stringify({ ...changes, rows }, null, 2)}\n`);
    const result = await verifyEvidencePackage(pkg, { logs: SAMPLE_LOGS });
    expect(result.mismatches).toEqual([]);
    expect(result.ok).toBe(false);
    expect(result.findings).toContainEqual({
      subject: file,
      problem: `not what the saved query ${CHANGES_QUERY} gives on the copy (${changes.rows.length} rows from the copy, ${rows.length} in the package)`,
    });
    expect(verificationText(result, pkg)).toMatch(/\nNOT VERIFIED \(UNSIGNED[^\n]*\n$/);
  });

  test('controls/ with a missing control made met is refused: compliance of the packaged config says otherwise', async () => {
    const pkg = copyPackage(await samplePackage());
    const controls = readJson(pkg, 'controls/compliance.json');
    const missing = controls.controls.findIndex((row: { status: string }) => row.status !== 'met');
    expect(missing).toBeGreaterThanOrEqual(0);
    controls.controls[missing].status = 'met';
    rewrite(pkg, 'controls/compliance.json', `${JSON.stringify(controls, null, 2)}\n`);
    const result = await verifyEvidencePackage(pkg, { logs: SAMPLE_LOGS });
    expect(result.ok).toBe(false);
    expect(result.findings).toEqual([
      {
        subject: 'controls/compliance.json',
        problem: 'not what compliance gives on the stacks synthesized from the packaged config',
      },
    ]);
  });

  test('a guardrail taken out of configuration/ with its manifest line is refused: the synth of the config has it', async () => {
    const pkg = copyPackage(await samplePackage());
    const file = 'configuration/organization-policies/guardrails/audit-logging-evidence-protection.json';
    fs.rmSync(path.join(pkg, ...file.split('/')));
    const manifest = readJson(pkg, 'manifest.json');
    manifest.files = Object.fromEntries(Object.entries(manifest.files).filter(([name]) => name !== file));
    fs.writeFileSync(path.join(pkg, 'manifest.json'), JSON.stringify(manifest));
    const result = await verifyEvidencePackage(pkg, { logs: SAMPLE_LOGS });
    expect(result.ok).toBe(false);
    expect(result.findings).toContainEqual({
      subject: file,
      problem:
        'missing: synthesizing the packaged config gives it here, and neither the package nor its manifest holds it',
    });
  });
});

describe('what changed is named: the manifest itself, or the file', () => {
  test('an edited manifest line is the manifest, not the file it lists', async () => {
    const pkg = copyPackage(await samplePackage());
    const manifest = readJson(pkg, 'manifest.json');
    manifest.files['controls/compliance.md'] = '0'.repeat(64);
    fs.writeFileSync(path.join(pkg, 'manifest.json'), JSON.stringify(manifest));
    const result = await verifyEvidencePackage(pkg, { logs: SAMPLE_LOGS });
    expect(result.findings).toEqual([
      {
        subject: 'manifest.json',
        problem:
          "edited: its SHA-256 of controls/compliance.md is not the file's, and the file is what compliance gives on the stacks synthesized from the packaged config",
      },
    ]);
    expect(verificationText(result, pkg)).not.toContain('REFUSED controls/compliance.md');
  });

  test('a file edited under an intact manifest is the file; an underivable one unsigned is either', async () => {
    const pkg = copyPackage(await samplePackage());
    fs.appendFileSync(path.join(pkg, 'controls', 'compliance.md'), 'all met\n');
    fs.appendFileSync(path.join(pkg, 'integrity', 'public-keys.json'), ' ');
    const result = await verifyEvidencePackage(pkg, { logs: SAMPLE_LOGS });
    expect(result.findings).toEqual([
      {
        subject: 'controls/compliance.md',
        problem:
          'edited: the manifest and what compliance gives on the stacks synthesized from the packaged config agree on what it was',
      },
      {
        subject: 'integrity/public-keys.json',
        problem:
          'not as manifest.json lists it: the file or its line in the manifest was edited (the manifest is unsigned: nothing says which)',
      },
    ]);
  });
  test('a manifest line removed under an intact file is the manifest; a file and its line both edited is the file', async () => {
    const pkg = copyPackage(await samplePackage());
    const sql = `changes/${CHANGES_QUERY}.sql`;
    const manifest = readJson(pkg, 'manifest.json');
    manifest.files = Object.fromEntries(Object.entries(manifest.files).filter(([name]) => name !== sql));
    fs.writeFileSync(path.join(pkg, 'manifest.json'), JSON.stringify(manifest));
    rewrite(pkg, 'controls/compliance.md', 'every control met\n');
    const result = await verifyEvidencePackage(pkg, { logs: SAMPLE_LOGS });
    expect(result.findings).toEqual([
      {
        subject: 'manifest.json',
        problem: `lists no ${sql}, which the package holds as the saved query ${CHANGES_QUERY} gives in this tool: its line was removed`,
      },
      {
        subject: 'controls/compliance.md',
        problem: 'not what compliance gives on the stacks synthesized from the packaged config',
      },
    ]);
    fs.appendFileSync(path.join(pkg, 'controls', 'compliance.md'), 'and more\n');
    expect((await verifyEvidencePackage(pkg, { logs: SAMPLE_LOGS })).findings).toContainEqual({
      subject: 'controls/compliance.md',
      problem:
        "edited: neither the manifest's SHA-256 nor what compliance gives on the stacks synthesized from the packaged config",
    });
  });
});

describe('the copy', () => {
  test('without the copy, verify refuses to say verified unless asked for a manifest-only check, and then says what it did not check', async () => {
    const pkg = await samplePackage();
    await expect(verifyEvidencePackage(pkg)).rejects.toThrow(
      'give the copy of the log bucket the package was made from with --logs <folder>',
    );
    const result = await verifyEvidencePackage(pkg, { manifestOnly: true });
    expect(result.ok).toBe(true);
    const text = verificationText(result, pkg);
    expect(text).toContain(
      'NOT checked (--manifest-only, no copy): integrity/, completeness/, changes/ and README.md are not re-derived from the copy of the logs',
    );
    expect(text).toMatch(/\nverified, manifest only: the reports from the logs NOT checked \(UNSIGNED[^\n]*\n$/);
    expect((await runCliInProcess(['evidence', 'verify', pkg])).status).toBe(2);
    const cli = await runCliInProcess(['evidence', 'verify', pkg, '--manifest-only']);
    expect([cli.status, cli.stdout]).toEqual([0, text]);
    expect((await runCliInProcess(['evidence', 'verify', pkg, '--manifest-only', '--logs', SAMPLE_LOGS])).status).toBe(
      2,
    );
  });

  test('a copy with a day removed is refused: completeness is derived again from it', async () => {
    const copy = path.join(tempDir('evidence-day'), 'copy');
    fs.cpSync(SAMPLE_LOGS, copy, { recursive: true });
    const pkg = (await buildEvidencePackage(sampleInputs(sample, { logs: copy }))).output;
    expect((await verifyEvidencePackage(pkg, { logs: copy })).ok).toBe(true);
    const dayFolder = sampleDayFolder(copy);
    fs.rmSync(dayFolder, { recursive: true });
    const result = await verifyEvidencePackage(pkg, { logs: copy });
    expect(result.ok).toBe(false);
    expect(subjects(result)).toEqual(
      expect.arrayContaining(['completeness/verify-delivery.json', 'completeness/verify-delivery.txt']),
    );
    expect(result.findings).toContainEqual({
      subject: 'completeness/verify-delivery.json',
      problem: 'not what verify-delivery gives on the copy',
    });
  });

  test('a member-logs copy with a snapshot removed is refused: only completeness can see it', async () => {
    const dir = tempDir('evidence-member-logs');
    const configFile = path.join(dir, 'recording.config.json');
    const raw = JSON.parse(fs.readFileSync(SAMPLE_CONFIG_FILE, 'utf8'));
    raw.$schema = undefined;
    raw.members = [{ name: 'workloads', accountId: '218007301255' }];
    fs.writeFileSync(configFile, JSON.stringify(raw));
    const config = loadConfig(configFile);
    const synth = path.join(dir, 'synth');
    const stacks = synthConfig(config, synth).map((stack) => path.basename(stack));
    // The member's AWS Config snapshots of both days, as the member-logs bucket holds them.
    const memberLogs = path.join(dir, 'member-logs');
    const snapshots = deliveryExpectation(config)
      .targets.filter((target) => target.config !== undefined)
      .flatMap((target) => ['2023-07-10', '2023-07-11'].flatMap((day) => deliveredFiles(target, day)))
      .filter((file) => file.kind === 'snapshot');
    expect(snapshots.length).toBe(2);
    for (const { key } of snapshots) {
      fs.mkdirSync(path.dirname(path.join(memberLogs, key)), { recursive: true });
      fs.writeFileSync(path.join(memberLogs, key), gzipSync('{"configurationItems":[]}'));
    }
    const pkg = path.join(dir, 'package');
    await buildEvidencePackage({
      ...sampleInputs(sample, { output: pkg }),
      config,
      configFile,
      synth,
      stacks,
      memberLogs,
    });
    // The guide's command takes the member-logs copy too.
    expect(fs.readFileSync(path.join(pkg, 'README.md'), 'utf8')).toContain(
      'evidence verify <this folder> --logs <the copy of the log bucket> --member-logs <the copy of the member-logs bucket>',
    );
    const fresh = await verifyEvidencePackage(pkg, { logs: SAMPLE_LOGS, memberLogs });
    expect(fresh.findings).toEqual([]);
    expect(fresh.ok).toBe(true);
    await expect(verifyEvidencePackage(pkg, { logs: SAMPLE_LOGS })).rejects.toThrow(
      'give its copy with --member-logs <folder>',
    );

    fs.rmSync(path.join(memberLogs, snapshots[1].key));
    const result = await verifyEvidencePackage(pkg, { logs: SAMPLE_LOGS, memberLogs });
    expect(result.ok).toBe(false);
    expect(result.findings).toContainEqual({
      subject: 'completeness/verify-delivery.json',
      problem: 'not what verify-delivery gives on the copy',
    });
    expect(subjects(result).filter((subject) => subject.startsWith('integrity/'))).toEqual([]);
  });

  test('the manifest holds the package own paths: a package moved to another folder verifies from anywhere with the copy given there', async () => {
    const pkg = await samplePackage();
    const manifest = readJson(pkg, 'manifest.json');
    expect(manifest.inputs).toEqual({
      config: { file: 'configuration/evidence.config.json', sha256: sha256Of(SAMPLE_CONFIG_FILE) },
      logs: { bucket: 'audit-logs-218007301254-us-east-1' },
    });
    const builderPaths = [ROOT, path.dirname(pkg), sample.synth, SAMPLE_LOGS];
    for (const file of ['manifest.json', ...Object.keys(manifest.files)]) {
      const text = fs.readFileSync(path.join(pkg, ...file.split('/')), 'utf8');
      expect([file, builderPaths.filter((p) => text.includes(p))]).toEqual([file, []]);
    }

    const elsewhere = tempDir('evidence-moved');
    const moved = path.join(elsewhere, 'handed-over', 'q3');
    fs.mkdirSync(path.dirname(moved));
    fs.cpSync(pkg, moved, { recursive: true });
    fs.cpSync(SAMPLE_LOGS, path.join(elsewhere, 'copy'), { recursive: true });
    const cwd = process.cwd();
    try {
      process.chdir(elsewhere);
      const result = await verifyEvidencePackage('handed-over/q3', { logs: 'copy' });
      expect([result.findings, result.ok]).toEqual([[], true]);
    } finally {
      process.chdir(cwd);
    }
  });
});

describe('another version', () => {
  test('a package made by another version is verified with the command of that version', async () => {
    const pkg = copyPackage(await samplePackage());
    const manifest = readJson(pkg, 'manifest.json');
    fs.writeFileSync(
      path.join(pkg, 'manifest.json'),
      JSON.stringify({ ...manifest, tool: { ...manifest.tool, version: '0.2.9' } }),
    );
    const result = await verifyEvidencePackage(pkg, { logs: SAMPLE_LOGS });
    expect(result.madeByOtherVersion).toBe('0.2.9');
    expect(verificationText(result, pkg).split('\n')[2]).toBe(
      `this is ${manifest.tool.version}: a part derived differently may differ for that alone; check it with npx @audit-logging/cdktf-cli@0.2.9 evidence verify`,
    );
  });
});

describe('an unsigned package', () => {
  test('is said to be unsigned at the top and at the bottom of the output', async () => {
    const pkg = await samplePackage();
    const text = verificationText(await verifyEvidencePackage(pkg, { logs: SAMPLE_LOGS }), pkg);
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'UNSIGNED: manifest.json is not signed: it shows the files belong together, not who made them',
    );
    expect(lines.at(-1)).toBe('verified (UNSIGNED: nothing says who made this package)');
    expect(lines).toContain(
      `not re-derived: configuration/evidence.config.json: the input every other part is derived from (SHA-256 ${sha256Of(SAMPLE_CONFIG_FILE)}): compare it with the config the organization deploys`,
    );
    expect(lines).toContain(
      "not re-derived: integrity/public-keys.json: CloudTrail's public keys as the builder saved them: compare their fingerprints with aws cloudtrail list-public-keys",
    );
  });
});
