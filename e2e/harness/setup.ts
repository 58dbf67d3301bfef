import * as fs from 'fs';
import { CreateVpcCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateGroupCommand, QuickSightClient, RegisterUserCommand } from '@aws-sdk/client-quicksight';
import {
  CreateAccountCommand,
  CreateOrganizationCommand,
  CreateOrganizationalUnitCommand,
  EnableAWSServiceAccessCommand,
  EnablePolicyTypeCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
  PolicyType,
} from '@aws-sdk/client-organizations';
import type { OrgConfig } from '../../modules/org-config/schema';
import { AuditNaming } from '../../modules/core/naming';
import { MotoAccount } from './aws';

/** What exists before the stacks: AWS assigns these ids, so the deployed config takes them from moto. */
export interface Prerequisites {
  /** The organization id moto assigned. */
  readonly organizationId: string;
  /** The config's VPC id -> the id of the VPC created in moto in that member's account. */
  readonly vpcIds: ReadonlyMap<string, string>;
}

/** An account of an organization made in moto: its name, the id moto gives it, its OU under the root. */
export interface SeedAccount {
  /** The account's name in the organization. */
  readonly name: string;
  /** moto gives a created account the id of its `e2e:AccountId` tag (e2e/harness/moto_server.py). */
  readonly id: string;
  /**
   * The name of its OU under the root.
   * @default - the root
   */
  readonly ou?: string;
}

/** Options of {@link createOrganization}. */
export interface CreateOrganizationOptions {
  /** The accounts to create in it, besides the management account that `org` signs as. */
  readonly accounts: readonly SeedAccount[];
  /** The domain of their e-mail addresses, `aws+<id>@<domain>`. */
  readonly emailDomain: string;
  /**
   * OUs under the root to create even without an account in them; those the accounts name are created too.
   * @default - only the accounts' OUs
   */
  readonly ous?: readonly string[];
  /**
   * Service principals to give trusted access to.
   * @default - none
   */
  readonly servicePrincipals?: readonly string[];
}

/** What {@link createOrganization} made. */
export interface SeededOrganization {
  /** The organization id moto assigned (`o-...`). */
  readonly organizationId: string;
  /** The id of its root (`r-...`). */
  readonly rootId: string;
  /** The OUs' ids by name. */
  readonly ous: ReadonlyMap<string, string>;
}

/**
 * Creates an organization with all features from the management account `org` signs as, with
 * trusted access for the given services, the OUs under its root, and the accounts in their OUs.
 * The one way every suite seeds an organization in moto.
 */
export async function createOrganization(
  org: OrganizationsClient,
  options: CreateOrganizationOptions,
): Promise<SeededOrganization> {
  const created = await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const organizationId = created.Organization?.Id;
  if (organizationId === undefined) throw new Error('moto created no organization');
  for (const principal of options.servicePrincipals ?? []) {
    await org.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: principal }));
  }
  const rootId = (await org.send(new ListRootsCommand({}))).Roots?.[0]?.Id ?? '';
  const ous = new Map<string, string>();
  const ouNames = [...(options.ous ?? []), ...options.accounts.flatMap(({ ou }) => (ou === undefined ? [] : [ou]))];
  for (const name of new Set(ouNames)) {
    const ou = await org.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: name }));
    ous.set(name, ou.OrganizationalUnit?.Id ?? '');
  }
  for (const { name, id, ou } of options.accounts) {
    await org.send(
      new CreateAccountCommand({
        AccountName: name,
        Email: `aws+${id}@${options.emailDomain}`,
        Tags: [{ Key: 'e2e:AccountId', Value: id }],
      }),
    );
    if (ou !== undefined) {
      await org.send(
        new MoveAccountCommand({ AccountId: id, SourceParentId: rootId, DestinationParentId: ous.get(ou) }),
      );
    }
  }
  return { organizationId, rootId, ous };
}

/**
 * Every account of the config that belongs to the organization, but the management account: the
 * log archive, the readers, the trail's delegated administrator and the members inside it.
 */
export function organizationMemberAccounts(config: OrgConfig): string[] {
  const accounts = new Set([
    config.logArchive.accountId,
    ...config.logArchive.readerAccountIds,
    ...(config.trail.accountId === undefined ? [] : [config.trail.accountId]),
    ...config.members.filter((member) => member.inOrganization).map((member) => member.accountId),
  ]);
  accounts.delete(config.organization.managementAccountId);
  return [...accounts].sort();
}

/**
 * Creates what the README tells users to have before deploying: the organization (from the
 * management account, all features) with trusted access for CloudTrail and the config's accounts
 * in it (moto gives them the config's ids, see e2e/harness/moto_server.py), and the VPCs whose flow logs
 * members ask for. The SCP and RCP policy types stay off: the run first proves that the guardrails
 * plan stops without them, then turns them on with {@link enablePolicyTypes}.
 */
export async function createPrerequisites(config: OrgConfig, accounts: MotoAccounts): Promise<Prerequisites> {
  const management = new OrganizationsClient(
    await accounts.of(config.organization.managementAccountId).client('us-east-1'),
  );
  const { organizationId } = await createOrganization(management, {
    accounts: organizationMemberAccounts(config).map((id) => ({ name: `e2e-${id}`, id })),
    emailDomain: 'e2e.example',
    servicePrincipals: ['cloudtrail.amazonaws.com'],
  });

  const vpcIds = new Map<string, string>();
  for (const member of config.members) {
    for (const flowLog of member.vpcFlowLogs) {
      const ec2 = new EC2Client(await accounts.of(member.accountId).client(flowLog.region ?? config.homeRegion));
      const vpc = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }));
      if (vpc.Vpc?.VpcId === undefined) throw new Error(`moto created no VPC for ${member.name}`);
      vpcIds.set(flowLog.vpcId, vpc.Vpc.VpcId);
    }
  }
  await subscribeQuickSight(config, accounts);
  return { organizationId, vpcIds };
}

