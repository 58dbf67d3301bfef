import * as fs from 'fs';
import * as path from 'path';
import { gunzipSync, gzipSync } from 'zlib';
import { createHash, sign } from 'crypto';
import {
  DigestFile,
  DigestFormatError,
  parseDigest,
  parsePublicKeys,
  signingString,
  verifyDigestSignature,
} from '../../../packages/cli/toolkit/integrity/digest-file';
import {
  DigestTreeWriter,
  makeSigningKey,
  SimulatedTrail,
} from '../../../packages/cli/toolkit/integrity/digest-writer';
import { formatReport } from '../../../packages/cli/toolkit/integrity/report-text';
import { ProblemKind, verifyTree, VerifyReport } from '../../../packages/cli/toolkit/integrity/verify-tree';
import { CORPUS_DIR } from '../../alarms/corpus';
import { runCliInProcess } from '../../support/cli';
import { sampleDayFolder } from '../../support/sample-day-folder';
import { ROOT } from '../../support/root';
import { tempDir } from '../../support/temp';

/*
 * Test vectors built here, exactly as the CloudTrail User Guide describes digest files: a key pair
 * made in the test, gzip log files, hourly digests chained by signature. Then each tampering case
 * on a fresh copy, each found with the right kind of problem.
 */
const KEY = makeSigningKey();
const OTHER_KEY = makeSigningKey();
const PUBLIC_KEYS = parsePublicKeys(JSON.stringify({ PublicKeyList: [KEY.listEntry] }));
const ORG_ACCOUNT = 'o-abcdefghij/444444444444';
const HOUR = 3600_000;
const START = Date.UTC(2026, 10, 20, 10, 0, 0);

const trail = (region: string, key = KEY): SimulatedTrail => ({
  bucket: 'acme-audit',
  accountPath: ORG_ACCOUNT,
  accountId: '444444444444',
  region,
  trailName: 'org-trail',
  homeRegion: 'eu-west-1',
  privateKey: key.privateKey,
  fingerprint: key.fingerprint,
});
const records = (hour: number, i: number) =>
  JSON.stringify({
    Records: [{ eventVersion: '1.09', eventName: `Call${hour}-${i}`, eventTime: new Date(START).toISOString() }],
  });

interface Tree {
  readonly root: string;
  readonly digests: { key: string; signature: string; logKeys: string[] }[];
}

/** Four hours of us-east-1 (three logs each) and two of eu-west-1; the newest digests' signatures as sidecars when asked. */
async function buildTree(options: { sidecars?: boolean } = {}): Promise<Tree> {
  const root = tempDir('digest-tree');
  const digests = [];
  const east = new DigestTreeWriter(root, trail('us-east-1'));
  for (let h = 0; h < 4; h++)
    digests.push(
      await east.writeHour(
        new Date(START + h * HOUR),
        [0, 1, 2].map((i) => records(h, i)),
      ),
    );
  const west = new DigestTreeWriter(root, trail('eu-west-1'));
  for (let h = 0; h < 2; h++) digests.push(await west.writeHour(new Date(START + h * HOUR), [records(h, 9)]));
  if (options.sidecars) {
    for (const newest of [digests[3], digests[5]])
      fs.writeFileSync(file(root, newest.key) + '.sig', `${newest.signature}\n`);
  }
  return { root, digests };
}

const file = (root: string, key: string) => path.join(root, ...key.split('/'));
const kinds = (report: VerifyReport): ProblemKind[] =>
  report.streams.flatMap((s) => s.problems.map((p) => p.kind)).sort();
const stream = (report: VerifyReport, region: string) => {
  const found = report.streams.find((s) => s.region === region);
  if (found === undefined) throw new Error(`no stream for ${region}`);
  return found;
};
/** Rewrites a gzip digest file's JSON through `edit` (what a tamperer with write access does). */
function editDigest(path_: string, edit: (digest: Record<string, any>) => void): void {
  const digest = JSON.parse(gunzipSync(fs.readFileSync(path_)).toString()) as Record<string, any>;
  edit(digest);
  fs.writeFileSync(path_, gzipSync(JSON.stringify(digest)));
}

