import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { OrgConfig } from '../modules/org-config/schema';
import { AuditLoggingError } from '../modules/core/errors';
import { STATE_STACK_NAME } from '../modules/core/naming';
import { AccountStack } from '../modules/deployment/account-stack';
import { TerraformStateBucket } from '../modules/deployment/state-bucket';
import { accountStackProps, stateAccountId } from './account-props';

/**
 * The Terraform state bucket named by `deployment.stateBucket`, in its account and Region. Its own
 * state lives in the bucket like every other stack's: `state bootstrap` applies it once with local
 * state and moves that state into the bucket it created. Deployed before the log archive.
 */
export class StateStack extends AccountStack {
  /** The bucket. */
  public readonly stateBucket: TerraformStateBucket;

  public constructor(scope: Construct, config: OrgConfig) {
    const bucketName = config.deployment.stateBucket;
    if (bucketName === undefined) {
      throw new AuditLoggingError(
        'deployment.stateBucket: the state stack needs a bucket name; set deployment.stateBucket',
      );
    }
    const region = config.deployment.stateRegion ?? config.homeRegion;
    super(scope, STATE_STACK_NAME, { ...accountStackProps(config, stateAccountId(config)), region });
    this.stateBucket = new TerraformStateBucket(this, 'state-bucket', { bucketName });
    new TerraformOutput(this, 'state_bucket_arn', { value: this.stateBucket.bucket.bucketArn });
  }
}
