import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { gunzipSync, gzipSync } from 'zlib';
import { ATHENA_QUERIES } from '../../../modules/analytics/athena-queries';
import { AuditNaming } from '../../../modules/core/naming';
import { complianceMatrix } from '../../../packages/cli/toolkit/compliance/compliance-matrix';
import { checkDelivery, deliveryExpectation, LocalArchiveLister } from '../../../packages/cli/toolkit/delivery';
import { buildEvidencePackage, evidencePeriod } from '../../../packages/cli/toolkit/evidence/evidence-package';
import { CHANGES_QUERY } from '../../../packages/cli/toolkit/evidence/package-sections';
import { verificationText, verifyEvidencePackage } from '../../../packages/cli/toolkit/evidence/package-verification';
import { sha256Of } from '../../../packages/cli/toolkit/evidence/package-manifest';
import { archivePackage, openPackageArchive } from '../../../packages/cli/toolkit/evidence/package-archive';
import * as tar from 'tar';
import { parsePublicKeys } from '../../../packages/cli/toolkit/integrity/digest-file';
import { verifyTree } from '../../../packages/cli/toolkit/integrity/verify-tree';
import { investigate } from '../../../packages/cli/toolkit/investigate/investigation';
import { runCliInProcess } from '../../support/cli';
import { sampleDayFolder } from '../../support/sample-day-folder';
import { endpointEnv, fakeLiveEndpoint } from '../../support/fake-live-endpoint';
import { liveMarkdown } from '../../../packages/cli/toolkit/compliance/live-report';
import { readLiveState, type ControlFinding } from '../../../packages/cli/toolkit/compliance/live-state';
import { reportProvenance } from '../../../packages/cli/toolkit/compliance/provenance';
import { ROOT, tempDir } from '../../support/synth';
import {
  SAMPLE_CONFIG_FILE,
  SAMPLE_LOGS,
  SAMPLE_PERIOD,
  SAMPLE_PERIOD_ARGS,
  copyPackage,
  sampleBuildCommand,
  sampleInputs,
  sampleSynth,
} from '../../support/evidence-sample';

/*
 * The evidence package built from the repository's sample copy (examples/evidence, one account's
 * organization trail in us-east-1 on 2023-07-10, with the config examples/evidence.config.json):
 * each section is what the single command says, the package verifies, and each tampering is
 * refused by name. The period runs a day past the copy, so it has a delivery gap; the organization
 * trail was stopped at 14:20 and started at 17:05, so the digests have hours with logging off and
 * the changes section lists who stopped and started it.
 */

const CONFIG_FILE = SAMPLE_CONFIG_FILE;
const LOGS = SAMPLE_LOGS;
const PERIOD = SAMPLE_PERIOD;
const sample = sampleSynth();
const { config, synth, stacks } = sample;

/** A new package of the sample, in a new folder. */
async function build(output = path.join(tempDir('evidence'), 'package'), logs = LOGS) {
  await buildEvidencePackage(sampleInputs(sample, { output, logs }));
  return output;
}

/** The package of the sample for its period, built once for the file: tests that change it take a copy. */
let built: Promise<string> | undefined;
const samplePackage = () => (built ??= build());

const read = (pkg: string, file: string) => JSON.parse(fs.readFileSync(path.join(pkg, ...file.split('/')), 'utf8'));