describe('an untouched tree', () => {
  test('verifies: every chained digest and every log file, the newest digest reported unsigned (a warning)', async () => {
    const { root } = await buildTree();
    const report = await verifyTree(root, { publicKeys: PUBLIC_KEYS });
    expect(report.ok).toBe(true);
    expect(stream(report, 'us-east-1')).toMatchObject({
      account: ORG_ACCOUNT,
      digests: { valid: 3, invalid: 0, missing: 0, unsigned: 1 },
      logs: { valid: 12, invalid: 0, missing: 0, unlisted: 0 },
    });
    expect(stream(report, 'eu-west-1').digests).toEqual({ valid: 1, invalid: 0, missing: 0, unsigned: 1 });
    expect(kinds(report)).toEqual(['digest-unsigned', 'digest-unsigned']);
    expect(report.streams.flatMap((s) => s.problems).every((p) => p.severity === 'warning')).toBe(true);
  });

  test('fails under strict without the newest signature, and passes with it as a .sig sidecar', async () => {
    const unsigned = await buildTree();
    expect((await verifyTree(unsigned.root, { publicKeys: PUBLIC_KEYS, strict: true })).ok).toBe(false);
    const signed = await buildTree({ sidecars: true });
    const report = await verifyTree(signed.root, { publicKeys: PUBLIC_KEYS, strict: true });
    expect(report.ok).toBe(true);
    expect(kinds(report)).toEqual([]);
    expect(stream(report, 'us-east-1').digests.valid).toBe(4);
  });

  test('verifies a copy whose files were decompressed', async () => {
    const { root } = await buildTree({ sidecars: true });
    for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
      const full = path.join(entry.parentPath, entry.name);
      if (!entry.isFile() || !full.endsWith('.json.gz')) continue;
      fs.writeFileSync(full.slice(0, -3), gunzipSync(fs.readFileSync(full)));
      fs.unlinkSync(full);
      if (fs.existsSync(`${full}.sig`)) fs.renameSync(`${full}.sig`, `${full.slice(0, -3)}.sig`);
    }
    const report = await verifyTree(root, { publicKeys: PUBLIC_KEYS, strict: true });
    expect(kinds(report)).toEqual([]);
    expect(report.ok).toBe(true);
  });

  test('accepts a rotated key when both keys are listed', async () => {
    const root = tempDir('digest-rotation');
    const writer = new DigestTreeWriter(root, trail('us-east-1'));
    await writer.writeHour(new Date(START), [records(0, 0)]);
    writer.useKey(OTHER_KEY.privateKey, OTHER_KEY.fingerprint);
    await writer.writeHour(new Date(START + HOUR), [records(1, 0)]);
    const both = parsePublicKeys(JSON.stringify({ PublicKeyList: [KEY.listEntry, OTHER_KEY.listEntry] }));
    const report = await verifyTree(root, { publicKeys: both });
    expect(stream(report, 'us-east-1').digests).toMatchObject({ valid: 1, invalid: 0, unsigned: 1 });
  });

  test('reports the hours logging was off, without failing', async () => {
    const root = tempDir('digest-logging-off');
    const writer = new DigestTreeWriter(root, trail('us-east-1'));
    await writer.writeHour(new Date(START), [records(0, 0)]);
    writer.stopLogging();
    await writer.writeHour(new Date(START + 5 * HOUR), [records(5, 0)]);
    const report = await verifyTree(root, { publicKeys: PUBLIC_KEYS });
    expect(report.ok).toBe(true);
    expect(stream(report, 'us-east-1').notices).toEqual([
      expect.objectContaining({
        kind: 'logging-off',
        message: expect.stringContaining('no digests between 2026-11-20T11:00:00Z and 2026-11-20T15:00:00Z'),
        off: {
          from: '2026-11-20T11:00:00Z',
          to: '2026-11-20T15:00:00Z',
          newChain: expect.stringMatching(/_20261120T160000Z\.json\.gz$/),
        },
      }),
    ]);
  });
});

