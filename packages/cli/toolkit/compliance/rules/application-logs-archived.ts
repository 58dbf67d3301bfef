import { applicationLogSenders } from '@audit-logging/cdktf/toolkit-api/config';
import {
  APPLICATION_LOGS_DESTINATION_NAME,
  APPLICATION_LOGS_POLICY_NAME,
  LOG_ARCHIVE_STACK_NAME,
  memberStackName,
} from '@audit-logging/cdktf/toolkit-api/core';
import type { ComplianceEvidence } from '../evidence';
import { type ComplianceRule, gap, met, missing, type StackVerdict } from '../rule';
import { resourcesOf } from '../stack-json';

const DOCS = 'docs/application-logs.md';

/**
 * The members' application logs kept in the log archive (`applicationLogs`): in each sending
 * member, this product's account-level subscription filter policy in every governed Region; in the
 * log archive, a destination and a Firehose stream in every governed Region. The opted-out members
 * and the log archive account, which does not send (the loop rule), are gaps that say so.
 */
function applicationLogVerdicts({ config, byName, archive }: ComplianceEvidence): StackVerdict[] {
  if (!config.applicationLogs.enabled) {
    return [
      gap(
        '(every account)',
        `applicationLogs.enabled is false: what applications write to CloudWatch Logs stays in their accounts, where their administrators can delete it (${DOCS})`,
      ),
    ];
  }
  const regions = config.governedRegions.length;
  const senders = applicationLogSenders(config);
  const sending = new Set(senders.map((member) => member.accountId));
  const senderVerdicts = senders.map((member) => {
    const where = memberStackName(member);
    const policies = resourcesOf(byName.get(where), 'aws_cloudwatch_log_account_policy').filter(
      ([, body]) =>
        body.policy_type === 'SUBSCRIPTION_FILTER_POLICY' && body.policy_name === APPLICATION_LOGS_POLICY_NAME,
    );
    return policies.length === regions
      ? met(
          where,
          policies.map(([address]) => address),
        )
      : missing(
          where,
          `${policies.length} account-level subscription filter policies ${APPLICATION_LOGS_POLICY_NAME} for ${regions} governed Region(s)`,
        );
  });
  const notSending = config.members
    .filter((member) => !sending.has(member.accountId))
    .map((member) =>
      member.accountId === config.logArchive.accountId
        ? gap(
            memberStackName(member),
            `the log archive account does not send its own: its delivery path would feed itself (${DOCS}, the loop rule)`,
          )
        : gap(memberStackName(member), 'opted out in applicationLogs.optedOutMembers'),
    );
  const destinations = resourcesOf(archive, 'aws_cloudwatch_log_destination').filter(
    ([, body]) => body.name === APPLICATION_LOGS_DESTINATION_NAME,
  );
  const streams = resourcesOf(archive, 'aws_kinesis_firehose_delivery_stream').filter(([, body]) =>
    String(body.name).startsWith(`${APPLICATION_LOGS_DESTINATION_NAME}-`),
  );
  const archiveVerdict =
    destinations.length === regions && streams.length === regions
      ? met(
          LOG_ARCHIVE_STACK_NAME,
          [...destinations, ...streams].map(([address]) => address),
        )
      : missing(
          LOG_ARCHIVE_STACK_NAME,
          `${destinations.length} destination(s) ${APPLICATION_LOGS_DESTINATION_NAME} and ${streams.length} Firehose stream(s) for ${regions} governed Region(s)`,
        );
  return [...senderVerdicts, ...notSending, archiveVerdict];
}

/**
 * No CIS requirement or Security Hub control asks for it: the row says where the members'
 * application logs are kept, for an auditor who asks.
 */
export const APPLICATION_LOGS_ARCHIVED: ComplianceRule = {
  id: 'application-logs-archived',
  title: "Members' application logs (CloudWatch Logs) kept in the log archive",
  cis: [],
  securityHub: [],
  withoutFramework:
    "no CIS recommendation or Security Hub control asks where applications' logs are kept: the row answers an auditor who asks whether an account's administrators can delete them",
  judge: applicationLogVerdicts,
};