describe('the package of the sample copy', () => {
  let pkg: string;
  beforeAll(async () => {
    pkg = await samplePackage();
  });

  test('holds every section, and the manifest lists every other file with its SHA-256', () => {
    const manifest = read(pkg, 'manifest.json');
    expect(Object.keys(manifest.files).sort()).toEqual([
      'README.md',
      `changes/${CHANGES_QUERY}.json`,
      `changes/${CHANGES_QUERY}.sql`,
      'completeness/verify-delivery.json',
      'completeness/verify-delivery.txt',
      'configuration/evidence.config.json',
      'configuration/organization-policies/guardrails/audit-logging-data-perimeter.json',
      'configuration/organization-policies/guardrails/audit-logging-evidence-protection.json',
      'configuration/organization-policies/guardrails/audit-logging-recording-protection.json',
      'configuration/stacks.json',
      'controls/compliance.json',
      'controls/compliance.md',
      'integrity/chains.json',
      'integrity/public-keys.json',
      'integrity/verify-logs.json',
      'integrity/verify-logs.txt',
    ]);
    for (const [file, sha256] of Object.entries(manifest.files))
      expect([file, sha256Of(path.join(pkg, ...file.split('/')))]).toEqual([file, sha256]);
    expect(manifest.period).toEqual(PERIOD);
    expect(manifest.inputs.config).toEqual({
      file: 'configuration/evidence.config.json',
      sha256: sha256Of(CONFIG_FILE),
    });
    expect(manifest.tool.name).toBe('@audit-logging/cdktf-cli');
  });

  test('integrity is what verify-logs says of the period, with each chain first and last digest and the hours logging was off', async () => {
    const report = await verifyTree(LOGS, {
      publicKeys: parsePublicKeys(fs.readFileSync(path.join(LOGS, 'public-keys.json'), 'utf8')),
      start: new Date('2023-07-10T00:00:00.000Z'),
      end: new Date('2023-07-11T23:59:59.999Z'),
    });
    // The report names the bucket the copy is of, not the builder's folder.
    expect(read(pkg, 'integrity/verify-logs.json')).toEqual(
      JSON.parse(JSON.stringify({ ...report, root: 'the copy of s3://audit-logs-218007301254-us-east-1' })),
    );
    expect(report.ok).toBe(true);
    expect(read(pkg, 'integrity/chains.json')).toEqual([
      {
        chain: 'AWSLogs/o-example1234/218007301253/CloudTrail-Digest/us-east-1',
        digests: 4,
        first: expect.stringMatching(/_20230710T130000Z\.json\.gz$/),
        last: expect.stringMatching(/_20230710T180000Z\.json\.gz$/),
        loggingOff: [
          {
            from: '2023-07-10T15:00:00Z',
            to: '2023-07-10T17:00:00Z',
            newChain: expect.stringMatching(/_20230710T180000Z\.json\.gz$/),
          },
        ],
      },
    ]);
  });

  test('completeness is what verify-delivery says of the copy: the day past it, and the log archive that sent nothing', async () => {
    const naming = AuditNaming.fromConfig(config);
    const report = await checkDelivery(
      deliveryExpectation(config),
      PERIOD,
      new LocalArchiveLister({ [naming.logBucketName]: LOGS }),
    );
    const packaged = read(pkg, 'completeness/verify-delivery.json');
    expect(packaged.gaps).toEqual(JSON.parse(JSON.stringify(report.gaps)));
    expect(
      packaged.gaps.map((g: { name: string; kind: string; days: string[] }) => `${g.name} ${g.kind} ${g.days}`),
    ).toEqual([
      'log-archive cloudtrail-logs 2023-07-10,2023-07-11',
      'log-archive cloudtrail-digests 2023-07-10,2023-07-11',
      'management cloudtrail-logs 2023-07-11',
      'management cloudtrail-digests 2023-07-11',
    ]);
  });

  test('changes are the saved query over the copy: the trail stopped and started, with who, from where and its answer', async () => {
    const query = ATHENA_QUERIES.find((q) => q.name === CHANGES_QUERY);
    const direct = await investigate(query?.sql ?? (() => ''), {
      logs: LOGS,
      days: { from: '2023/07/10', to: '2023/07/11' },
    });
    const packaged = read(pkg, `changes/${CHANGES_QUERY}.json`);
    expect(packaged.rows).toEqual(JSON.parse(JSON.stringify(direct.rows)));
    expect(packaged.rows).toContainEqual(
      expect.objectContaining({
        eventname: 'StopLogging',
        identity_arn: 'arn:aws:iam::123837392027:user/bert-jan',
        errorcode: 'TrailNotFoundException',
      }),
    );
    // The stop and the start around the hours with no digest: allowed (no error code), who, from where.
    const trail = 'arn:aws:cloudtrail:us-east-1:218007301253:trail/organization-trail';
    expect(
      packaged.rows
        .filter((row: { requestparameters: string }) => row.requestparameters.includes(trail))
        .map((row: Record<string, unknown>) => [
          row.eventtime,
          row.eventname,
          row.identity_arn,
          row.sourceipaddress,
          row.errorcode,
        ]),
    ).toEqual([
      [
        '2023-07-10T14:20:05Z',
        'StopLogging',
        'arn:aws:sts::218007301253:assumed-role/OrganizationAdmin/admin-session',
        '198.51.100.24',
        null,
      ],
      [
        '2023-07-10T17:05:41Z',
        'StartLogging',
        'arn:aws:sts::218007301253:assumed-role/OrganizationAdmin/admin-session',
        '198.51.100.24',
        null,
      ],
    ]);
  });

  test('controls are the compliance matrix of the synthesized stacks; configuration holds the config and the policies', () => {
    const rows = complianceMatrix(
      config,
      stacks.map((name) => ({
        name,
        json: JSON.parse(fs.readFileSync(path.join(synth, 'stacks', name, 'cdk.tf.json'), 'utf8')) as never,
      })),
    );
    expect(read(pkg, 'controls/compliance.json').controls).toEqual(JSON.parse(JSON.stringify(rows)));
    expect(fs.readFileSync(path.join(pkg, 'configuration', 'evidence.config.json'), 'utf8')).toBe(
      fs.readFileSync(CONFIG_FILE, 'utf8'),
    );
    expect(Object.keys(read(pkg, 'configuration/stacks.json')).sort()).toEqual([...stacks].sort());
    const perimeter = read(pkg, 'configuration/organization-policies/guardrails/audit-logging-data-perimeter.json');
    expect(perimeter.type).toBe('RESOURCE_CONTROL_POLICY');
    expect(perimeter.content.Version).toBe('2012-10-17');
  });

  test('the guide says what each part found', () => {
    const guide = fs.readFileSync(path.join(pkg, 'README.md'), 'utf8');
    expect(guide).toContain('# Audit evidence, 2023-07-10 to 2023-07-11');
    expect(guide).toContain('every digest chain verified');
    expect(guide).toContain('4 gaps: log-archive us-east-1 cloudtrail-logs;');
    expect(guide).toContain('6 calls to the audit system itself');
    expect(guide).toContain(
      'No digest covers o-example1234/218007301253 us-east-1: 2023-07-10T15:00:00Z to 2023-07-10T17:00:00Z: logging or log file validation was off then',
    );
  });
});

