import { Construct } from 'constructs';
import { MemberConfig, OrgConfig } from '../modules/config/schema';
import { memberStackName } from '../modules/core/naming';
import { AccountStack } from '../modules/deployment/account-stack';
import { accountStackProps } from './account-props';

/**
 * One member account: AWS Config delivery to the central bucket and, for an account outside the
 * organization trail, its own trail. Deployed after the log archive and organization stacks.
 */
export class MemberStack extends AccountStack {
  /** The member this stack deploys. */
  public readonly member: MemberConfig;

  public constructor(scope: Construct, config: OrgConfig, member: MemberConfig) {
    super(scope, memberStackName(member), accountStackProps(config, member.accountId));
    this.member = member;
  }
}
