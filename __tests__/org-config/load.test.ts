import * as fs from 'fs';
import * as path from 'path';
import { ConfigError } from '../../modules/core/errors';
import { loadConfig, parseConfig } from '../../modules/org-config/load';
import { ROOT, shippedConfig, SHIPPED_CONFIGS, tempDir } from '../support/synth';
import { BAD_CONFIGS, BASE, BadConfigCase } from './bad-configs';

function configText(c: BadConfigCase): string {
  if (c.text !== undefined) return c.text;
  const config = structuredClone(BASE) as Record<string, unknown>;
  for (const [dotted, value] of Object.entries(c.set ?? {})) {
    const keys = dotted.split('.');
    let target = config as Record<string, unknown>;
    for (const key of keys.slice(0, -1)) {
      target[key] ??= {};
      target = target[key] as Record<string, unknown>;
    }
    const last = keys[keys.length - 1];
    if (value === undefined) Reflect.deleteProperty(target, last);
    else target[last] = value;
  }
  return JSON.stringify(config, null, 2);
}

/**
 * The problems reported for `text`, each rendered twice: `path: message`, and with its position,
 * `path (line L, column C): message`, as ConfigError prints it. A case may expect either form.
 */
function problemsOf(text: string): string[] {
  try {
    parseConfig(text, 'test.json');
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems.flatMap((p) => {
      const where = p.line === undefined ? '' : `(line ${p.line}, column ${p.column})`;
      return p.path === ''
        ? [`${where}: ${p.message}`]
        : [`${p.path}: ${p.message}`, `${p.path} ${where}: ${p.message}`];
    });
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  test.each(SHIPPED_CONFIGS)('the shipped config %s is valid', (file) => {
    expect(() => shippedConfig(file)).not.toThrow();
  });

  test('fills every default of a minimal config', () => {
    const config = shippedConfig('__tests__/fixtures/bare.config.json');
    expect(config.deployment).toEqual({
      roleName: 'OrganizationAccountAccessRole',
      bootstrapRoleName: 'OrganizationAccountAccessRole',
      stateKeyPrefix: 'cdktf-audit-logging',
    });
    expect(config.logArchive).toEqual({
      accountId: '100000000002',
      retention: {
        transitionToInfrequentAccessDays: 90,
        transitionToGlacierDays: 365,
        transitionToDeepArchiveDays: null,
        expireAfterDays: 2557,
        noncurrentVersionExpirationDays: 90,
      },
      objectLock: { mode: 'GOVERNANCE', days: 365 },
      readerAccountIds: [],
      accessLogExpirationDays: 365,
      replication: null,
      evidenceSigning: null,
      search: null,
    });
    expect(config.trail).toEqual({
      name: 'organization-trail',
      dataEvents: { s3: 'none', lambda: 'none' },
      insights: false,
      cloudWatchLogsRetentionDays: 365,
      networkActivityEvents: [],
      excludeManagementEventSources: [],
    });
    expect(config.alarms).toEqual({
      emails: [],
      controls: 'cis',
      evasion: 'all',
      consoleSigninWithoutMfa: 'all',
      custom: [],
      deliveryHeartbeatMinutes: 60,
    });
    expect(config.analytics).toEqual({
      workgroupName: 'audit-logs',
      databaseName: 'audit_logs',
      tableName: 'cloudtrail',
      projectionStartDate: '2024/01/01',
      accountProjection: 'auto',
      resultsExpirationDays: 30,
      bytesScannedCutoffPerQuery: 107374182400,
      columnarCopy: { enabled: true, schedule: 'cron(30 5 * * ? *)' },
      quickSight: false,
      crawlerPrefixes: ['config-logs/'],
      crawlerSchedule: 'cron(0 3 * * ? *)',
    });
    expect(config.awsConfig).toEqual({ snapshotDeliveryFrequency: 'TwentyFour_Hours', flowLogsForEveryVpc: false });
    expect(config.members).toEqual([]);
    expect(config.tags).toEqual({});
  });

  test('fills member defaults: in the organization, Config on, nothing else', () => {
    const config = parseConfig(JSON.stringify(BASE));
    expect(config.members[0]).toEqual({
      name: 'payments',
      accountId: '444444444444',
      inOrganization: true,
      awsConfig: true,
      existingConfig: [],
      accountStatus: 'ACTIVE',
      standaloneTrail: false,
      sessionManagerLogs: false,
      vpcFlowLogs: [],
    });
    expect(config.awsConfig).toEqual({ snapshotDeliveryFrequency: 'TwentyFour_Hours', flowLogsForEveryVpc: false });
  });

  test('null turns a lifecycle step off', () => {
    const text = JSON.stringify({
      ...BASE,
      logArchive: { ...BASE.logArchive, retention: { transitionToInfrequentAccessDays: null, expireAfterDays: null } },
    });
    expect(parseConfig(text).logArchive.retention).toMatchObject({
      transitionToInfrequentAccessDays: null,
      expireAfterDays: null,
    });
  });

  test('accepts a file that starts with a byte order mark', () => {
    expect(parseConfig(`\uFEFF${JSON.stringify(BASE)}`).homeRegion).toBe('eu-west-1');
  });

  test('a missing file names its absolute path and the starter to copy, where it is, and no command-line switch', () => {
    const file = path.join(tempDir('missing'), 'nope.json');
    const fix =
      "Create it: copy examples/starter.config.json, this package's starter, and describe your organization in it " +
      "(the package's audit-config.schema.json has every field)";
    expect(() => loadConfig(file)).toThrow(`${file}: no such file. ${fix}`);
    // In an app, the installed package's copy, from the app's folder (the package ships it: package.json's files).
    const app = tempDir('app');
    const cwd = process.cwd();
    try {
      process.chdir(app);
      expect(() => loadConfig(file)).toThrow(ConfigError);
      const named = /copy (\S+), this package's starter/.exec(missingFileMessage(file))?.[1];
      expect(named).toBe(path.relative(app, path.join(ROOT, 'examples', 'starter.config.json')));
      expect(fs.existsSync(path.join(app, String(named)))).toBe(true);
    } finally {
      process.chdir(cwd);
    }
    expect(() => loadConfig(file)).not.toThrow(/--config|AUDIT_CONFIG/);
  });

  test('reads the file it is given', () => {
    const file = path.join(tempDir('read'), 'audit.json');
    fs.writeFileSync(file, JSON.stringify(BASE));
    expect(loadConfig(file).members.map((m) => m.name)).toEqual(['payments', 'sandbox']);
  });
});

