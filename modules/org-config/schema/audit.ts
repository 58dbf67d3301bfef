import { z } from 'zod';
import { AWS_CONFIG_FREQUENCIES } from '../../core/aws-values';
import { DETECTIVE_RULE_NAMES } from '../../catalogs/detective-rules';
import { DEFAULT_SECURITY_HUB_STANDARDS, SECURITY_HUB_STANDARDS } from '../../catalogs/security-hub-standards';
import { accountIdSchema, describe, message } from './values';

/*
 * `audit`: the account that holds the organization's security views (Control Tower's Audit
 * account, the Security Reference Architecture's Security Tooling): the organization's AWS Config
 * aggregator and detective rules, and Security Hub's central configuration. Each part can be left
 * to Control Tower or another delegated administrator that already owns it.
 */

const quoted = (values: readonly string[]) => values.map((v) => `"${v}"`).join(', ');

const auditAccountSchema = z.strictObject(
  {
    accountId: accountIdSchema.describe(
      "The audit account: AWS Config's and Security Hub's delegated administrator for the organization. Not the management account.",
    ),
    registerAdministrators: z
      .boolean({ error: message('must be true or false') })
      .default(true)
      .describe(
        "The management account registers the audit account as AWS Config's and Security Hub's delegated administrator (the audit-delegation stack). false when that is done already, for example by Control Tower, which registers its Audit account for AWS Config.",
      ),
    configAggregator: z
      .boolean({ error: message('must be true or false') })
      .default(true)
      .describe(
        'An organization AWS Config aggregator in the audit account over every governed Region. false when Control Tower or another account already aggregates the organization (discover reports one): no second aggregator.',
      ),
    configRules: z
      .array(
        z.enum(DETECTIVE_RULE_NAMES, {
          error: (issue) =>
            `${describe(issue.input)} is not a detective rule; use one of ${quoted(DETECTIVE_RULE_NAMES)}`,
        }),
        { error: message('must be a list of detective rule names') },
      )
      .optional()
      .describe(
        'The AWS Config managed rules deployed to every account of the organization from the audit account (docs/constructs.md lists them); [] deploys none. Default: every detective rule, the two S3 data event checks only when trail.dataEvents.s3 is "all".',
      ),
    evaluationFrequency: z
      .enum(AWS_CONFIG_FREQUENCIES, {
        error: (issue) =>
          `${describe(issue.input)} is not an evaluation frequency; use one of ${quoted(AWS_CONFIG_FREQUENCIES)}`,
      })
      .default('TwentyFour_Hours')
      .describe(
        'How often AWS Config evaluates the detective rules (each is periodic; each evaluation is billed): "One_Hour", "Three_Hours", "Six_Hours", "Twelve_Hours" or "TwentyFour_Hours".',
      ),
    securityHub: z
      .boolean({ error: message('must be true or false') })
      .default(true)
      .describe(
        "Security Hub across the organization from the audit account: central configuration enabling securityHubStandards in every account and governed Region (new accounts too), and a finding aggregator in homeRegion; members outside the organization (inOrganization false) that record AWS Config get the same from their own stack. false when another account is already Security Hub's delegated administrator (AWS allows one).",
      ),
    exportFindings: z
      .boolean({ error: message('must be true or false') })
      .default(true)
      .describe(
        "Keep Security Hub's findings as evidence: every finding imported in homeRegion (where the findings of every governed Region meet) is delivered continuously into the archive's member-logs bucket under securityhub-findings/, by an EventBridge rule and a Firehose stream in the audit account (and in each member outside the organization that runs Security Hub, under securityhub-findings/outside-organization/<account>/), encrypted with the archive's key. Only with securityHub.",
      ),
    securityHubStandards: z
      .array(
        z.enum(SECURITY_HUB_STANDARDS, {
          error: (issue) =>
            `${describe(issue.input)} is not a Security Hub standard this product enables; use one of ${quoted(SECURITY_HUB_STANDARDS)}`,
        }),
        { error: message('must be a list of Security Hub standards') },
      )
      .min(1, { error: 'must name at least one standard; set securityHub to false to leave Security Hub alone' })
      .default([...DEFAULT_SECURITY_HUB_STANDARDS])
      .describe('The Security Hub standards enabled in every account and governed Region.'),
  },
  { error: message('must be an object such as { "accountId": "012345678901" }, or false') },
);

export const auditSchema = z
  .union([z.literal(false), auditAccountSchema], {
    error: message('must be an object such as { "accountId": "012345678901" }, or false'),
  })
  .optional()
  .describe(
    "The audit account and the organization's compliance state in it: AWS Config aggregator, detective rules and Security Hub. false builds none of them and says so (the compliance state is kept elsewhere); left out, synth warns.",
  );