describe('tampering, each found with the right message', () => {
  test('one byte of a log file changed', async () => {
    const { root, digests } = await buildTree({ sidecars: true });
    const target = file(root, digests[1].logKeys[1]);
    const content = gunzipSync(fs.readFileSync(target));
    content[20] = content[20] ^ 0x01;
    fs.writeFileSync(target, gzipSync(content));
    const report = await verifyTree(root, { publicKeys: PUBLIC_KEYS });
    expect(report.ok).toBe(false);
    expect(kinds(report)).toEqual(['log-modified']);
    expect(stream(report, 'us-east-1').problems[0].message).toContain(
      `log file ${digests[1].logKeys[1]} does not match its digest`,
    );
    expect(stream(report, 'us-east-1').logs).toMatchObject({ valid: 11, invalid: 1 });
  });

  test('one byte of a stored gzip log file changed', async () => {
    const { root, digests } = await buildTree({ sidecars: true });
    const target = file(root, digests[0].logKeys[0]);
    const bytes = fs.readFileSync(target);
    bytes[bytes.length - 6] ^= 0xff;
    fs.writeFileSync(target, bytes);
    const report = await verifyTree(root, { publicKeys: PUBLIC_KEYS });
    expect(report.ok).toBe(false);
    expect(kinds(report)).toHaveLength(1);
    expect(['log-modified', 'log-unreadable']).toContain(kinds(report)[0]);
  });

  test('a log file deleted', async () => {
    const { root, digests } = await buildTree({ sidecars: true });
    fs.unlinkSync(file(root, digests[2].logKeys[0]));
    const report = await verifyTree(root, { publicKeys: PUBLIC_KEYS });
    expect(kinds(report)).toEqual(['log-missing']);
    expect(stream(report, 'us-east-1').problems[0].message).toBe(
      `log file ${digests[2].logKeys[0]} is listed in digest ${digests[2].key} but is missing`,
    );
  });

  test('a digest deleted: a gap, and the digest before it can no longer be verified', async () => {
    const { root, digests } = await buildTree({ sidecars: true });
    fs.unlinkSync(file(root, digests[2].key));
    const report = await verifyTree(root, { publicKeys: PUBLIC_KEYS });
    expect(report.ok).toBe(false);
    expect(kinds(report)).toEqual([
      'digest-missing',
      'digest-unverifiable',
      'log-unlisted',
      'log-unlisted',
      'log-unlisted',
    ]);
    const east = stream(report, 'us-east-1');
    expect(east.problems.find((p) => p.kind === 'digest-missing')?.message).toBe(
      `digest ${digests[2].key} is missing: a gap before 2026-11-20T13:00:00Z (${digests[3].key} names it as the previous digest)`,
    );
    expect(east.digests).toMatchObject({ missing: 1 });
  });

  test('a digest re-signed with another key', async () => {
    const { root, digests } = await buildTree({ sidecars: true });
    // The newest digest rewritten (one log entry dropped) and signed by someone else's key.
    const forger = new DigestTreeWriter(tempDir('forger'), { ...trail('us-east-1', OTHER_KEY) });
    const forged = await forger.writeHour(new Date(START + 3 * HOUR), [records(3, 0)]);
    fs.copyFileSync(file(forger.root, forged.key), file(root, digests[3].key));
    fs.writeFileSync(file(root, digests[3].key) + '.sig', forged.signature);
    const report = await verifyTree(root, { publicKeys: PUBLIC_KEYS });
    expect(report.ok).toBe(false);
    expect(kinds(report)).toContain('digest-unknown-key');
    expect(stream(report, 'us-east-1').problems.find((p) => p.kind === 'digest-unknown-key')?.message).toBe(
      `digest ${digests[3].key} is signed with key ${OTHER_KEY.fingerprint}, which is not in the public keys file`,
    );
  });

  test('a digest re-signed with another key under the genuine fingerprint', async () => {
    const { root, digests } = await buildTree({ sidecars: true });
    const forger = new DigestTreeWriter(tempDir('forger'), {
      ...trail('us-east-1', OTHER_KEY),
      fingerprint: KEY.fingerprint,
    });
    const forged = await forger.writeHour(new Date(START + 3 * HOUR), [records(3, 0)]);
    fs.copyFileSync(file(forger.root, forged.key), file(root, digests[3].key));
    fs.writeFileSync(file(root, digests[3].key) + '.sig', forged.signature);
    const report = await verifyTree(root, { publicKeys: PUBLIC_KEYS });
    expect(kinds(report)).toContain('digest-signature-invalid');
  });

  test('a chain link altered', async () => {
    const { root, digests } = await buildTree({ sidecars: true });
    editDigest(file(root, digests[2].key), (d) => {
      d.previousDigestHashValue = '0'.repeat(64);
    });
    const report = await verifyTree(root, { publicKeys: PUBLIC_KEYS });
    expect(report.ok).toBe(false);
    // Its own link is wrong, its signature no longer verifies, and the next digest's link to it breaks.
    expect(kinds(report)).toEqual(['chain-link-broken', 'chain-link-broken', 'digest-signature-invalid']);
    expect(stream(report, 'us-east-1').problems.find((p) => p.kind === 'chain-link-broken')?.message).toContain(
      `digest ${digests[2].key} names ${digests[1].key} as previous with SHA-256 ${'0'.repeat(64)}`,
    );
  });

  test('a log file added that no digest lists', async () => {
    const { root, digests } = await buildTree({ sidecars: true });
    const planted = digests[1].logKeys[0].replace(/_[0-9a-z]{16}\.json\.gz$/, '_planted000000000.json.gz');
    fs.writeFileSync(file(root, planted), gzipSync(records(1, 7)));
    const report = await verifyTree(root, { publicKeys: PUBLIC_KEYS });
    expect(report.ok).toBe(false);
    expect(kinds(report)).toEqual(['log-unlisted']);
    expect(stream(report, 'us-east-1').problems[0].message).toBe(
      `log file ${planted} is listed in no digest: it was added, or its digest is missing`,
    );
  });

  test('a digest moved to another hour', async () => {
    const { root, digests } = await buildTree({ sidecars: true });
    const moved = digests[1].key.replace('T120000Z', 'T120500Z');
    fs.renameSync(file(root, digests[1].key), file(root, moved));
    const report = await verifyTree(root, { publicKeys: PUBLIC_KEYS });
    expect(kinds(report)).toEqual(expect.arrayContaining(['digest-moved', 'digest-missing']));
  });
});

