import { OrgConfig } from '../../modules/org-config/schema';
import { configOf } from '../stacks/policy/simulate';
import { largeConfigInput } from './large-config';

/**
 * A config with 300 accounts and 17 Regions whose CloudTrail table lists its accounts: the enum at
 * its largest likely use (auto would switch to injected here).
 */
export function enumConfigOf300Accounts(): OrgConfig {
  return configOf({ ...largeConfigInput(300), analytics: { accountProjection: 'enum' } });
}
