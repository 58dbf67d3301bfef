import { Construct } from 'constructs';
import { OrgConfig } from '../modules/config/schema';
import { LOG_ARCHIVE_STACK_NAME } from '../modules/core/naming';
import { AccountStack } from '../modules/deployment/account-stack';
import { accountStackProps } from './account-props';

/**
 * The log archive account: where every account's audit evidence lands (central bucket, its key and
 * policies, access logs, and the Glue and Athena resources that query it). Deployed first.
 */
export class LogArchiveStack extends AccountStack {
  public constructor(scope: Construct, config: OrgConfig) {
    super(scope, LOG_ARCHIVE_STACK_NAME, accountStackProps(config, config.logArchive.accountId));
  }
}
