import {
  ConfigServiceClient,
  DescribeAggregateComplianceByConfigRulesCommand,
  GetAggregateComplianceDetailsByConfigRuleCommand,
} from '@aws-sdk/client-config-service';
import { sdkClientOptions, sdkErrorMessage } from '../common/aws-sdk';
import type {
  AggregateComplianceReader,
  NonCompliantPage,
  RuleCompliance,
  RuleCompliancePage,
  RuleComplianceType,
} from './live-state';

/** DescribeAggregateComplianceByConfigRules returns at most 1,000 entries a page. */
const COMPLIANCE_PAGE_SIZE = 1000;

/** GetAggregateComplianceDetailsByConfigRule returns at most 100 results a page. */
const DETAILS_PAGE_SIZE = 100;

const TYPES: readonly RuleComplianceType[] = ['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE', 'INSUFFICIENT_DATA'];

/**
 * Reads an AWS Config aggregator (in `region`) with the environment's credentials (the audit
 * account's read-only role: `config:DescribeAggregateComplianceByConfigRules` and
 * `config:GetAggregateComplianceDetailsByConfigRule`), the shared retries and time limits, and
 * `AWS_ENDPOINT_URL` when it is set.
 */
export class ConfigAggregateReader implements AggregateComplianceReader {
  private readonly client: ConfigServiceClient;

  public constructor(
    public readonly aggregatorName: string,
    public readonly region: string,
  ) {
    this.client = new ConfigServiceClient(sdkClientOptions(region));
  }

  public async compliancePage(nextToken: string | undefined): Promise<RuleCompliancePage> {
    try {
      const output = await this.client.send(
        new DescribeAggregateComplianceByConfigRulesCommand({
          ConfigurationAggregatorName: this.aggregatorName,
          Limit: COMPLIANCE_PAGE_SIZE,
          ...(nextToken === undefined ? {} : { NextToken: nextToken }),
        }),
      );
      return {
        rules: (output.AggregateComplianceByConfigRules ?? []).map((entry): RuleCompliance => ({
          ruleName: entry.ConfigRuleName ?? '',
          accountId: entry.AccountId ?? '',
          region: entry.AwsRegion ?? '',
          compliance: TYPES.find((t) => t === entry.Compliance?.ComplianceType) ?? 'INSUFFICIENT_DATA',
        })),
        ...(output.NextToken ? { nextToken: output.NextToken } : {}),
      };
    } catch (error) {
      throw new Error(sdkErrorMessage(error));
    }
  }

  public async nonCompliantPage(rule: RuleCompliance, nextToken: string | undefined): Promise<NonCompliantPage> {
    try {
      const output = await this.client.send(
        new GetAggregateComplianceDetailsByConfigRuleCommand({
          ConfigurationAggregatorName: this.aggregatorName,
          ConfigRuleName: rule.ruleName,
          AccountId: rule.accountId,
          AwsRegion: rule.region,
          ComplianceType: 'NON_COMPLIANT',
          Limit: DETAILS_PAGE_SIZE,
          ...(nextToken === undefined ? {} : { NextToken: nextToken }),
        }),
      );
      return {
        resources: (output.AggregateEvaluationResults ?? []).map((result) => {
          const qualifier = result.EvaluationResultIdentifier?.EvaluationResultQualifier;
          return `${qualifier?.ResourceType ?? '(type not given)'} ${qualifier?.ResourceId ?? '(id not given)'}`;
        }),
        ...(output.NextToken ? { nextToken: output.NextToken } : {}),
      };
    } catch (error) {
      throw new Error(sdkErrorMessage(error));
    }
  }
}