/**
 * What a QuickSight subscription gives the log archive account, which this product expects and
 * does not create (analytics.quickSight): the users and groups the datasets are shared with, and
 * QuickSight's service role.
 */
async function subscribeQuickSight(config: OrgConfig, accounts: MotoAccounts): Promise<void> {
  const quickSight = config.analytics.quickSight;
  if (quickSight === false) return;
  const archive = accounts.of(config.logArchive.accountId);
  const iam = new IAMClient(await archive.client(config.homeRegion));
  await iam.send(
    new CreateRoleCommand({
      RoleName: quickSight.serviceRoleName,
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'quicksight.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      }),
    }),
  );
  for (const principal of quickSight.principals) {
    const [, region, accountId, kind, namespace, name] =
      /^arn:[^:]+:quicksight:([^:]+):(\d{12}):(user|group)\/([^/]+)\/(.+)$/.exec(principal) ?? [];
    const client = new QuickSightClient(await accounts.of(accountId).client(region));
    if (kind === 'group') {
      await client.send(new CreateGroupCommand({ AwsAccountId: accountId, Namespace: namespace, GroupName: name }));
    } else {
      await client.send(
        new RegisterUserCommand({
          AwsAccountId: accountId,
          Namespace: namespace,
          UserName: name,
          Email: `${name}@e2e.example`,
          IdentityType: 'QUICKSIGHT',
          UserRole: 'READER',
        }),
      );
    }
  }
}

/** Enables the SCP and RCP policy types on the root, as the README tells users to do once. Returns the root id. */
export async function enablePolicyTypes(config: OrgConfig, accounts: MotoAccounts): Promise<string> {
  const management = new OrganizationsClient(
    await accounts.of(config.organization.managementAccountId).client('us-east-1'),
  );
  const rootId = (await management.send(new ListRootsCommand({}))).Roots?.[0]?.Id;
  if (rootId === undefined) throw new Error('moto lists no organization root');
  for (const type of [PolicyType.SERVICE_CONTROL_POLICY, PolicyType.RESOURCE_CONTROL_POLICY]) {
    await management.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: type }));
  }
  return rootId;
}

/** The management account a config file names (`organization.managementAccountId`). */
export function managementAccountOf(configFile: string): string {
  const config = JSON.parse(fs.readFileSync(configFile, 'utf8')) as { organization: { managementAccountId: string } };
  return config.organization.managementAccountId;
}

/** The config with the ids moto assigned in place of the example's. Nothing else changes. */
export function deployedConfig(input: unknown, prerequisites: Prerequisites): unknown {
  const config = structuredClone(input) as {
    organization: { id: string };
    members?: { vpcFlowLogs?: { vpcId: string }[] }[];
  };
  config.organization.id = prerequisites.organizationId;
  for (const member of config.members ?? []) {
    for (const flowLog of member.vpcFlowLogs ?? []) {
      const id = prerequisites.vpcIds.get(flowLog.vpcId);
      if (id === undefined) throw new Error(`no VPC was created for ${flowLog.vpcId}`);
      flowLog.vpcId = id;
    }
  }
  return config;
}

/** The simulated accounts of one config, each reached through its deploy role. */
export class MotoAccounts {
  private readonly accounts = new Map<string, MotoAccount>();

  public constructor(
    private readonly endpoint: string,
    private readonly naming: AuditNaming,
  ) {}

  public of(accountId: string): MotoAccount {
    let account = this.accounts.get(accountId);
    if (account === undefined) {
      account = new MotoAccount(this.endpoint, accountId, this.naming.deployRoleArn(accountId));
      this.accounts.set(accountId, account);
    }
    return account;
  }
}

/**
 * The changes a team makes to a running organization. Applied to the deployed config, none of them
 * may delete or replace the log bucket, the key, the access-log bucket or the trail.
 */
export function upgradedConfig(deployed: unknown): unknown {
  const config = structuredClone(deployed) as {
    governedRegions: string[];
    logArchive: { retention: { expireAfterDays: number } };
    trail: { cloudWatchLogsRetentionDays: number };
    alarms: { emails: string[] };
    members: { name: string; accountId: string; inOrganization?: boolean; standaloneTrail?: boolean }[];
    guardrails?: { breakGlassPrincipalArns?: string[] };
  };
  config.members = config.members.filter((member) => member.name !== 'security-tooling');
  // An outside account with its own trail: the bucket and key policies gain its statements, which
  // the plan summary must show.
  config.members.push({
    name: 'data-platform',
    accountId: '710000000007',
    inOrganization: false,
    standaloneTrail: true,
  });
  config.alarms.emails = ['soc@e2e.example', 'secops-oncall@e2e.example'];
  config.governedRegions.push('us-west-2');
  config.logArchive.retention.expireAfterDays = 3653;
  config.trail.cloudWatchLogsRetentionDays = 731;
  // A break-glass role: the guardrails' deletion denies spare it, which the summary must show.
  config.guardrails = { ...config.guardrails, breakGlassPrincipalArns: ['arn:aws:iam::710000000002:role/BreakGlass'] };
  return config;
}
