/**
 * Writes examples/evidence: a small local copy of an organization trail's logs, as `aws s3 sync`
 * would bring it, to try `cdktf-audit-logging verify-logs` on. The log files are the three real
 * CloudTrail log files of the test corpus (__tests__/fixtures/cloudtrail/log-files, see its
 * SOURCES.md), delivered in two hours; the digests are written and signed as CloudTrail does,
 * with a key made here whose public half is saved as public-keys.json (CloudTrail's own keys
 * cannot sign new digests). The newest digest's signature is saved beside it as `.sig`.
 *
 * node -r ./tools/swc-register.js tools/make-evidence.ts [folder]   (default examples/evidence)
 */
import * as fs from 'fs';
import * as path from 'path';
import { DigestTreeWriter, makeSigningKey } from '../toolkit/integrity/digest-writer';

const ROOT = path.resolve(__dirname, '..');
const LOGS = path.join(ROOT, '__tests__', 'fixtures', 'cloudtrail', 'log-files');

async function main(out: string): Promise<void> {
  fs.rmSync(path.join(out, 'AWSLogs'), { recursive: true, force: true });
  const key = makeSigningKey();
  const writer = new DigestTreeWriter(out, {
    bucket: 'example-org-audit-logs',
    accountPath: 'o-example1234/218007301253',
    accountId: '218007301253',
    region: 'us-east-1',
    trailName: 'org-trail',
    homeRegion: 'us-east-1',
    privateKey: key.privateKey,
    fingerprint: key.fingerprint,
  });
  const logs = fs
    .readdirSync(LOGS)
    .filter((name) => name.startsWith('218007301253_CloudTrail_'))
    .sort()
    .map((name) => fs.readFileSync(path.join(LOGS, name), 'utf8'));
  const start = Date.UTC(2023, 6, 10, 12, 0, 0);
  await writer.writeHour(new Date(start), logs.slice(0, 2));
  const newest = await writer.writeHour(new Date(start + 3600_000), logs.slice(2));
  fs.writeFileSync(path.join(out, ...newest.key.split('/')) + '.sig', `${newest.signature}\n`);
  fs.writeFileSync(
    path.join(out, 'public-keys.json'),
    `${JSON.stringify({ PublicKeyList: [key.listEntry] }, null, 2)}\n`,
  );
}

main(path.resolve(process.argv[2] ?? path.join(ROOT, 'examples', 'evidence'))).catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exitCode = 1;
});
