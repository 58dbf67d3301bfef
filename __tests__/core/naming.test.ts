import { parseConfig } from '../../modules/org-config/load';
import { AuditNaming, derivedBucketNames, memberStackName } from '../../modules/core/naming';
import { BASE } from '../org-config/bad-configs';

const naming = (overrides: Record<string, unknown> = {}) =>
  AuditNaming.fromConfig(parseConfig(JSON.stringify({ ...BASE, ...overrides })));

describe('AuditNaming', () => {
  test('derives the log bucket name from the archive account and home Region', () => {
    expect(naming().logBucketName).toBe('audit-logs-222222222222-eu-west-1');
    expect(naming().logBucketArn).toBe('arn:aws:s3:::audit-logs-222222222222-eu-west-1');
    expect(naming().accessLogBucketName).toBe('audit-logs-222222222222-eu-west-1-access-logs');
  });

  test('uses logArchive.bucketName when given', () => {
    const n = naming({ logArchive: { accountId: '222222222222', bucketName: 'acme-audit' } });
    expect([n.logBucketName, n.accessLogBucketName]).toEqual(['acme-audit', 'acme-audit-access-logs']);
  });

  test('names the key alias in the archive account and home Region', () => {
    expect(naming().logKeyAliasName).toBe('alias/audit-logs');
    expect(naming().logKeyAliasArn).toBe('arn:aws:kms:eu-west-1:222222222222:alias/audit-logs');
  });

  test('places the organization trail in the management account by default', () => {
    expect(naming().trailAccountId).toBe('111111111111');
    expect(naming().trailArn).toBe('arn:aws:cloudtrail:eu-west-1:111111111111:trail/org-trail');
  });

  test('deploys the organization trail from the delegated administrator when trail.accountId is set', () => {
    const n = naming({ trail: { accountId: '333333333333', name: 'org-trail' } });
    expect(n.trailAccountId).toBe('333333333333');
  });

  test('keeps the management account in the trail ARN and prefix under a delegated administrator', () => {
    const n = naming({ trail: { accountId: '333333333333', name: 'org-trail' } });
    expect(n.trailOwnerAccountId).toBe('111111111111');
    expect(n.trailArn).toBe('arn:aws:cloudtrail:eu-west-1:111111111111:trail/org-trail');
    expect(n.managementAccountPrefix).toBe('AWSLogs/111111111111/');
  });

  test('names member account trails and their prefixes by the member account', () => {
    expect(naming().memberTrailArn('444444444444')).toBe(
      'arn:aws:cloudtrail:eu-west-1:444444444444:trail/account-trail',
    );
    expect(naming().memberTrailPrefix('444444444444')).toBe('AWSLogs/444444444444/');
    expect(naming().memberConfigPrefix('444444444444')).toBe('config-logs/AWSLogs/444444444444/Config/');
  });

  test('names the replica bucket only when replication is on', () => {
    expect(naming().replicaBucketName).toBeUndefined();
    const on = naming({ logArchive: { accountId: '222222222222', replication: { region: 'eu-central-1' } } });
    expect(on.replicaBucketName).toBe('audit-logs-222222222222-eu-west-1-replica');
    const named = naming({
      logArchive: { accountId: '222222222222', replication: { region: 'eu-central-1', bucketName: 'dr-copy' } },
    });
    expect(named.replicaBucketName).toBe('dr-copy');
  });

  test('gives the CloudTrail and Config prefixes of the central bucket', () => {
    expect(naming().organizationTrailPrefix).toBe('AWSLogs/o-abcdefghij/');
    expect(naming().configPrefix).toBe('config-logs');
  });

  test('uses the partition of the home Region in every ARN', () => {
    const n = naming({ homeRegion: 'us-gov-west-1', governedRegions: ['us-gov-west-1'] });
    expect(n.partition).toBe('aws-us-gov');
    expect(n.logBucketArn).toBe('arn:aws-us-gov:s3:::audit-logs-222222222222-us-gov-west-1');
    expect(n.trailArn).toMatch(/^arn:aws-us-gov:cloudtrail:us-gov-west-1:/);
    expect(n.deployRoleArn('444444444444')).toBe('arn:aws-us-gov:iam::444444444444:role/OrganizationAccountAccessRole');
  });

  test('names member stacks member-<name>', () => {
    expect(memberStackName({ name: 'payments' })).toBe('member-payments');
  });

  test('every derived bucket name starts with the log bucket name', () => {
    for (const name of Object.values(derivedBucketNames('acme-audit')))
      expect(name.startsWith('acme-audit-')).toBe(true);
  });
});