describe('evidence verify', () => {
  test('accepts the example package the repository ships (examples/evidence-package, and its .tar.gz), from the top of the repository', async () => {
    const cwd = process.cwd();
    try {
      process.chdir(ROOT);
      for (const example of ['examples/evidence-package', 'examples/evidence-package.tar.gz']) {
        const result = await verifyEvidencePackage(example, { logs: 'examples/evidence' });
        // Verify derives controls/ and configuration/ from a synth: a change to what the stacks build changes them.
        const regenerate =
          'regenerate it: node --conditions=audit-logging-source -r ./tools/swc-register.js tools/make-evidence-package.ts';
        expect([example, result.findings.map((f) => `${f.subject}: ${f.problem}`)]).toEqual([
          example,
          result.findings.length === 0 ? [] : [regenerate],
        ]);
        expect(result.ok).toBe(true);
      }
    } finally {
      process.chdir(cwd);
    }
  });

  test('accepts the package as built, every part but the inputs derived again from the copy and the config', async () => {
    const pkg = await samplePackage();
    const result = await verifyEvidencePackage(pkg, { logs: LOGS });
    expect([result.mismatches, result.findings, result.ok]).toEqual([[], [], true]);
    expect(result.copy).toBe(LOGS);
    const listed = Object.keys(read(pkg, 'manifest.json').files);
    expect(result.rederived).toEqual(
      listed.filter((file) => file !== 'integrity/public-keys.json' && file !== 'configuration/evidence.config.json'),
    );
    expect(result.notRederived.map((n) => n.what)).toEqual([
      'configuration/evidence.config.json',
      'integrity/public-keys.json',
    ]);
    expect(verificationText(result, pkg)).toMatch(/\nverified \(UNSIGNED: nothing says who made this package\)\n$/);
  });

  test('refuses a file edited, removed or added, and an edited manifest, each by name', async () => {
    const pkg = copyPackage(await samplePackage());
    fs.appendFileSync(path.join(pkg, 'controls', 'compliance.md'), 'all met\n');
    fs.rmSync(path.join(pkg, 'integrity', 'chains.json'));
    fs.writeFileSync(path.join(pkg, 'changes', 'note.txt'), 'nothing happened\n');
    const manifest = read(pkg, 'manifest.json');
    manifest.files['completeness/verify-delivery.txt'] = '0'.repeat(64);
    fs.writeFileSync(path.join(pkg, 'manifest.json'), JSON.stringify(manifest));
    const result = await verifyEvidencePackage(pkg, { logs: LOGS });
    expect(result.ok).toBe(false);
    expect(result.mismatches).toEqual([
      { file: 'changes/note.txt', problem: 'added' },
      { file: 'completeness/verify-delivery.txt', problem: 'edited' },
      { file: 'controls/compliance.md', problem: 'edited' },
      { file: 'integrity/chains.json', problem: 'removed' },
    ]);
    const text = verificationText(result, pkg);
    expect(text).toContain('REFUSED controls/compliance.md: edited: the manifest and what compliance gives');
    expect(text).toContain('REFUSED integrity/chains.json: removed');
    expect(text).toContain('REFUSED changes/note.txt: added');
    // The manifest line edited is the manifest's: the file is what verify-delivery gives.
    expect(text).toContain(
      "REFUSED manifest.json: edited: its SHA-256 of completeness/verify-delivery.txt is not the file's",
    );
    expect(text).not.toContain('REFUSED completeness/verify-delivery.txt');
    expect(text).toMatch(/\nNOT VERIFIED \(UNSIGNED: nothing says who made this package\)\n$/);
  });

  test('refuses a copy whose log file changed or whose digest was removed since, each by its key', async () => {
    const copy = tempDir('evidence-copy');
    fs.cpSync(LOGS, copy, { recursive: true });
    const pkg = await build(undefined, copy);
    const day = (kind: string) => sampleDayFolder(copy, kind);
    const key = (file: string) => path.relative(copy, file).split(path.sep).join('/');
    // A log file tampered with: its SHA-256 is no longer the one its digest lists.
    const log = path.join(day('CloudTrail'), fs.readdirSync(day('CloudTrail')).sort()[0]);
    fs.writeFileSync(
      log,
      gzipSync(gunzipSync(fs.readFileSync(log)).toString('utf8').replace('StopLogging', 'StartLogging')),
    );
    const tampered = await verifyEvidencePackage(pkg, { logs: copy });
    expect(tampered.mismatches).toEqual([]);
    const copyFindings = (result: typeof tampered) =>
      result.findings.filter((f) => f.subject === 'the copy' || f.subject.startsWith('AWSLogs/'));
    expect(copyFindings(tampered)).toEqual([{ subject: key(log), problem: expect.any(String) }]);
    const text = verificationText(tampered, pkg);
    expect(text).toContain('REFUSED integrity/verify-logs.json: not what verify-logs gives on the copy');
    expect(text).toContain(`REFUSED ${key(log)}: `);

    // A digest removed: the next digest names it as missing.
    fs.cpSync(LOGS, copy, { recursive: true });
    const digest = path.join(
      day('CloudTrail-Digest'),
      fs.readdirSync(day('CloudTrail-Digest')).filter((name) => name.includes('T130000Z'))[0],
    );
    fs.rmSync(digest);
    const removed = await verifyEvidencePackage(pkg, { logs: copy });
    // The digest, then the two log files it listed, now in no digest, then the count.
    expect(copyFindings(removed).map((f) => `${f.subject}: ${f.problem}`)).toEqual([
      expect.stringMatching(new RegExp(`^${key(digest)}: digest ${key(digest)} is missing`)),
      expect.stringMatching(/_20230710T1220Z_0+\.json\.gz: log file .* is listed in no digest/),
      expect.stringMatching(/_20230710T1240Z_0+1\.json\.gz: log file .* is listed in no digest/),
      "the copy: holds 3 digest files of the period, the package's report 4",
    ]);
    expect(removed.ok).toBe(false);
  });
});

