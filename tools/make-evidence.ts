/**
 * Writes examples/evidence: a small local copy of an organization trail's logs, as `aws s3 sync`
 * would bring it, to try `cdktf-audit-logging verify-logs` on. The log files are the three real
 * CloudTrail log files of the test corpus (__tests__/fixtures/cloudtrail/log-files, see its
 * SOURCES.md), delivered in two hours; the digests are written and signed as CloudTrail does,
 * with a key made here whose public half is saved as public-keys.json (CloudTrail's own keys
 * cannot sign new digests). Each chain's last digest has its signature saved beside it as `.sig`
 * (a copy loses S3 metadata; `aws s3api head-object` gives it).
 *
 * Then the organization trail is stopped and started, as CloudTrail records and delivers it: a
 * StopLogging at 14:20 in the hour's log file and that hour's digest (the CloudTrail API reference,
 * UpdateTrail EnableLogFileValidation: "the chain of digest files is broken after one hour ... The
 * same applies whenever you stop CloudTrail logging"), no digest while logging is off, and a
 * StartLogging at 17:05 whose hour's digest starts a new chain (no previous digest). The two
 * records are the corpus's successful StartLogging record with the name, time, identity and IDs
 * changed: they are constructed, not delivered by AWS.
 *
 * node --conditions=audit-logging-source -r ./tools/swc-register.js tools/make-evidence.ts [folder]   (default examples/evidence)
 */
import * as fs from 'fs';
import * as path from 'path';
import { DigestTreeWriter, makeSigningKey } from '../packages/cli/toolkit/integrity/digest-writer';

const ROOT = path.resolve(__dirname, '..');
const LOGS = path.join(ROOT, '__tests__', 'fixtures', 'cloudtrail', 'log-files');

async function main(out: string): Promise<void> {
  fs.rmSync(path.join(out, 'AWSLogs'), { recursive: true, force: true });
  const key = makeSigningKey();
  const writer = new DigestTreeWriter(out, {
    bucket: 'audit-logs-218007301254-us-east-1',
    accountPath: 'o-example1234/218007301253',
    accountId: '218007301253',
    region: 'us-east-1',
    trailName: 'organization-trail',
    homeRegion: 'us-east-1',
    privateKey: key.privateKey,
    fingerprint: key.fingerprint,
  });
  const logs = fs
    .readdirSync(LOGS)
    .filter((name) => name.startsWith('218007301253_CloudTrail_'))
    .sort()
    .map((name) => fs.readFileSync(path.join(LOGS, name), 'utf8'));
  const hour = (h: number) => new Date(Date.UTC(2023, 6, 10, h, 0, 0));
  await writer.writeHour(hour(12), logs.slice(0, 2));
  await writer.writeHour(hour(13), logs.slice(2));
  const [template] = (JSON.parse(logs[0]) as { Records: Record<string, unknown>[] }).Records.filter(
    (r) => r.eventName === 'StartLogging' && r.errorCode === undefined,
  );
  const stopped = await writer.writeHour(hour(14), [
    trailCall(template, 'StopLogging', '2023-07-10T14:20:05Z', '6c1f3a52-0d7e-4c38-9f5e-2b7d8a41e901'),
  ]);
  writer.stopLogging();
  const started = await writer.writeHour(hour(17), [
    trailCall(template, 'StartLogging', '2023-07-10T17:05:41Z', '9a0e7c44-51b2-4f0d-8d6a-c3e1f27b5a18'),
  ]);
  for (const end of [stopped, started]) {
    fs.writeFileSync(path.join(out, ...end.key.split('/')) + '.sig', `${end.signature}\n`);
  }
  fs.writeFileSync(
    path.join(out, 'public-keys.json'),
    `${JSON.stringify({ PublicKeyList: [key.listEntry] }, null, 2)}\n`,
  );
}

/** A call on the organization trail by the management account's administrator, as a log file's content. */
function trailCall(template: Record<string, unknown>, eventName: string, eventTime: string, id: string): string {
  const record = {
    ...template,
    userIdentity: {
      type: 'AssumedRole',
      principalId: 'AROATFQR7NSCEXAMPLE01:admin-session',
      arn: 'arn:aws:sts::218007301253:assumed-role/OrganizationAdmin/admin-session',
      accountId: '218007301253',
      accessKeyId: 'ASIATFQR7NSCEXAMPLE1',
    },
    eventTime,
    eventName,
    sourceIPAddress: '198.51.100.24',
    userAgent: 'aws-cli/2.13.0',
    requestParameters: { name: 'arn:aws:cloudtrail:us-east-1:218007301253:trail/organization-trail' },
    responseElements: null,
    requestID: id.replace(/^.{8}/, '0ddc0ffe'),
    eventID: id,
    recipientAccountId: '218007301253',
  };
  return JSON.stringify({ Records: [record] });
}

main(path.resolve(process.argv[2] ?? path.join(ROOT, 'examples', 'evidence'))).catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exitCode = 1;
});
