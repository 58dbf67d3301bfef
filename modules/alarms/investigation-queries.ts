import { CloudwatchQueryDefinition } from '@cdktf/provider-aws/lib/cloudwatch-query-definition';
import { Construct } from 'constructs';
import { validateProps } from '../core/prop-validation';

/** A saved CloudWatch Logs Insights query. */
export interface InvestigationQuery {
  /** Stable id; the query is saved as `<folder>/<id>`. */
  readonly id: string;
  /** What it answers. */
  readonly question: string;
  /** Logs Insights query text. */
  readonly query: string;
}

/** Queries for the first hour of an incident, on the trail's CloudWatch Logs group. */
export const INVESTIGATION_QUERIES: readonly InvestigationQuery[] = [
  {
    id: 'root-activity',
    question: 'What did the root user do recently, and from where?',
    query: [
      'fields @timestamp, recipientAccountId, eventSource, eventName, sourceIPAddress, userAgent, errorCode',
      '| filter userIdentity.type = "Root"',
      '| sort @timestamp desc',
      '| limit 200',
    ].join('\n'),
  },
  {
    id: 'access-denied-by-principal',
    question: 'Who is being refused, for what?',
    query: [
      'filter errorCode like /AccessDenied|UnauthorizedOperation/',
      '| stats count(*) as refusals by userIdentity.arn, eventSource, eventName',
      '| sort refusals desc',
      '| limit 100',
    ].join('\n'),
  },
  {
    id: 'console-sign-ins',
    question: 'Who signed in to the console, from where, with or without MFA?',
    query: [
      'fields @timestamp, recipientAccountId, userIdentity.type, userIdentity.arn, sourceIPAddress, responseElements.ConsoleLogin, additionalEventData.MFAUsed, errorMessage',
      '| filter eventName = "ConsoleLogin"',
      '| sort @timestamp desc',
      '| limit 200',
    ].join('\n'),
  },
  {
    id: 'iam-changes',
    question: 'What changed in IAM (users, roles, policies, keys)?',
    query: [
      'fields @timestamp, recipientAccountId, userIdentity.arn, eventName, requestParameters.userName, requestParameters.roleName, requestParameters.policyArn, errorCode',
      '| filter eventSource = "iam.amazonaws.com" and eventName not like /^(Get|List|Generate|Simulate)/',
      '| sort @timestamp desc',
      '| limit 200',
    ].join('\n'),
  },
  {
    id: 'trail-changes',
    question: 'Did anyone stop, delete or change a trail?',
    query: [
      'fields @timestamp, recipientAccountId, awsRegion, userIdentity.arn, eventName, requestParameters.name, errorCode',
      '| filter eventSource = "cloudtrail.amazonaws.com" and eventName in ["CreateTrail", "UpdateTrail", "DeleteTrail", "StartLogging", "StopLogging", "PutEventSelectors", "PutInsightSelectors"]',
      '| sort @timestamp desc',
      '| limit 200',
    ].join('\n'),
  },
  {
    id: 'security-group-changes',
    question: 'Which security groups were opened, closed, created or deleted?',
    query: [
      'fields @timestamp, recipientAccountId, awsRegion, userIdentity.arn, eventName, requestParameters.groupId, errorCode',
      '| filter eventSource = "ec2.amazonaws.com" and eventName in ["AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress", "RevokeSecurityGroupIngress", "RevokeSecurityGroupEgress", "CreateSecurityGroup", "DeleteSecurityGroup", "ModifySecurityGroupRules"]',
      '| sort @timestamp desc',
      '| limit 200',
    ].join('\n'),
  },
];

/** Props of {@link InvestigationQueries}. */
export interface InvestigationQueriesProps {
  /** Log group the queries run on. */
  readonly logGroupName: string;
  /**
   * Folder of the saved queries in the console.
   * @default 'audit'
   */
  readonly folder?: string;
  /**
   * The queries.
   * @default INVESTIGATION_QUERIES
   */
  readonly queries?: readonly InvestigationQuery[];
}

/** Saved CloudWatch Logs Insights queries on the trail's log group, one per question. */
export class InvestigationQueries extends Construct {
  public constructor(scope: Construct, id: string, props: InvestigationQueriesProps) {
    super(scope, id);
    validateProps(this, props);
    for (const query of props.queries ?? INVESTIGATION_QUERIES) {
      new CloudwatchQueryDefinition(this, query.id, {
        name: `${props.folder ?? 'audit'}/${query.id}`,
        logGroupNames: [props.logGroupName],
        queryString: query.query,
      });
    }
  }
}