describe('--live: what AWS said when the package was built', () => {
  /** The management account's trail failing CloudTrail.1, as Security Hub would report it. */
  const FINDINGS: ControlFinding[] = [
    {
      accountId: '218007301253',
      region: 'us-east-1',
      controlId: 'CloudTrail.1',
      status: 'FAILED',
      resources: ['arn:aws:cloudtrail:us-east-1:218007301253:trail/organization-trail'],
      suppressed: false,
    },
  ];

  test('controls/live.* are compliance --live report and provenance; the guide says whose word it is', async () => {
    const report = await readLiveState(
      config,
      { securityHub: { page: async () => ({ findings: FINDINGS }) } },
      'us-east-1',
    );
    const provenance = reportProvenance(config, CONFIG_FILE, {
      kind: 'live reads',
      region: 'us-east-1',
      read: ['Security Hub findings'],
      accounts: report.accounts.length,
      unread: [],
      readingAccount: 'account 218007301253',
    });
    const output = path.join(tempDir('evidence-live'), 'package');
    await buildEvidencePackage(
      sampleInputs(sample, {
        output,
        readLive: async () => ({ report, provenance }),
        command: ['evidence', 'build', '--live'],
      }),
    );
    expect(read(output, 'controls/live.json')).toEqual(JSON.parse(JSON.stringify({ provenance, ...report })));
    expect(fs.readFileSync(path.join(output, 'controls', 'live.md'), 'utf8')).toBe(liveMarkdown(report, provenance));
    expect(Object.keys(read(output, 'manifest.json').files)).toEqual(
      expect.arrayContaining(['controls/live.json', 'controls/live.md']),
    );
    const guide = fs.readFileSync(path.join(output, 'README.md'), 'utf8');
    expect(guide).toContain(
      `\`live.md\` is what Security Hub findings in us-east-1 said at ${provenance.generatedAt} (2 accounts, 1 control failing somewhere)`,
    );
    expect(guide).toContain("AWS's word at that time, which no one can check again offline.");
    expect((await verifyEvidencePackage(output, { logs: LOGS })).ok).toBe(true);
    // Without --live, the guide says where the live state is not.
    expect(fs.readFileSync(path.join(await samplePackage(), 'README.md'), 'utf8')).toContain(
      'this package was built without it',
    );
  });

  test('the command reads Security Hub through the AWS SDK; the live options go only with --live', async () => {
    const dir = tempDir('evidence-live-cli');
    const args = [...(await sampleBuildCommand(dir)), ...SAMPLE_PERIOD_ARGS];
    const hub = await fakeLiveEndpoint({
      findings: FINDINGS,
      rules: [],
      pageSize: 100,
      caller: '218007301253',
      auditAccount: '218007301253',
    });
    try {
      const built = await runCliInProcess([...args, '--live', '--output', path.join(dir, 'package')], {
        env: endpointEnv(hub.url),
      });
      expect(built.status).toBe(0);
      expect(built.stderr).not.toContain('not read:');
      const live = read(path.join(dir, 'package'), 'controls/live.json');
      expect(live).toMatchObject({
        findings: 1,
        region: 'us-east-1',
        provenance: {
          source: { kind: 'live reads', read: ['Security Hub findings'], readingAccount: 'account 218007301253' },
        },
      });
      expect(hub.requests.length).toBe(live.requests);
    } finally {
      await hub.close();
    }
    const notLive = await runCliInProcess([...args, '--no-security-hub', '--output', path.join(dir, 'p2')]);
    expect(notLive.status).toBe(2);
    expect(notLive.stderr).toContain('choose what --live reads: use them with --live');
    expect(fs.existsSync(path.join(dir, 'p2'))).toBe(false);
  });
});