describe('the time window', () => {
  test('--start and --end limit the digests and log files checked', async () => {
    const { root, digests } = await buildTree({ sidecars: true });
    fs.unlinkSync(file(root, digests[0].logKeys[0]));
    const later = await verifyTree(root, {
      publicKeys: PUBLIC_KEYS,
      start: new Date(START + 2 * HOUR),
      end: new Date(START + 4 * HOUR),
    });
    expect(later.ok).toBe(true);
    expect(stream(later, 'us-east-1').digests.valid).toBe(2);
    const all = await verifyTree(root, { publicKeys: PUBLIC_KEYS });
    expect(kinds(all)).toEqual(['log-missing']);
  });
});

describe('the documented signing string', () => {
  test('is end time, bucket/key, SHA-256 of the uncompressed digest and the previous signature, one per line', () => {
    const stored = fs.readFileSync(
      path.join(
        CORPUS_DIR,
        'log-files',
        '111122223333_CloudTrail-Digest_us-east-2_your-trail-name_us-east-2_20150817T150131Z.awsdocs-example.json',
      ),
    );
    const digest = parseDigest(stored);
    expect(signingString(digest, stored)).toBe(
      [
        '2015-08-17T15:01:31Z',
        'S3-bucket-name/AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2015/08/17/111122223333_CloudTrail-Digest_us-east-2_your-trail-name_us-east-2_20150817T150131Z.json.gz',
        createHash('sha256').update(stored).digest('hex'),
        digest.previousDigestSignature,
      ].join('\n'),
    );
    expect(signingString({ ...digest, previousDigestSignature: null }, stored).split('\n')[3]).toBe('null');
  });

  test('a signature made here by hand, without the module, verifies; one over another string does not', () => {
    const content = Buffer.from(JSON.stringify({ hello: 'digest' }));
    const digest = {
      digestEndTime: '2026-11-21T10:00:00Z',
      digestS3Bucket: 'b',
      digestS3Object: 'AWSLogs/1/CloudTrail-Digest/r/d.json.gz',
      previousDigestSignature: null,
    } as unknown as DigestFile;
    const text = `2026-11-21T10:00:00Z\nb/AWSLogs/1/CloudTrail-Digest/r/d.json.gz\n${createHash('sha256').update(content).digest('hex')}\nnull`;
    const signature = sign('sha256', Buffer.from(text), KEY.privateKey).toString('hex');
    expect(verifyDigestSignature(digest, content, signature, PUBLIC_KEYS[0].key)).toBe(true);
    const other = sign('sha256', Buffer.from(`${text}x`), KEY.privateKey).toString('hex');
    expect(verifyDigestSignature(digest, content, other, PUBLIC_KEYS[0].key)).toBe(false);
  });
});

