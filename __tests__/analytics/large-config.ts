import { OrgConfig } from '../../modules/config/schema';
import { configOf } from '../policy/simulate';

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

/** An organization with `members` member accounts (AWS Config on) in 17 Regions. */
export function configWithAccounts(members: number): OrgConfig {
  return configOf({
    organization: { id: 'o-abcdefghij', managementAccountId: '111111111111' },
    homeRegion: 'eu-west-1',
    governedRegions: REGIONS_17,
    logArchive: { accountId: '222222222222', bucketName: 'acme-audit' },
    members: Array.from({ length: members }, (_, i) => ({
      name: `member-${i}`,
      accountId: String(100000000000 + i),
    })),
  });
}