describe('the package as one file: <output>.tar.gz', () => {
  test('holds the folder under its name, any tar opens it, the same folder gives the same bytes, and verify takes it', async () => {
    const pkg = await samplePackage();
    const archive = `${pkg}.tar.gz`;
    const listed = execFileSync('tar', ['-tzf', archive], { encoding: 'utf8' }).trim().split('\n');
    expect(listed[0]).toBe('package/');
    expect(listed.filter((entry) => !entry.endsWith('/')).sort()).toEqual(
      ['manifest.json', ...Object.keys(read(pkg, 'manifest.json').files)].map((f) => `package/${f}`).sort(),
    );
    // Every file dated the package's creation, whatever its time on disk.
    const createdAt = new Date(read(pkg, 'manifest.json').createdAt);
    const dated: string[] = [];
    await tar.list({
      file: archive,
      onReadEntry: (entry) => {
        if (entry.type === 'File' && entry.mtime?.getTime() !== Math.floor(createdAt.getTime() / 1000) * 1000)
          dated.push(entry.path);
        entry.resume();
      },
    });
    expect(dated).toEqual([]);
    // The same folder, copied elsewhere with other times on disk, gives the same bytes.
    const again = path.join(tempDir('evidence-again'), 'package');
    fs.cpSync(pkg, again, { recursive: true });
    for (const file of ['manifest.json', 'README.md']) fs.utimesSync(path.join(again, file), 86_400, 86_400);
    const copyArchive = `${again}.tar.gz`;
    expect((await archivePackage(again, createdAt, copyArchive)).sha256).toBe(sha256Of(archive));
    await expect(archivePackage(again, createdAt, copyArchive)).rejects.toThrow('EEXIST');

    const result = await verifyEvidencePackage(archive, { logs: LOGS });
    expect([result.mismatches, result.findings, result.ok]).toEqual([[], [], true]);
    // The archive opens into a temporary folder of its own, which remove() takes away.
    const into = tempDir('evidence-open');
    const opened = await openPackageArchive(archive, into);
    expect(fs.existsSync(path.join(opened.folder, 'manifest.json'))).toBe(true);
    opened.remove();
    expect(fs.readdirSync(into)).toEqual([]);
  });

  test('an archive with a file changed is refused by name; one with a link or a second folder is not a package', async () => {
    const pkg = copyPackage(await samplePackage());
    const work = path.dirname(pkg);
    fs.appendFileSync(path.join(pkg, 'changes', `${CHANGES_QUERY}.json`), ' ');
    const edited = path.join(work, 'edited.tar.gz');
    execFileSync('tar', ['-czf', edited, '-C', work, 'package']);
    expect((await verifyEvidencePackage(edited, { logs: LOGS })).mismatches).toEqual([
      { file: `changes/${CHANGES_QUERY}.json`, problem: 'edited' },
    ]);

    fs.symlinkSync('/etc/passwd', path.join(pkg, 'changes', 'link'));
    const linked = path.join(work, 'linked.tar.gz');
    execFileSync('tar', ['-czf', linked, '-C', work, 'package']);
    await expect(verifyEvidencePackage(linked)).rejects.toThrow('package/changes/link is a SymbolicLink');
    fs.rmSync(path.join(pkg, 'changes', 'link'));

    fs.mkdirSync(path.join(work, 'other'));
    const two = path.join(work, 'two.tar.gz');
    execFileSync('tar', ['-czf', two, '-C', work, 'package', 'other']);
    await expect(verifyEvidencePackage(two)).rejects.toThrow('holds 2 top folders (other, package)');
    fs.writeFileSync(path.join(work, 'not.tar.gz'), 'not gzip');
    await expect(verifyEvidencePackage(path.join(work, 'not.tar.gz'))).rejects.toThrow('cannot be read as a .tar.gz');
  });
});

