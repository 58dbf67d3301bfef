import { OrgConfig } from '../../modules/org-config/schema';
import { configOf } from '../stacks/policy/simulate';

/** 17 commercial Regions, starting with the home Region of the large configs. */
export const REGIONS_17 = [
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-north-1',
  'eu-south-1',
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'sa-east-1',
  'ap-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-southeast-1',
  'ap-southeast-2',
];

/** What the members of a large config turn on. */
export interface LargeConfigOptions {
  /** Members outside the organization, each with a standalone trail. @default 0 */
  readonly outside?: number;
  /**
   * Every member also logs sessions and one VPC's flows, and the organization takes the largest
   * guardrails: a delegated administrator owns the trail (its alarms are protected by name) and three
   * break-glass roles. @default false
   */
  readonly allFeatures?: boolean;
  /** Reader accounts. @default 0 */
  readonly readers?: number;
}

/** The config of an organization with `members` member accounts (AWS Config on) in 17 Regions. */
export function largeConfigInput(members: number, options: LargeConfigOptions = {}): Record<string, unknown> {
  const features = (i: number) =>
    options.allFeatures
      ? { sessionManagerLogs: true, vpcFlowLogs: [{ vpcId: `vpc-${(0x10000000 + i).toString(16)}` }] }
      : {};
  return {
    organization: { id: 'o-abcdefghij', managementAccountId: '111111111111' },
    homeRegion: 'eu-west-1',
    governedRegions: REGIONS_17,
    logArchive: {
      accountId: '222222222222',
      bucketName: 'acme-audit',
      readerAccountIds: Array.from({ length: options.readers ?? 0 }, (_, i) => String(300000000000 + i)),
    },
    ...(options.allFeatures
      ? {
          trail: { accountId: '110000000000' },
          guardrails: {
            breakGlassPrincipalArns: [
              'BreakGlass',
              'IncidentResponse',
              'aws-reserved/sso.amazonaws.com/AWSReservedSSO_BreakGlass_*',
            ].map((name) => `arn:aws:iam::222222222222:role/${name}`),
          },
        }
      : {}),
    members: [
      ...Array.from({ length: members }, (_, i) => ({
        name: `member-${i}`,
        accountId: String(100000000000 + i),
        ...features(i),
      })),
      ...Array.from({ length: options.outside ?? 0 }, (_, i) => ({
        name: `outside-${i}`,
        accountId: String(200000000000 + i),
        inOrganization: false,
        standaloneTrail: true,
        ...features(members + i),
      })),
    ],
  };
}

/** {@link largeConfigInput}, validated. */
export function configWithAccounts(members: number, options: LargeConfigOptions = {}): OrgConfig {
  return configOf(largeConfigInput(members, options));
}
