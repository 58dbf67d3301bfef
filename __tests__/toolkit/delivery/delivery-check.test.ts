import * as fs from 'fs';
import * as path from 'path';
import { parseConfig } from '../../../modules/org-config/load';
import {
  ArchiveLister,
  checkDelivery,
  DeliveryTarget,
  DeliveryInputError,
  deliveryExpectation,
  deliveryWindow,
  formatDeliveryReport,
  LocalArchiveLister,
  windowDays,
} from '../../../packages/cli/toolkit/delivery';
import { dayRanges } from '../../../packages/cli/toolkit/delivery/delivery-report';
import { deliveredFiles, MemoryArchive } from '../../../e2e/harness/memory-archive';
import { tempDir } from '../../support/synth';
import { runCliInProcess } from '../../support/cli';

/* verify-delivery's logic over an archive held in memory: what is expected, and which holes are found. */

const ORG = 'o-deliverytest1';
const BUCKET = 'audit-logs-100000000002-eu-west-1';
const MEMBER_LOGS = `${BUCKET}-member-logs`;

function config(members: unknown[] = [], extra: Record<string, unknown> = {}) {
  return parseConfig(
    JSON.stringify({
      organization: { id: ORG, managementAccountId: '100000000001' },
      homeRegion: 'eu-west-1',
      governedRegions: ['eu-west-1', 'us-east-1'],
      logArchive: { accountId: '100000000002' },
      members,
      ...extra,
    }),
  );
}

const MEMBERS = [
  { name: 'workloads', accountId: '200000000001' },
  { name: 'acquired', accountId: '200000000002', inOrganization: false, standaloneTrail: true },
  { name: 'no-config', accountId: '200000000003', awsConfig: false },
  { name: 'tower', accountId: '200000000004', awsConfig: 'control-tower' },
  { name: 'closed', accountId: '200000000005', accountStatus: 'SUSPENDED' },
  { name: 'outsider', accountId: '200000000006', inOrganization: false },
  { name: 'newcomer', accountId: '200000000007', evidenceSince: '2026-11-20' },
];

const pad = (n: number) => String(n).padStart(2, '0');

/** Writes what the target delivers on `day`, but for the kinds in `skip`. */
function deliver(archive: MemoryArchive, target: DeliveryTarget, day: string, skip: string[] = []): void {
  for (const file of deliveredFiles(target, day)) if (!skip.includes(file.kind)) archive.put(file.bucket, file.key);
}

describe('the window', () => {
  const today = new Date('2026-11-23T09:30:00Z');

  test('by default, the last 7 whole days before today (UTC)', () => {
    expect(deliveryWindow({}, today)).toEqual({ from: '2026-11-16', to: '2026-11-22' });
    expect(deliveryWindow({ to: '2026-11-10' }, today)).toEqual({ from: '2026-11-04', to: '2026-11-10' });
    expect(deliveryWindow({ from: '2026/11/20' }, today)).toEqual({ from: '2026-11-20', to: '2026-11-22' });
  });

  test.each([
    [{ from: '2026-11-31' }, '--from "2026-11-31" is not a day; give yyyy-MM-dd such as 2026-11-16'],
    [{ to: '22/11/2026' }, '--to "22/11/2026" is not a day'],
    [
      { from: '2026-11-20', to: '2026-11-19' },
      '--from 2026-11-20 is after --to 2026-11-19; give the earlier day first',
    ],
    [{ to: '2026-11-23' }, '--to 2026-11-23 is not over yet (today is 2026-11-23 UTC'],
    [{ from: '2025-01-01', to: '2026-11-01' }, 'is more than 366 days; check a long history a month at a time'],
  ])('%j is refused: %s', (options, message) => {
    expect(() => deliveryWindow(options, today)).toThrow(DeliveryInputError);
    expect(() => deliveryWindow(options, today)).toThrow(message);
  });

  test('days and month ranges across a month end', () => {
    expect(windowDays({ from: '2026-10-30', to: '2026-11-02' })).toEqual([
      '2026-10-30',
      '2026-10-31',
      '2026-11-01',
      '2026-11-02',
    ]);
    expect(dayRanges(['2026-10-30', '2026-10-31', '2026-11-01', '2026-11-05'])).toBe(
      '2026-10-30..2026-11-01, 2026-11-05',
    );
  });
});

