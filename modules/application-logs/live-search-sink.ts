import { CloudwatchQueryDefinition } from '@cdktf/provider-aws/lib/cloudwatch-query-definition';
import { OamSink } from '@cdktf/provider-aws/lib/oam-sink';
import { OamSinkPolicy } from '@cdktf/provider-aws/lib/oam-sink-policy';
import { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { ACCOUNT_ID, type FieldProblem, ORGANIZATION_ID, regionListProblems } from '../core/aws-values';
import { LIVE_SEARCH_SINK_NAME } from '../core/naming';
import { validateProps } from '../core/prop-validation';
import { AccountStack } from '../deployment/account-stack';
import {
  accountRootArn,
  oneOrMany,
  type PolicyCondition,
  type PolicyStatement,
  renderPolicy,
} from '../iam/policy-document';

/** The only resource type the sink accepts: log groups (OAM API reference, PutSinkPolicy). */
export const LOG_GROUP_RESOURCE_TYPE = 'AWS::Logs::LogGroup';

/** One saved Logs Insights query, saved as a query definition in every Region of the sink. */
export interface SavedInsightsQuery {
  /** Name, after `folder/`. */
  readonly name: string;
  readonly queryString: string;
}

/** One Region of the sink, with the provider of that Region. */
export interface SinkRegion {
  readonly region: string;
  /** Provider for the Region, in the stack's account. */
  readonly provider: TerraformProvider;
}

/** Props of {@link LiveSearchSink}. */
export interface LiveSearchSinkProps {
  /** The Regions with a sink: a link reaches a sink of its own Region only. */
  readonly regions: readonly SinkRegion[];
  /** The organization whose accounts may link their log groups (`aws:PrincipalOrgID`). */
  readonly organizationId: string;
  /**
   * Accounts outside the organization that may link their log groups too, by id.
   * @default []
   */
  readonly outsideAccountIds?: readonly string[];
  /**
   * Logs Insights queries saved as query definitions beside each sink (a cross-account query's
   * definition lives in the monitoring account).
   * @default []
   */
  readonly queries?: readonly SavedInsightsQuery[];
  /**
   * Folder of the query definitions in the Logs Insights console.
   * @default 'audit'
   */
  readonly queryFolder?: string;
  /**
   * Name of the sink in each Region.
   * @default 'audit-application-logs'
   */
  readonly name?: string;
}

/**
 * The stack's account as a CloudWatch cross-account observability monitoring account for log groups:
 * in each Region, a sink (`aws_oam_sink`, one per account and Region), a sink policy that admits
 * links from the organization's accounts (`aws:PrincipalOrgID`) and from the outside accounts named,
 * for log groups only (`oam:ResourceTypes`, ForAllValues: a link asking for any other type is
 * refused), and the saved queries as Logs Insights query definitions. Nothing is copied: Logs
 * Insights here reads the linked accounts' log groups in place, and nothing is charged for sharing
 * them. A sink can be deleted only once every link to it is: the members' stacks go first.
 */
export class LiveSearchSink extends Construct {
  /** The sink of each Region, by Region. */
  public readonly sinks: ReadonlyMap<string, OamSink>;

  public constructor(scope: Construct, id: string, props: LiveSearchSinkProps) {
    super(scope, id);
    const stack = AccountStack.of(this);
    const outside = props.outsideAccountIds ?? [];
    const problems: FieldProblem[] = [
      ...regionListProblems(
        'regions',
        props.regions.map((r) => r.region),
      ),
      ...(ORGANIZATION_ID.test(props.organizationId)
        ? []
        : [
            {
              field: 'organizationId',
              message: `${JSON.stringify(props.organizationId)} is not an organization id such as "o-a1b2c3d4e5"`,
            },
          ]),
      ...outside.flatMap((account, i) =>
        ACCOUNT_ID.test(account) && account !== stack.accountId
          ? []
          : [
              {
                field: `outsideAccountIds[${i}]`,
                message:
                  account === stack.accountId
                    ? `${account} is this stack's account, which needs no link to itself`
                    : `${JSON.stringify(account)} is not a 12-digit account id`,
              },
            ],
      ),
    ];
    validateProps(this, props, problems);
    const name = props.name ?? LIVE_SEARCH_SINK_NAME;
    const folder = props.queryFolder ?? 'audit';
    const policy = renderPolicy(this.policyStatements(stack.partition, props.organizationId, outside));
    const sinks = new Map<string, OamSink>();
    for (const { region, provider } of props.regions) {
      const sink = new OamSink(this, `sink-${region}`, { provider, name });
      new OamSinkPolicy(this, `sink-policy-${region}`, { provider, sinkIdentifier: sink.arn, policy });
      for (const query of props.queries ?? []) {
        new CloudwatchQueryDefinition(this, `query-${query.name}-${region}`, {
          provider,
          name: `${folder}/${query.name}`,
          queryString: query.queryString,
        });
      }
      sinks.set(region, sink);
    }
    this.sinks = sinks;
  }

  /**
   * Who may link: the organization's accounts, and the outside accounts by id, each for log groups
   * only. CreateLink and UpdateLink are the actions a sink policy grants (OAM API reference,
   * PutSinkPolicy); `Resource` is the sink itself.
   */
  private policyStatements(partition: string, organizationId: string, outside: readonly string[]): PolicyStatement[] {
    const logGroupsOnly: PolicyCondition = {
      'ForAllValues:StringEquals': { 'oam:ResourceTypes': [LOG_GROUP_RESOURCE_TYPE] },
    };
    return [
      {
        Sid: 'OrganizationLinksLogGroups',
        Effect: 'Allow',
        Principal: '*',
        Action: ['oam:CreateLink', 'oam:UpdateLink'],
        Resource: '*',
        Condition: { StringEquals: { 'aws:PrincipalOrgID': organizationId }, ...logGroupsOnly },
      },
      ...(outside.length === 0
        ? []
        : [
            {
              Sid: 'OutsideAccountsLinkLogGroups',
              Effect: 'Allow' as const,
              Principal: { AWS: oneOrMany([...outside].sort().map((account) => accountRootArn(partition, account))) },
              Action: ['oam:CreateLink', 'oam:UpdateLink'],
              Resource: '*',
              Condition: logGroupsOnly,
            },
          ]),
    ];
  }
}