describe('the AWS documentation examples', () => {
  const dir = path.join(CORPUS_DIR, 'log-files');
  test('parse (their hashes match no real file, so only the parsing is tested)', () => {
    const full = parseDigest(
      fs.readFileSync(
        path.join(
          dir,
          '111122223333_CloudTrail-Digest_us-east-2_your-trail-name_us-east-2_20150817T150131Z.awsdocs-example.json',
        ),
      ),
    );
    expect(full).toMatchObject({
      awsAccountId: '111122223333',
      digestEndTime: '2015-08-17T15:01:31Z',
      digestPublicKeyFingerprint: '31e8b5433410dfb61a9dc45cc65b22ff',
      digestSignatureAlgorithm: 'SHA256withRSA',
      previousDigestHashValue: '97fb791cf91ffc440d274f8190dbdd9aa09c34432aba82739df18b6d3c13df2d',
    });
    expect(full.previousDigestSignature).toMatch(/^[0-9a-f]{512}$/);
    expect(full.logFiles.length).toBeGreaterThan(0);
    for (const log of full.logFiles) expect(log.hashValue).toMatch(/^[0-9a-f]{64}$/);
    const empty = parseDigest(
      fs.readFileSync(
        path.join(
          dir,
          '111122223333_CloudTrail-Digest_us-east-2_example-trail-name_us-east-2_20150820T180131Z.awsdocs-empty-example.json',
        ),
      ),
    );
    expect(empty.logFiles).toEqual([]);
  });

  test('a digest without required fields is refused with the field named', () => {
    expect(() => parseDigest('{"awsAccountId":"1"}')).toThrow(
      new DigestFormatError('field digestStartTime is missing or not a string'),
    );
    expect(() => parseDigest('[')).toThrow('not JSON');
  });
});

describe('cdktf-audit-logging verify-logs', () => {
  const run = (args: string[]) => runCliInProcess(['verify-logs', ...args]);

  test('the shipped example copy (examples/evidence) is intact, and a changed log file in it is found', async () => {
    const example = path.join(ROOT, 'examples', 'evidence');
    const ok = await run([example, '--strict']);
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('  digests: 4 valid, 0 invalid, 0 missing, 0 unsigned');
    expect(ok.stdout).toContain('  log files: 5 valid, 0 invalid, 0 missing, 0 in no digest');
    // The organization trail was stopped at 14:20 and started at 17:05: no digest in between.
    expect(ok.stdout).toContain('note: no digests between 2023-07-10T15:00:00Z and 2023-07-10T17:00:00Z');

    const copy = path.join(tempDir('evidence'), 'copy');
    fs.cpSync(example, copy, { recursive: true });
    const logDir = sampleDayFolder(copy);
    const log = path.join(logDir, fs.readdirSync(logDir).sort()[0]);
    fs.writeFileSync(
      log,
      gzipSync(gunzipSync(fs.readFileSync(log)).toString('utf8').replace('StopLogging', 'StartLogging')),
    );
    const tampered = await run([copy]);
    expect(tampered.status).toBe(1);
    expect(tampered.stdout).toContain('INVALID:');
  });

  test('prints a summary, writes --json, and exits 0 for an intact tree and 1 for a tampered one', async () => {
    const { root, digests } = await buildTree({ sidecars: true });
    fs.writeFileSync(path.join(root, 'public-keys.json'), JSON.stringify({ PublicKeyList: [KEY.listEntry] }));
    const ok = await run([root, '--strict', '--json', path.join(root, 'report.json')]);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('VALID:');
    expect(ok.stdout).toContain('  digests: 4 valid, 0 invalid, 0 missing, 0 unsigned');
    expect(JSON.parse(fs.readFileSync(path.join(root, 'report.json'), 'utf8')).ok).toBe(true);

    fs.unlinkSync(file(root, digests[1].logKeys[2]));
    const bad = await run([root]);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('INVALID:');
    expect(bad.stdout).toContain('FAIL log-missing');
  });

  test('exits 2 with the fix when the public keys are missing or the folder is wrong', async () => {
    const empty = tempDir('verify-empty');
    const noKeys = await run([empty]);
    expect(noKeys.status).toBe(2);
    expect(noKeys.stderr).toContain('aws cloudtrail list-public-keys');
    expect((await run([path.join(empty, 'nope')])).stderr).toContain('is not a folder');
    expect((await run([empty, '--start', 'yesterday', '--public-keys', empty])).status).toBe(2);
  });

  test('the human summary names the first problems', async () => {
    const { root, digests } = await buildTree();
    fs.unlinkSync(file(root, digests[0].logKeys[0]));
    const text = formatReport(await verifyTree(root, { publicKeys: PUBLIC_KEYS }));
    expect(text).toContain(`${ORG_ACCOUNT} us-east-1`);
    expect(text).toContain('  log files: 11 valid, 0 invalid, 1 missing, 0 in no digest');
    expect(text).toContain('WARN digest-unsigned');
    expect(text.split('\n')[0]).toMatch(/^INVALID: /);
  });
});