describe('what the config expects', () => {
  const expectation = deliveryExpectation(config(MEMBERS));
  const target = (name: string, region = 'eu-west-1') =>
    expectation.targets.find((t) => t.name === name && t.region === region);

  test('organization accounts under the organization trail, an outside account under its own trail', () => {
    expect(target('workloads')).toEqual({
      accountId: '200000000001',
      name: 'workloads',
      region: 'eu-west-1',
      trail: { bucket: BUCKET, prefix: `AWSLogs/${ORG}/200000000001/` },
      config: { bucket: MEMBER_LOGS, prefix: 'config-logs/AWSLogs/200000000001/Config/eu-west-1/' },
    });
    expect(target('acquired')?.trail).toEqual({ bucket: BUCKET, prefix: 'AWSLogs/200000000002/' });
  });

  test('the management and log archive accounts are expected from the organization trail, without Config', () => {
    expect(target('management')).toEqual({
      accountId: '100000000001',
      name: 'management',
      region: 'eu-west-1',
      trail: { bucket: BUCKET, prefix: `AWSLogs/${ORG}/100000000001/` },
    });
    expect(target('log-archive', 'us-east-1')?.config).toBeUndefined();
  });

  test('every governed Region, evidenceSince carried, and what is not expected said with its reason', () => {
    expect(expectation.regions).toEqual(['eu-west-1', 'us-east-1']);
    expect(expectation.targets).toHaveLength(2 * 8);
    expect(target('newcomer')?.since).toBe('2026-11-20');
    expect(target('no-config')?.config).toBeUndefined();
    expect(target('tower')?.trail).toBeDefined();
    expect(target('closed')).toBeUndefined();
    expect(target('outsider')?.trail).toBeUndefined();
    expect(expectation.exclusions.map((e) => `${e.name}: ${e.reason}`)).toEqual([
      'closed: accountStatus is SUSPENDED: nothing is expected',
      'no-config: awsConfig is false: no AWS Config files expected',
      'outsider: outside the organization without standaloneTrail: no CloudTrail logs expected',
      "tower: awsConfig is Control Tower's: its Config files are in Control Tower's log archive",
    ]);
  });

  test('--accounts by id or name, --regions among the governed; anything else is refused with the fix', () => {
    const some = deliveryExpectation(config(MEMBERS), {
      accounts: ['workloads', '200000000002'],
      regions: ['us-east-1'],
    });
    expect(some.targets.map((t) => `${t.name} ${t.region}`)).toEqual(['acquired us-east-1', 'workloads us-east-1']);
    expect(() => deliveryExpectation(config(MEMBERS), { accounts: ['wrokloads'] })).toThrow(
      '--accounts wrokloads: no such account in the config; give account ids or member names',
    );
    expect(() => deliveryExpectation(config(MEMBERS), { regions: ['eu-central-1'] })).toThrow(
      '--regions eu-central-1: not in governedRegions (eu-west-1, us-east-1); give governed Regions only',
    );
  });

  test('evidenceSince must be a real day', () => {
    expect(() => config([{ name: 'a', accountId: '200000000001', evidenceSince: '2026-02-30' }])).toThrow(
      '"2026-02-30" is not a day; use yyyy-MM-dd such as "2026-11-16"',
    );
  });
});

