import { awsFact } from '../../modules/core/aws-facts';
import {
  describeOpenings,
  REGION_DENY_EXEMPT_ACTIONS,
  REGION_DENY_REGIONAL_SERVICES,
  regionDenyOpenings,
  type RegionalOpening,
  type RegionDenyStatementShape,
  serviceOf,
} from '../../modules/core/region-deny-exemptions';

/*
 * The Region deny's exemptions as data: AWS Control Tower's list, and which of its services are
 * Regional, each with the General Reference page of its endpoints and, where narrowed, the AWS fact
 * that allows it.
 */

describe('the Regional services of the Region deny exemptions', () => {
  test('each is named once, in order, and exempts actions of the list', () => {
    const services = REGION_DENY_REGIONAL_SERVICES.map((s) => s.service);
    expect(services).toEqual([...new Set(services)].sort());
    for (const service of services) {
      expect(REGION_DENY_EXEMPT_ACTIONS.filter((a) => serviceOf(a) === service).length).toBeGreaterThan(0);
    }
  });

  test('each cites the General Reference page of its Regional endpoints', () => {
    for (const { endpoints } of REGION_DENY_REGIONAL_SERVICES) {
      expect(endpoints).toMatch(/^https:\/\/docs\.aws\.amazon\.com\/general\/latest\/gr\/[a-z0-9-]+\.html$/);
    }
  });

  test('a service spared in us-east-1 only names the AWS fact that allows it', () => {
    const narrowed = REGION_DENY_REGIONAL_SERVICES.filter((s) => s.onlyInGlobalServicesRegion !== undefined);
    expect(narrowed.map((s) => s.service)).toEqual(['acm', 'kms', 'wafv2']);
    for (const { onlyInGlobalServicesRegion } of narrowed) {
      expect(awsFact(onlyInGlobalServicesRegion ?? '').kind).toBe('scope');
    }
  });
});

const deny = (regions: string[], notAction: string[]) => ({
  Effect: 'Deny',
  NotAction: notAction,
  Condition: { StringNotEquals: { 'aws:RequestedRegion': regions } },
});
const kmsInUsEast1 = {
  Effect: 'Deny',
  Action: 'kms:*',
  Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1', 'us-east-1'] } },
};

/** Statements, the governed Regions, and what the deny leaves open. */
// prettier-ignore
const OPENING_CASES: readonly [string, string[], RegionDenyStatementShape[], RegionalOpening[]][] = [
  ['a global service', ['eu-west-1'], [deny(['eu-west-1'], ['iam:*'])], []],
  ['a Regional service, in every Region', ['eu-west-1'], [deny(['eu-west-1'], ['config:*'])], [{ service: 'config', actions: ['config:*'] }]],
  ['a Regional service a narrower deny spares in us-east-1', ['eu-west-1'], [deny(['eu-west-1'], ['kms:*']), kmsInUsEast1], [{ service: 'kms', actions: ['kms:*'], regions: ['us-east-1'] }]],
  ['the same where us-east-1 is governed', ['eu-west-1', 'us-east-1'], [deny(['eu-west-1', 'us-east-1'], ['kms:*']), kmsInUsEast1], []],
  ['a NotAction deny with no Region condition', ['eu-west-1'], [{ Effect: 'Deny', NotAction: ['config:*'] }], []],
];

describe('regionDenyOpenings', () => {
  test.each(OPENING_CASES)('%s', (_title, governed, statements, expected) => {
    expect(regionDenyOpenings(statements, governed)).toEqual(expected);
  });

  test('in words: whole services, then single operations, by where they stay usable', () => {
    expect(
      describeOpenings([
        { service: 'config', actions: ['config:*'] },
        { service: 'ec2', actions: ['ec2:DescribeRegions'] },
        { service: 'kms', actions: ['kms:*'], regions: ['us-east-1'] },
        { service: 'sts', actions: ['sts:*'] },
      ]),
    ).toBe('config and sts (and single operations of ec2) in every Region it closes; kms in us-east-1');
  });
});
