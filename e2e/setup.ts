import { CreateVpcCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  CreateOrganizationCommand,
  EnableAWSServiceAccessCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import type { OrgConfig } from '../modules/config/schema';
import { AuditNaming } from '../modules/core/naming';
import { MotoAccount } from './aws';

/** What exists before the stacks: AWS assigns these ids, so the deployed config takes them from moto. */
export interface Prerequisites {
  /** The organization id moto assigned. */
  readonly organizationId: string;
  /** The config's VPC id -> the id of the VPC created in moto in that member's account. */
  readonly vpcIds: ReadonlyMap<string, string>;
}

/**
 * Creates what the README tells users to have before deploying: the organization (from the
 * management account, all features) with trusted access for CloudTrail, and the VPCs whose flow
 * logs members ask for.
 */
export async function createPrerequisites(config: OrgConfig, accounts: MotoAccounts): Promise<Prerequisites> {
  const management = new OrganizationsClient(
    await accounts.of(config.organization.managementAccountId).client('us-east-1'),
  );
  const created = await management.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const organizationId = created.Organization?.Id;
  if (organizationId === undefined) throw new Error('moto created no organization');
  await management.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: 'cloudtrail.amazonaws.com' }));

  const vpcIds = new Map<string, string>();
  for (const member of config.members) {
    for (const flowLog of member.vpcFlowLogs) {
      const ec2 = new EC2Client(await accounts.of(member.accountId).client(flowLog.region ?? config.homeRegion));
      const vpc = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }));
      if (vpc.Vpc?.VpcId === undefined) throw new Error(`moto created no VPC for ${member.name}`);
      vpcIds.set(flowLog.vpcId, vpc.Vpc.VpcId);
    }
  }
  return { organizationId, vpcIds };
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
  return config;
}