describe('the check', () => {
  const window = { from: '2026-10-30', to: '2026-11-05' };
  const days = windowDays(window);
  const members = [
    { name: 'workloads', accountId: '200000000001' },
    { name: 'acquired', accountId: '200000000002', inOrganization: false, standaloneTrail: true },
    { name: 'quiet', accountId: '200000000003' },
    { name: 'newcomer', accountId: '200000000007', evidenceSince: '2026-11-03' },
  ];
  const expectation = deliveryExpectation(config(members));

  /** Everything delivered, then the holes `holes` makes. */
  function archiveWith(holes: (day: string, account: string, region: string) => string[] | 'nothing'): MemoryArchive {
    const archive = new MemoryArchive();
    for (const target of expectation.targets) {
      for (const day of days) {
        const skip = holes(day, target.accountId, target.region);
        if (skip === 'nothing') continue;
        deliver(archive, target, day, skip);
      }
    }
    return archive;
  }

  test('a complete archive: no gaps, and the request count the layout predicts', async () => {
    const archive = archiveWith(() => []);
    const report = await checkDelivery(expectation, window, archive, { counts: () => archive.counts });
    expect(report.gaps).toEqual([]);
    expect(report.complete).toBe(true);
    // 6 accounts x 2 Regions; each lists every month of the window (2) once for CloudTrail logs, once
    // for digests and, for the 4 members with Config, once for Config; the newcomer's evidenceSince
    // is in November, so its October is not listed.
    const trailRequests = 10 * 2 * 2 + 2 * 1 * 2;
    const configRequests = 2 * (3 * 2 + 1);
    expect(report.requests).toBe(trailRequests + configRequests);
    expect(report.configHistoryDays).toEqual({ present: 2 * (3 * 7 + 3), expected: 2 * (3 * 7 + 3) });
    expect(formatDeliveryReport(report)).toMatch(
      /^verify-delivery: 2026-10-30 to 2026-11-05 \(7 days\), 6 accounts in 2 Regions: complete\./,
    );
  });

  test('the report names exactly the holes: a missing day, a missing Region, digests without logs missing, Config off in one account', async () => {
    const archive = archiveWith((day, account, region) => {
      if (account === '200000000001' && day === '2026-11-01') return ['logs']; // a missing day of logs
      if (account === '200000000002' && region === 'us-east-1') return ['logs', 'digests']; // a Region never delivered
      if (account === '100000000001' && day >= '2026-11-04') return ['digests']; // digests stop, logs go on
      if (account === '200000000003') return ['snapshot', 'history']; // Config stopped
      if (account === '200000000007' && day < '2026-11-03') return 'nothing'; // before evidenceSince: not a gap
      if (account === '100000000002' && day === '2026-10-31') return ['history']; // a quiet day for Config: not a gap
      return [];
    });
    const report = await checkDelivery(expectation, window, archive, { counts: () => archive.counts });
    expect(report.gaps.map((g) => `${g.name} ${g.region} ${g.kind} ${dayRanges(g.days)}`)).toEqual([
      'acquired us-east-1 cloudtrail-logs 2026-10-30..2026-11-05',
      'acquired us-east-1 cloudtrail-digests 2026-10-30..2026-11-05',
      'management eu-west-1 cloudtrail-digests 2026-11-04..2026-11-05',
      'management us-east-1 cloudtrail-digests 2026-11-04..2026-11-05',
      'quiet eu-west-1 config-snapshots 2026-10-30..2026-11-05',
      'quiet us-east-1 config-snapshots 2026-10-30..2026-11-05',
      'workloads eu-west-1 cloudtrail-logs 2026-11-01',
      'workloads us-east-1 cloudtrail-logs 2026-11-01',
    ]);
    expect(report.complete).toBe(false);
    const text = formatDeliveryReport(report);
    expect(text).toContain('34 missing days of evidence in 4 accounts.');
    expect(text).toContain('L = CloudTrail log files, D = CloudTrail digest files, S = AWS Config snapshots');
    expect(text).toContain(
      [
        'account                   eu-west-1  us-east-1',
        'acquired    200000000002  ·          L7 D7',
        'management  100000000001  D2         D2',
        'quiet       200000000003  S7         S7',
        'workloads   200000000001  L1         L1',
      ].join('\n'),
    );
    expect(text).toContain(
      `management 100000000001 eu-west-1: CloudTrail digest files on 2026-11-04..2026-11-05 (log files arrived)\n    looked in s3://${BUCKET}/AWSLogs/${ORG}/100000000001/CloudTrail-Digest/eu-west-1/<yyyy/MM/dd>/`,
    );
    expect(text).toContain(
      `quiet 200000000003 eu-west-1: AWS Config snapshots on 2026-10-30..2026-11-05\n    looked in s3://${MEMBER_LOGS}/config-logs/AWSLogs/200000000003/Config/eu-west-1/<yyyy/M/d>/ConfigSnapshot/`,
    );
    expect(text).toContain('acquired 200000000002 us-east-1: CloudTrail log files on 2026-10-30..2026-11-05\n');
  });

  test('days as each service writes them: Config without leading zeros, CloudTrail with; the other form is not theirs', async () => {
    const one = deliveryExpectation(config([{ name: 'workloads', accountId: '200000000001' }]), {
      accounts: ['workloads'],
      regions: ['eu-west-1'],
    });
    const archive = new MemoryArchive();
    const day = { from: '2026-11-05', to: '2026-11-05' };
    deliver(archive, one.targets[0], '2026-11-05', ['snapshot', 'history']);
    archive.put(MEMBER_LOGS, 'config-logs/AWSLogs/200000000001/Config/eu-west-1/2026/11/05/ConfigSnapshot/x.json.gz');
    expect((await checkDelivery(one, day, archive)).gaps.map((g) => g.kind)).toEqual(['config-snapshots']);
    archive.put(MEMBER_LOGS, 'config-logs/AWSLogs/200000000001/Config/eu-west-1/2026/11/5/ConfigSnapshot/x.json.gz');
    expect((await checkDelivery(one, day, archive)).gaps).toEqual([]);
    const trail = new MemoryArchive();
    deliver(trail, one.targets[0], '2026-11-05', ['logs']);
    trail.put(BUCKET, `AWSLogs/${ORG}/200000000001/CloudTrail/eu-west-1/2026/11/5/x.json.gz`);
    expect((await checkDelivery(one, day, trail)).gaps.map((g) => g.kind)).toEqual(['cloudtrail-logs']);
  });

  test("a month of Config is one listing: a day's history files roll up at ':', and one without ':' still counts", async () => {
    const one = deliveryExpectation(config([{ name: 'workloads', accountId: '200000000001' }]), {
      accounts: ['workloads'],
      regions: ['eu-west-1'],
    });
    const archive = new MemoryArchive();
    const base = 'config-logs/AWSLogs/200000000001/Config/eu-west-1/2026/11/';
    for (let day = 1; day <= 30; day += 1) {
      deliver(archive, one.targets[0], `2026-11-${pad(day)}`, ['history']);
      for (let i = 0; i < 100; i += 1)
        archive.put(
          MEMBER_LOGS,
          `${base}${day}/ConfigHistory/200000000001_Config_eu-west-1_ConfigHistory_AWS::EC2::Type${i}_x.json.gz`,
        );
    }
    archive.put(MEMBER_LOGS, `${base}2/ConfigHistory/200000000001_Config_eu-west-1_ConfigHistory_no-colon.json.gz`);
    const report = await checkDelivery(one, { from: '2026-11-01', to: '2026-11-30' }, archive, {
      counts: () => archive.counts,
    });
    expect(report.gaps).toEqual([]);
    expect(report.configHistoryDays).toEqual({ present: 30, expected: 30 });
    // 3,030 history files and 30 snapshots, in one page: logs, digests and Config, one request each.
    expect(report.requests).toBe(3);
  });

  test('a copy on disk (one folder per bucket) gives the report the same objects give from S3', async () => {
    const archive = archiveWith((day, account, region) => {
      if (account === '200000000001' && day === '2026-11-01') return ['logs'];
      if (account === '200000000003') return ['snapshot', 'history'];
      if (account === '100000000001' && region === 'us-east-1' && day >= '2026-11-04') return ['digests'];
      return [];
    });
    const copy = tempDir('delivery-copy');
    for (const { bucket, key, size } of archive.objects()) {
      const file = path.join(copy, bucket, ...key.split('/'));
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, Buffer.alloc(size));
    }
    const fromS3 = await checkDelivery(expectation, window, archive, { counts: () => archive.counts });
    const lister = new LocalArchiveLister(copy);
    const fromCopy = await checkDelivery(expectation, window, lister, { counts: () => lister.counts });
    const withoutTimes = (report: typeof fromS3) => ({ ...report, seconds: 0, requests: 0, attempts: 0 });
    expect(withoutTimes(fromCopy)).toEqual(withoutTimes(fromS3));
    expect(fromCopy.gaps.length).toBe(5);
    // A bucket the copy lacks is named, with the command that copies it.
    fs.rmSync(path.join(copy, MEMBER_LOGS), { recursive: true });
    await expect(checkDelivery(expectation, window, new LocalArchiveLister(copy))).rejects.toThrow(
      `no copy of s3://${MEMBER_LOGS} in ${copy}: the copy holds each bucket in a folder of its name (aws s3 sync s3://${MEMBER_LOGS} ${path.join(copy, MEMBER_LOGS)})`,
    );
  });

  test('verify-delivery --archive reads the copy offline: exit 0 complete, 1 with a gap, 2 for a copy that is not a folder', async () => {
    const dir = tempDir('delivery-cli');
    const file = path.join(dir, 'audit.config.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        organization: { id: ORG, managementAccountId: '100000000001' },
        homeRegion: 'eu-west-1',
        governedRegions: ['eu-west-1'],
        logArchive: { accountId: '100000000002' },
        members: [],
      }),
    );
    const one = deliveryExpectation(parseConfig(fs.readFileSync(file, 'utf8')));
    const copy = path.join(dir, 'copy');
    for (const target of one.targets)
      for (const { bucket, key } of deliveredFiles(target, '2026-11-05')) {
        const object = path.join(copy, bucket, ...key.split('/'));
        fs.mkdirSync(path.dirname(object), { recursive: true });
        fs.writeFileSync(object, '');
      }
    const run = (archive: string, day: string) =>
      runCliInProcess(['verify-delivery', '--config', file, '--archive', archive, '--from', day, '--to', day]);
    const complete = await run(copy, '2026-11-05');
    expect([complete.status, complete.stderr]).toEqual([0, '']);
    expect(complete.stdout).toMatch(
      /^verify-delivery: 2026-11-05 to 2026-11-05 \(1 day\), 2 accounts in 1 Region: complete\./,
    );
    expect((await run(copy, '2026-11-06')).status).toBe(1);
    const notAFolder = await run(file, '2026-11-05');
    expect(notAFolder.status).toBe(2);
    expect(notAFolder.stderr).toContain(`--archive ${file} is not a folder: give the copy, one folder per bucket`);
  });

  test('a listing error stops the check with its message', async () => {
    const failing: ArchiveLister = { list: () => Promise.reject(new Error('cannot list s3://b/p: AccessDenied')) };
    await expect(checkDelivery(expectation, window, failing)).rejects.toThrow('AccessDenied');
  });
});

