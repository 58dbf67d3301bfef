import { AwsProvider, AwsProviderConfig } from '@cdktf/provider-aws/lib/provider';
import { LocalBackend, S3Backend, TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import {
  ACCOUNT_STACK_BRAND,
  AccountContext,
  accountContextOf,
  isAccountContext,
  StackArnComponents,
} from '../core/account-context';
import { formatArn } from '../core/arn';
import { AwsPartition, partitionOf } from '../core/regions';
import { ORGANIZATION_ACCOUNT_ACCESS_ROLE_NAME } from '../core/naming';
import { standardTags } from '../core/tags';
import { AccountAwsProvider } from './account-aws-provider';
import { prepareCrossStackReferences } from './cross-stack-preparation';
import { stackTerraformJson } from './stack-terraform-json';
import { validateProps } from '../core/prop-validation';

export { NotInAccountStackError, type StackArnComponents } from '../core/account-context';

/** Where a stack keeps its Terraform state in S3. */
export interface StateBackendProps {
  /** Bucket holding the state of every stack. */
  readonly bucket: string;
  /** Region of the bucket. */
  readonly region: string;
  /**
   * Key prefix; the stack's state is `<keyPrefix>/<stack name>.tfstate`.
   * @default 'cdktf-audit-logging'
   */
  readonly keyPrefix?: string;
  /**
   * Role the backend assumes to reach the bucket (for a state bucket in another account).
   * @default - none: the caller's own credentials
   */
  readonly roleArn?: string;
}

/** Props of {@link AccountStack}. */
export interface AccountStackProps {
  /** The account this stack deploys into. The provider refuses any other (`allowed_account_ids`). */
  readonly accountId: string;
  /** Region of the provider. */
  readonly region: string;
  /**
   * Role assumed in `accountId` to deploy, by name.
   * @default 'OrganizationAccountAccessRole'
   */
  readonly deployRoleName?: string;
  /**
   * S3 backend with native locking (`use_lockfile`).
   * @default - local state in `terraform.<stack name>.tfstate` at the project root, next to cdktf.out
   */
  readonly stateBackend?: StateBackendProps;
  /**
   * Tags for every resource, beside `ManagedBy` and `Stack`.
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * A Terraform stack bound to one AWS account: its own AWS provider that assumes the deploy role in
 * that account and refuses to touch any other, its own state, and standard tags on everything.
 *
 * The stack's name (its construct id) is its state key and its `Stack` tag; keep it stable.
 */
export class AccountStack extends TerraformStack implements AccountContext {
  /** Whether `x` is an AccountStack, of this copy of the package or another. */
  public static isAccountStack(x: unknown): x is AccountStack {
    return isAccountContext(x);
  }

  /**
   * The AccountStack that `scope` is in (or is): where a construct reads its account, Region and
   * partition, as the AWS CDK's `Stack.of(this)`.
   * @throws NotInAccountStackError when no scope of `scope` is an AccountStack
   */
  public static override of(scope: IConstruct): AccountStack {
    return accountContextOf(scope) as AccountStack;
  }

  /** The account this stack deploys into. */
  public readonly accountId: string;
  /** Region of the stack's provider. */
  public readonly region: string;
  /** ARN partition of `region`: `aws`, `aws-cn` or `aws-us-gov`. */
  public readonly partition: AwsPartition;
  /** The stack's AWS provider, in `region`. */
  public readonly provider: AwsProvider;

  private readonly providerConfig: AwsProviderConfig;
  private readonly regionalProviders = new Map<string, AwsProvider>();
  /** Whether addOverride() was called on the stack itself (see toTerraform()). */
  private hasStackOverrides = false;

  public constructor(scope: Construct, name: string, props: AccountStackProps) {
    super(scope, name);
    Object.defineProperty(this, ACCOUNT_STACK_BRAND, { value: true });
    validateProps(this, props);
    this.accountId = props.accountId;
    this.region = props.region;
    this.partition = partitionOf(props.region);
    const roleName = props.deployRoleName ?? ORGANIZATION_ACCOUNT_ACCESS_ROLE_NAME;

    this.providerConfig = {
      region: props.region,
      allowedAccountIds: [props.accountId],
      assumeRole: [
        {
          roleArn: this.formatArn({ service: 'iam', region: '', resource: 'role', resourceName: roleName }),
          // Shows in CloudTrail as the session name: who changed what, from which stack.
          sessionName: `cdktf-audit-${name}`.slice(0, 64),
        },
      ],
      defaultTags: [{ tags: standardTags(name, props.tags) }],
    };
    this.provider = new AccountAwsProvider(this, 'aws', this.providerConfig);

    if (props.stateBackend === undefined) {
      // Relative to cdktf.out/stacks/<name>, where Terraform runs: the project root, as cdktf's own
      // default, but without an absolute path that would differ between machines.
      new LocalBackend(this, { path: `../../../terraform.${name}.tfstate` });
    } else {
      const state = props.stateBackend;
      const backend = new S3Backend(this, {
        bucket: state.bucket,
        region: state.region,
        key: `${state.keyPrefix ?? 'cdktf-audit-logging'}/${name}.tfstate`,
        encrypt: true,
        ...(state.roleArn === undefined
          ? {}
          : { assumeRole: { roleArn: state.roleArn, sessionName: `cdktf-audit-state-${name}`.slice(0, 64) } }),
      });
      // S3 native state locking; cdktf 0.21 has no typed field for it.
      backend.addOverride('use_lockfile', true);
    }
  }

  /**
   * An ARN in this stack's partition, Region and account unless `components` names others:
   * `formatArn({ service: 'sns', resource: 'alarms' })` is `arn:<partition>:sns:<region>:<account>:alarms`.
   */
  public formatArn(components: StackArnComponents): string {
    return formatArn({
      ...components,
      partition: components.partition ?? this.partition,
      region: components.region ?? this.region,
      account: components.account ?? this.accountId,
    });
  }

  /**
   * cdktf's preparation before synth, resolving only the tokens of each element rather than its
   * whole Terraform JSON: the same cross-stack references are registered and the same files are
   * written, in less than half the time (see cross-stack-preparation.ts).
   */
  public override prepareStack(): void {
    this.ensureBackendExists();
    prepareCrossStackReferences(this);
  }

  /** cdktf's addOverride(), remembering that the stack has one (toTerraform() then uses cdktf's own). */
  public override addOverride(path: string, value: unknown): void {
    this.hasStackOverrides = true;
    super.addOverride(path, value);
  }

  /**
   * The stack's Terraform JSON, as cdktf's toTerraform() gives it, resolving only the values that
   * may hold a token, the largest saving of a large synth (stack-terraform-json.ts; BENCHMARKS.md,
   * "Synth profile"). A stack with its own overrides takes cdktf's method.
   */
  public override toTerraform(): Record<string, unknown> {
    if (this.hasStackOverrides) return super.toTerraform();
    return stackTerraformJson(this);
  }

  /**
   * A provider for resources in another Region of the same account (a replica bucket, say): the
   * same role, account guard and tags as {@link provider}, with the alias `<region>`. One per Region.
   */
  public providerForRegion(region: string): AwsProvider {
    if (region === this.region) return this.provider;
    let provider = this.regionalProviders.get(region);
    if (provider === undefined) {
      provider = new AccountAwsProvider(this, `aws-${region}`, { ...this.providerConfig, region, alias: region });
      this.regionalProviders.set(region, provider);
    }
    return provider;
  }
}