describe('bad configs', () => {
  test.each(BAD_CONFIGS.map((c) => [c.title, c] as const))('%s', (_title, c) => {
    const problems = problemsOf(configText(c));
    for (const expected of c.expect) {
      expect(problems.some((p) => p.includes(expected)) ? expected : problems).toBe(expected);
    }
  });
});

describe('ConfigError', () => {
  test('lists every problem at once, in file order, with path, line and column', () => {
    const text = [
      '{',
      '  "organization": { "id": "o-abcdefghij", "managementAccountId": 111111111111 },',
      '  "homeRegion": "eu-west-1",',
      '  "governedRegions": ["eu-west-1"],',
      '  "trial": {},',
      '  "logArchive": { "accountId": "222222222222", "bucketName": "Bad_Name" }',
      '}',
    ].join('\n');
    expect(() => parseConfig(text, 'audit.config.json')).toThrow(
      [
        'audit.config.json: 3 problems; nothing was synthesized.',
        '  - organization.managementAccountId (line 2, column 66): must be a 12-digit string in quotes, like "012345678901" (a JSON number would lose leading zeros), not number 111111111111',
        '  - trial (line 5, column 3): unknown key; did you mean "trail"?',
        '  - logArchive.bucketName (line 6, column 62): "Bad_Name" is not a valid S3 bucket name: it may contain only lowercase letters, digits, dots and hyphens',
      ].join('\n'),
    );
  });

  test('a missing key points at the object that lacks it', () => {
    const text =
      '{\n  "organization": { "id": "o-abcdefghij" },\n  "homeRegion": "eu-west-1",\n  "governedRegions": ["eu-west-1"],\n  "logArchive": { "accountId": "222222222222" }\n}';
    expect(problemsOf(text)).toContain(
      'organization.managementAccountId (line 2, column 19): is required; must be a 12-digit string in quotes, like "012345678901" (a JSON number would lose leading zeros)',
    );
  });
});

/** The message loadConfig throws for `file`, which does not exist. */
function missingFileMessage(file: string): string {
  try {
    loadConfig(file);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${file} loaded`);
}
