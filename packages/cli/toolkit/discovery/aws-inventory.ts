import { CloudTrailClient, DescribeTrailsCommand } from '@aws-sdk/client-cloudtrail';
import { CloudWatchLogsClient, DescribeAccountPoliciesCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  ConfigServiceClient,
  DescribeConfigurationRecordersCommand,
  DescribeDeliveryChannelsCommand,
} from '@aws-sdk/client-config-service';
import {
  DescribeOrganizationCommand,
  ListRootsCommand,
  OrganizationsClient,
  paginateListAccounts,
  paginateListAccountsForParent,
  paginateListAWSServiceAccessForOrganization,
  paginateListDelegatedAdministrators,
  paginateListOrganizationalUnitsForParent,
} from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { gaveUp, sdkClientOptions, sdkErrorMessage } from '../common/aws-sdk';
import { AuditLoggingError, formatArn, OperationFailed, partitionOf } from '@audit-logging/cdktf/toolkit-api/core';
import { mapLimit } from '../common/map-limit';
import {
  AccountResources,
  DiscoveredAccount,
  OrganizationInventory,
  RecorderInfo,
  SubscriptionPolicyInfo,
  TrailInfo,
} from './inventory';

/** How discover reads the organization. */
export interface ReadOptions {
  /** Regions whose trails and recorders are read in each account. */
  readonly regions: readonly string[];
  /**
   * The Region STS and Organizations are called in. Both answer in any Region of a partition (the
   * SDK sends Organizations to its partition's endpoint), but only in their own partition: a fixed
   * us-east-1 fails in aws-cn and aws-us-gov. discover gives the config's home Region (else
   * --home-region, else the first of --regions): the Region the organization's stacks deploy in, so
   * it is in the partition and enabled, where the first governed Region may be an opt-in one.
   * @default the first of `regions`
   */
  readonly homeRegion?: string;
  /**
   * Role assumed in each account other than the caller's (read-only is enough: CloudTrail
   * DescribeTrails, Config Describe*, CloudWatch Logs DescribeAccountPolicies). Without it, only the caller's own account is read.
   * @default none
   */
  readonly roleName?: string;
  /** Accounts read at once. @default 8 */
  readonly concurrency?: number;
  /**
   * Attempts per request, with the SDK's adaptive retry (exponential backoff with jitter, and a
   * client-side rate limit once AWS throttles). @default 8
   */
  readonly maxAttempts?: number;
  /** Called after each account: done of total. */
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * Called with the organization's id as soon as it is read, before any account is listed: throws
   * to stop the read (discover refuses a config of another organization so, in one call, not after
   * reading every account). @default none
   */
  readonly checkOrganization?: (organizationId: string) => void;
}

interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** Every account with its OU path, by walking the tree from the root (two calls per OU). */
async function accountsWithPaths(org: OrganizationsClient, rootId: string): Promise<DiscoveredAccount[]> {
  const statusById = new Map<string, { name: string; status: string }>();
  for await (const page of paginateListAccounts({ client: org }, {})) {
    for (const a of page.Accounts ?? [])
      statusById.set(a.Id ?? '', { name: a.Name ?? '', status: a.Status ?? 'ACTIVE' });
  }
  const accounts: DiscoveredAccount[] = [];
  const walk = async (parentId: string, path: string): Promise<void> => {
    for await (const page of paginateListAccountsForParent({ client: org }, { ParentId: parentId })) {
      for (const a of page.Accounts ?? []) {
        const known = statusById.get(a.Id ?? '');
        accounts.push({
          id: a.Id ?? '',
          name: known?.name ?? a.Name ?? '',
          status: known?.status ?? a.Status ?? 'ACTIVE',
          ouPath: path,
        });
      }
    }
    for await (const page of paginateListOrganizationalUnitsForParent({ client: org }, { ParentId: parentId })) {
      for (const ou of page.OrganizationalUnits ?? []) await walk(ou.Id ?? '', `${path}/${ou.Name ?? ou.Id}`);
    }
  };
  await walk(rootId, 'Root');
  return accounts.sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * The account-level subscription filter policies of one account in `regions`
 * (DescribeAccountPolicies with SUBSCRIPTION_FILTER_POLICY, every page).
 */
async function subscriptionPolicies(
  regions: readonly string[],
  clientOptions: (region: string) => ReturnType<typeof sdkClientOptions>,
): Promise<SubscriptionPolicyInfo[]> {
  const found: SubscriptionPolicyInfo[] = [];
  for (const region of regions) {
    const logs = new CloudWatchLogsClient(clientOptions(region));
    try {
      let nextToken: string | undefined;
      do {
        const page = await logs.send(
          new DescribeAccountPoliciesCommand({ policyType: 'SUBSCRIPTION_FILTER_POLICY', nextToken }),
        );
        for (const policy of page.accountPolicies ?? []) found.push({ region, policyName: policy.policyName ?? '' });
        nextToken = page.nextToken;
      } while (nextToken !== undefined);
    } finally {
      logs.destroy();
    }
  }
  return found;
}

async function accountResources(
  accountId: string,
  credentials: Credentials | undefined,
  options: ReadOptions,
): Promise<AccountResources> {
  const trails: TrailInfo[] = [];
  const recorders: RecorderInfo[] = [];
  const clientOptions = (region: string) => sdkClientOptions(region, options.maxAttempts, credentials);
  try {
    for (const region of options.regions) {
      const cloudtrail = new CloudTrailClient(clientOptions(region));
      const config = new ConfigServiceClient(clientOptions(region));
      const [trailList, recorderList, channelList] = await Promise.all([
        cloudtrail.send(new DescribeTrailsCommand({ includeShadowTrails: false })),
        config.send(new DescribeConfigurationRecordersCommand({})),
        config.send(new DescribeDeliveryChannelsCommand({})),
      ]).finally(() => {
        cloudtrail.destroy();
        config.destroy();
      });
      for (const t of trailList.trailList ?? []) {
        // A multi-Region trail is listed in every Region: keep it in its home Region only.
        if (t.HomeRegion !== undefined && t.HomeRegion !== region) continue;
        trails.push({
          name: t.Name ?? '',
          arn: t.TrailARN ?? '',
          homeRegion: t.HomeRegion ?? region,
          bucketName: t.S3BucketName ?? '',
          isOrganizationTrail: t.IsOrganizationTrail === true,
          isMultiRegionTrail: t.IsMultiRegionTrail === true,
        });
      }
      const channel = channelList.DeliveryChannels?.[0];
      for (const r of recorderList.ConfigurationRecorders ?? []) {
        recorders.push({
          region,
          recorderName: r.name ?? '',
          ...(channel?.name === undefined ? {} : { deliveryChannelName: channel.name }),
          ...(channel?.s3BucketName === undefined ? {} : { bucketName: channel.s3BucketName }),
        });
      }
    }
  } catch (error) {
    return { accountId, trails, recorders, error: sdkErrorMessage(error) };
  }
  // Read apart: a role without logs:DescribeAccountPolicies still reads the trails and recorders.
  try {
    return {
      accountId,
      trails,
      recorders,
      subscriptionPolicies: await subscriptionPolicies(options.regions, clientOptions),
    };
  } catch (error) {
    return { accountId, trails, recorders, subscriptionPoliciesError: sdkErrorMessage(error) };
  }
}

/**
 * Reads the organization with the environment's credentials (the management account, or a
 * delegated administrator that may list the organization): read-only calls only. STS and
 * Organizations are called in `options.homeRegion` (else the first of `options.regions`), and the
 * roles assumed are named in the caller's partition, so that aws-cn and aws-us-gov work as aws does.
 * @throws AuditLoggingError without credentials, or when the organization cannot be listed.
 */
export async function readOrganization(options: ReadOptions): Promise<OrganizationInventory> {
  const region = options.homeRegion ?? options.regions[0];
  if (region === undefined) throw new AuditLoggingError('no Region to read the organization in: give --regions');
  const sdk = sdkClientOptions(region, options.maxAttempts);
  const sts = new STSClient(sdk);
  const org = new OrganizationsClient(sdk);
  let callerAccount: string;
  let partition: string;
  try {
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    callerAccount = identity.Account ?? '';
    // The caller's ARN names the partition the credentials live in: arn:<partition>:iam::...
    partition = identity.Arn?.split(':')[1] ?? partitionOf(region);
  } catch (error) {
    if (gaveUp(error)) {
      throw new OperationFailed(
        `cannot read the caller's identity: ${sdkErrorMessage(error)}. AWS is throttling or failing; run discover again later`,
      );
    }
    throw new AuditLoggingError(
      `discover needs AWS credentials of the management account (or an account that may list the organization): ${sdkErrorMessage(error)}. Set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY`,
    );
  }
  let organizationId: string;
  let managementAccountId: string;
  let rootId: string;
  let enabledPolicyTypes: string[];
  try {
    const described = (await org.send(new DescribeOrganizationCommand({}))).Organization;
    organizationId = described?.Id ?? '';
    managementAccountId = described?.MasterAccountId ?? '';
    const root = (await org.send(new ListRootsCommand({}))).Roots?.[0];
    rootId = root?.Id ?? '';
    enabledPolicyTypes = (root?.PolicyTypes ?? []).filter((p) => p.Status === 'ENABLED').map((p) => p.Type ?? '');
  } catch (error) {
    throw new AuditLoggingError(`cannot read the organization as account ${callerAccount}: ${sdkErrorMessage(error)}`);
  }
  options.checkOrganization?.(organizationId);
  const errors: string[] = [];
  const accounts = await accountsWithPaths(org, rootId);
  // Both lists are paginated: a page may be short and still carry a NextToken, so every page is read.
  const trustedServices: string[] = [];
  try {
    for await (const page of paginateListAWSServiceAccessForOrganization({ client: org }, {})) {
      for (const s of page.EnabledServicePrincipals ?? []) trustedServices.push(s.ServicePrincipal ?? '');
    }
  } catch (error) {
    errors.push(`could not list the services with trusted access: ${sdkErrorMessage(error)}`);
  }
  /**
   * The delegated administrators of one service principal. A failed read is reported with what
   * discover then proposes without it (`without`), not fatal.
   */
  const administrators = async (principal: string, service: string, without: string): Promise<string[]> => {
    try {
      const ids: string[] = [];
      for await (const page of paginateListDelegatedAdministrators({ client: org }, { ServicePrincipal: principal })) {
        for (const a of page.DelegatedAdministrators ?? []) if (a.Id !== undefined) ids.push(a.Id);
      }
      return ids;
    } catch (error) {
      errors.push(
        `could not list the ${service} delegated administrators (ListDelegatedAdministrators for ${principal}): ` +
          `${sdkErrorMessage(error).replace(/\.$/, '')}. ${without}`,
      );
      return [];
    }
  };
  const auditWithout = (service: string) =>
    `The audit account is proposed without knowing ${service}'s administrator: if it has one, make it audit.accountId.`;
  const trailDelegatedAdministrator = (
    await administrators(
      'cloudtrail.amazonaws.com',
      'CloudTrail',
      "The trail account is proposed without knowing CloudTrail's administrator: if it has one, make it trail.accountId.",
    )
  )[0];
  const configDelegatedAdministrators = [
    ...new Set([
      ...(await administrators('config.amazonaws.com', 'AWS Config', auditWithout('AWS Config'))),
      ...(await administrators(
        'config-multiaccountsetup.amazonaws.com',
        'AWS Config (organization rules)',
        auditWithout('AWS Config'),
      )),
    ]),
  ].sort();
  const securityHubDelegatedAdministrator = (
    await administrators('securityhub.amazonaws.com', 'Security Hub', auditWithout('Security Hub'))
  )[0];

  let done = 0;
  const active = accounts.filter((a) => a.status === 'ACTIVE');
  const read = await mapLimit(active, options.concurrency ?? 8, async (account) => {
    let resources: AccountResources;
    if (account.id === callerAccount) {
      resources = await accountResources(account.id, undefined, options);
    } else if (options.roleName === undefined) {
      resources = {
        accountId: account.id,
        trails: [],
        recorders: [],
        error: 'not read: give --role to read the accounts other than the caller',
      };
    } else {
      try {
        const assumed = await sts.send(
          new AssumeRoleCommand({
            RoleArn: formatArn({
              partition,
              service: 'iam',
              region: '',
              account: account.id,
              resource: 'role',
              resourceName: options.roleName,
            }),
            RoleSessionName: 'cdktf-audit-discover',
            DurationSeconds: 900,
          }),
        );
        const c = assumed.Credentials;
        resources = await accountResources(
          account.id,
          {
            accessKeyId: c?.AccessKeyId ?? '',
            secretAccessKey: c?.SecretAccessKey ?? '',
            sessionToken: c?.SessionToken,
          },
          options,
        );
      } catch (error) {
        resources = {
          accountId: account.id,
          trails: [],
          recorders: [],
          error: `cannot assume ${options.roleName}: ${sdkErrorMessage(error)}`,
        };
      }
    }
    options.onProgress?.(++done, active.length);
    return resources;
  });
  sts.destroy();
  org.destroy();
  return {
    organizationId,
    managementAccountId,
    accounts,
    ...(trailDelegatedAdministrator === undefined ? {} : { trailDelegatedAdministrator }),
    configDelegatedAdministrators,
    ...(securityHubDelegatedAdministrator === undefined ? {} : { securityHubDelegatedAdministrator }),
    trustedServices,
    enabledPolicyTypes,
    resources: new Map(read.map((r) => [r.accountId, r])),
    regions: [...options.regions],
    errors,
  };
}