describe('the application logs', () => {
  const window = { from: '2026-11-16', to: '2026-11-22' };
  const days = windowDays(window);
  const members = [
    { name: 'payments', accountId: '200000000001' },
    { name: 'acquired', accountId: '200000000002', inOrganization: false, standaloneTrail: true },
    { name: 'quiet', accountId: '200000000003' },
    { name: 'sandbox', accountId: '200000000004' },
    // A member in the log archive account: it sends nothing (no policy names a destination of its own account).
    { name: 'archive-workloads', accountId: '100000000002' },
  ];
  const expectation = deliveryExpectation(
    config(members, { applicationLogs: { enabled: true, optedOutMembers: ['sandbox'] } }),
  );

  test('are looked for from every sending member and Region, under application-logs/<account>/<region>/', () => {
    const sending = expectation.targets.filter((t) => t.applicationLogs !== undefined);
    expect(sending.map((t) => `${t.name} ${t.region} ${t.applicationLogs?.prefix}`)).toEqual([
      'acquired eu-west-1 application-logs/200000000002/eu-west-1/',
      'acquired us-east-1 application-logs/200000000002/us-east-1/',
      'payments eu-west-1 application-logs/200000000001/eu-west-1/',
      'payments us-east-1 application-logs/200000000001/us-east-1/',
      'quiet eu-west-1 application-logs/200000000003/eu-west-1/',
      'quiet us-east-1 application-logs/200000000003/us-east-1/',
    ]);
    expect(new Set(sending.map((t) => t.applicationLogs?.bucket))).toEqual(new Set([MEMBER_LOGS]));
    // Without applicationLogs in the config, nothing is looked for and the report has no section.
    expect(deliveryExpectation(config(members)).targets.some((t) => t.applicationLogs !== undefined)).toBe(false);
  });

  test('a day or a Region without them is counted, never a gap; an account-Region silent all window is named', async () => {
    const archive = new MemoryArchive();
    for (const target of expectation.targets) {
      for (const day of days) {
        const quietDay = target.accountId === '200000000001' && day === '2026-11-18';
        const silent =
          target.accountId === '200000000003' || (target.name === 'acquired' && target.region === 'us-east-1');
        deliver(archive, target, day, quietDay || silent ? ['application-logs'] : []);
      }
    }
    const report = await checkDelivery(expectation, window, archive, { counts: () => archive.counts });
    expect(report.complete).toBe(true);
    expect(report.gaps).toEqual([]);
    expect(report.applicationLogs).toEqual({
      days: { present: 3 * 7 - 2, expected: 6 * 7 }, // payments' quiet day is quiet in both Regions
      delivered: [
        { accountId: '200000000002', name: 'acquired', region: 'eu-west-1' },
        { accountId: '200000000001', name: 'payments', region: 'eu-west-1' },
        { accountId: '200000000001', name: 'payments', region: 'us-east-1' },
      ],
      silent: [
        { accountId: '200000000002', name: 'acquired', region: 'us-east-1' },
        { accountId: '200000000003', name: 'quiet', region: 'eu-west-1' },
        { accountId: '200000000003', name: 'quiet', region: 'us-east-1' },
      ],
    });
    const text = formatDeliveryReport(report);
    expect(text).toContain(
      'Application logs on 19 of 42 account-Region days, from 3 of 6 account-Regions (not a gap when absent',
    );
    expect(text).toContain(
      'Nothing in the window from:\n  acquired 200000000002 us-east-1\n  quiet 200000000003 eu-west-1\n  quiet 200000000003 us-east-1',
    );
    // One listing per sending account-Region and month, beside the trail's and Config's.
    const withoutApplicationLogs = await checkDelivery(deliveryExpectation(config(members)), window, archive);
    expect(withoutApplicationLogs.applicationLogs).toBeUndefined();
    expect(formatDeliveryReport(withoutApplicationLogs)).not.toContain('Application logs');
  });

  test("a day folder that is not Firehose's (not zero-padded) does not count", async () => {
    const archive = new MemoryArchive();
    const payments = expectation.targets.find((t) => t.name === 'payments' && t.region === 'eu-west-1');
    archive.put(MEMBER_LOGS, 'application-logs/200000000001/eu-west-1/2026/11/7/x.gz');
    archive.put(MEMBER_LOGS, 'application-logs/200000000001/eu-west-1/2026/11/08/x.gz');
    const early = { from: '2026-11-05', to: '2026-11-11' };
    const report = await checkDelivery({ ...expectation, targets: [payments as DeliveryTarget] }, early, archive);
    expect(report.applicationLogs?.days).toEqual({ present: 1, expected: 7 });
    expect(report.applicationLogs?.silent).toEqual([]);
  });
});