describe('bad input', () => {
  test('an empty or inverted period, or one the copy holds nothing of, is refused with the fix', async () => {
    expect(() => evidencePeriod(undefined, '2023-07-11')).toThrow('give the period with --from and --to');
    expect(() => evidencePeriod('2023-07-11', '2023-07-10')).toThrow(
      '--to 2023-07-10 is before --from 2023-07-11: give the last day of the period',
    );
    expect(() => evidencePeriod('2023-02-30', '2023-03-01')).toThrow('--from "2023-02-30" is not a day');
    await expect(buildEvidencePackage(sampleInputs(sample, { from: '2024-01-01', to: '2024-01-31' }))).rejects.toThrow(
      `${LOGS} holds no CloudTrail log or digest file from 2024-01-01 to 2024-01-31`,
    );
  });

  test('an output or an archive that exists is never written over, and a folder that is not a package is named', async () => {
    const output = tempDir('evidence-exists');
    await expect(build(output)).rejects.toThrow('exists: give a new folder for the package');
    await expect(verifyEvidencePackage(output)).rejects.toThrow('an evidence package?');
    await expect(
      verifyEvidencePackage(path.join(ROOT, 'examples', 'evidence-package'), { logs: path.join(output, 'nowhere') }),
    ).rejects.toThrow('nowhere is not a folder: give the copy of the log bucket the package was made from');
    const beside = path.join(output, 'package');
    fs.writeFileSync(`${beside}.tar.gz`, 'an earlier archive');
    await expect(build(beside)).rejects.toThrow('package.tar.gz exists: give a new folder');
    expect(fs.existsSync(beside)).toBe(false);
    expect(fs.readFileSync(`${beside}.tar.gz`, 'utf8')).toBe('an earlier archive');
  });

  test('the command: build exits 0, verify 0 then 1 after a change, 2 for bad input', async () => {
    const dir = tempDir('evidence-cli');
    const args = await sampleBuildCommand(dir);
    const pkg = path.join(dir, 'package');
    const built = await runCliInProcess([...args, ...SAMPLE_PERIOD_ARGS, '--output', pkg]);
    expect([built.status, built.stderr]).toEqual([0, '']);
    expect(built.stdout).toContain(
      '17 files; integrity verified, 4 delivery gaps, 6 changes to the audit system, 45 controls.',
    );
    expect(built.stdout).toMatch(/package\.tar\.gz: the package as one file, SHA-256 [0-9a-f]{64}\n$/);
    expect((await runCliInProcess(['evidence', 'verify', pkg, '--logs', LOGS])).status).toBe(0);
    expect((await runCliInProcess(['evidence', 'verify', `${pkg}.tar.gz`, '--logs', LOGS])).status).toBe(0);
    fs.appendFileSync(path.join(pkg, 'README.md'), '\n');
    expect((await runCliInProcess(['evidence', 'verify', pkg, '--logs', LOGS])).status).toBe(1);
    const inverted = await runCliInProcess([
      ...args,
      '--from',
      '2023-07-11',
      '--to',
      '2023-07-10',
      '--output',
      path.join(dir, 'p2'),
    ]);
    expect(inverted.status).toBe(2);
    expect(fs.existsSync(path.join(dir, 'p2'))).toBe(false);
  });
});
