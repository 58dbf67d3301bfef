import type { AwsFact } from './aws-fact';

/*
 * The catalog rows (see aws-facts.ts) for the delivery of application logs: CloudWatch Logs'
 * account-level subscription filter policies, its cross-account destinations, and the Firehose
 * streams behind them. Each is cited and pinned by a test.
 */

const LOGS_API = 'https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference';
const LOGS_GUIDE = 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs';
const FACTS_TEST = '__tests__/application-logs/application-logs-facts.test.ts';
const POLICY_TEST = '__tests__/stacks/policy/application-logs.policy.test.ts';
const DELIVERY = 'modules/application-logs/application-logs-delivery.ts';
const SUBSCRIPTION = 'modules/application-logs/account-log-subscription.ts';
const GRANT = 'modules/application-logs/destination-grant.ts';
const HARNESS = 'e2e/harness/moto_application_logs_apis.py';
const HARNESS_TEST = '__tests__/e2e/harness/moto-application-logs.moto.test.ts';
const DISCOVER = 'packages/cli/toolkit/discovery/decisions.ts';
const DISCOVER_TEST = '__tests__/toolkit/discovery/discovery.test.ts';
const OAM_API = 'https://docs.aws.amazon.com/OAM/latest/APIReference';
const SINK = 'modules/application-logs/live-search-sink.ts';
const LINK = 'modules/application-logs/live-search-link.ts';
const LIVE_SEARCH_TEST = '__tests__/application-logs/live-search.test.ts';
const LIVE_SEARCH_POLICY_TEST = '__tests__/stacks/policy/live-search.policy.test.ts';
const LIVE_SEARCH_MOTO_TEST = '__tests__/application-logs/live-search.moto.test.ts';
const OAM_HARNESS = 'e2e/harness/moto_oam_apis.py';
const CONFIG_CHECKS = 'modules/org-config/checks.ts';
const TRANSITION_ORDER = 'modules/core/transition-order.ts';
const TRANSITION_TEST = '__tests__/core/transition-order.test.ts';

export const APPLICATION_LOGS_FACTS: readonly AwsFact[] = [
  {
    id: 'oam-sink-and-link-in-one-region',
    kind: 'scope',
    subject: 'oam:CreateSink, oam:CreateLink',
    fact: 'CloudWatch cross-account observability works within one Region: a source account links to a sink of the same Region, and each account holds at most one sink in each Region.',
    consequence:
      "The log archive holds one sink in every governed Region, and each sending member one link in each, to that Region's sink; the config refuses a sink ARN given for another Region, or for a Region that is not governed.",
    source: {
      url: `${OAM_API}/API_CreateSink.html`,
      sentence: 'Each account can contain one sink per Region.',
    },
    reliedOnBy: [SINK, LINK, CONFIG_CHECKS],
    testedBy: [LIVE_SEARCH_TEST],
  },
  {
    id: 'oam-link-names-sink-by-arn',
    kind: 'read-back',
    subject: 'oam:CreateLink SinkIdentifier',
    fact: 'A link names its sink by the ARN AWS gave the sink when it created it, which holds an id no one can know before.',
    consequence:
      "The members' links are built from the sinks' ARNs in applicationLogs.liveSearch.sinkArns, which the log archive stack outputs (live_search_sink_arns) once deployed: live search is turned on in two steps, and a Region without its ARN has no links yet, and synth warns which.",
    source: {
      url: `${OAM_API}/API_CreateLink.html`,
      sentence: 'The ARN of the sink to use to create this link.',
    },
    reliedOnBy: [OAM_HARNESS, LINK, 'stacks/member.ts', 'stacks/log-archive.ts'],
    testedBy: [LIVE_SEARCH_TEST, LIVE_SEARCH_MOTO_TEST],
  },
  {
    id: 'oam-sink-policy-organization-log-groups',
    kind: 'condition-keys',
    subject: 'oam:PutSinkPolicy',
    fact: 'A sink policy grants the accounts of an organization, or accounts by id, leave to link, and limits the types of data they share; log groups are the type AWS::Logs::LogGroup.',
    consequence:
      "The log archive's sink policy allows oam:CreateLink and oam:UpdateLink to principals of the organization (aws:PrincipalOrgID) and to the sending members outside it by id, each with ForAllValues:StringEquals on oam:ResourceTypes AWS::Logs::LogGroup: a link that asks for metrics or traces too is refused.",
    source: {
      url: `${OAM_API}/API_PutSinkPolicy.html`,
      sentence:
        'When you create a sink policy, you can grant permissions to all accounts in an organization or to individual accounts.',
    },
    reliedOnBy: [SINK],
    testedBy: [LIVE_SEARCH_POLICY_TEST],
  },
  {
    id: 'oam-no-charge-for-logs',
    kind: 'default',
    subject: 'CloudWatch cross-account observability (log groups)',
    fact: 'Linking log groups to a monitoring account costs nothing: the log events are not copied, and queries are billed as any Logs Insights query.',
    consequence:
      'cost adds no line for the links and sinks; with live search it names the Logs Insights queries over the linked log groups as not estimated (billed per GB scanned, to the log archive account).',
    source: {
      url: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch-Unified-Cross-Account.html',
      sentence:
        'Cross-account observability in CloudWatch comes with no extra cost for logs and metrics, and the first trace copy is free.',
    },
    reliedOnBy: ['packages/cli/toolkit/cost/cost-estimate.ts'],
    testedBy: ['__tests__/toolkit/cost/cost.test.ts'],
  },
  {
    id: 'oam-delete-links-before-sink',
    kind: 'ordering',
    subject: 'oam:DeleteSink',
    fact: 'A sink cannot be deleted while any link to it remains.',
    consequence:
      "Removal goes members first: the members' stacks (and their links) are removed before the log archive's, as the deployment order reversed gives; a sink the members still link to stays. A change that removes sinks (live search off, a Region dropped, the last sender gone) applies the linking stacks ahead of the log archive's (modules/core/transition-order.ts).",
    source: {
      url: `${OAM_API}/API_DeleteSink.html`,
      sentence: 'You must delete all links to a sink before you can delete that sink.',
    },
    reliedOnBy: [OAM_HARNESS, SINK, TRANSITION_ORDER],
    testedBy: [LIVE_SEARCH_TEST, LIVE_SEARCH_MOTO_TEST, TRANSITION_TEST],
  },
  {
    id: 'oam-link-needs-sink-and-policy',
    kind: 'ordering',
    subject: 'oam:CreateLink',
    fact: "A link can be created only once its sink and the sink's policy exist in the monitoring account.",
    consequence:
      "A change that makes a sink applies the log archive's stack before the stacks that link to it (modules/core/transition-order.ts); live search's two steps already keep the links until the sinks' ARNs are in the config.",
    source: {
      url: `${OAM_API}/API_CreateLink.html`,
      sentence:
        'Before you create a link, you must create a sink in the monitoring account and create a sink policy in that account.',
    },
    reliedOnBy: [TRANSITION_ORDER],
    testedBy: [TRANSITION_TEST],
  },
  {
    id: 'logs-destination-policy-before-senders',
    kind: 'ordering',
    subject: 'logs:PutDestination, logs:PutDestinationPolicy',
    fact: 'A new destination has no access policy: no other account can subscribe to it until its owner puts one.',
    consequence:
      "A change that makes a destination applies the log archive's stack (the destination and its policy) before the stacks whose subscription policies name it (modules/core/transition-order.ts).",
    source: {
      url: `${LOGS_API}/API_PutDestination.html`,
      sentence:
        'By default, PutDestination does not set any access policy with the destination, which means a cross-account user cannot call PutSubscriptionFilter against this destination.',
    },
    reliedOnBy: [TRANSITION_ORDER],
    testedBy: [TRANSITION_TEST],
  },
  {
    id: 'logs-delete-destination-disables-subscriptions',
    kind: 'side-effect',
    subject: 'logs:DeleteDestination',
    fact: 'Deleting a destination is not refused while senders subscribe to it: AWS deletes it and in time disables the subscriptions that send to it.',
    consequence:
      "A change that removes a destination applies the senders' stacks first (their subscription policies go first), then the log archive's (modules/core/transition-order.ts): no sender is left subscribed to nothing.",
    source: {
      url: `${LOGS_API}/API_DeleteDestination.html`,
      sentence:
        'Deletes the specified destination, and eventually disables all the subscription filters that publish to it.',
    },
    reliedOnBy: [TRANSITION_ORDER],
    testedBy: [TRANSITION_TEST],
  },
  {
    id: 'logs-insights-query-definition-in-monitoring-account',
    kind: 'scope',
    subject: 'logs:StartQuery across accounts, logs:PutQueryDefinition',
    fact: "A Logs Insights query over linked accounts' log groups runs in the monitoring account, and its saved query definition must be there too.",
    consequence:
      'The saved queries are query definitions of the log archive account (the monitoring account), in each governed Region beside the sink; none is built in a member.',
    source: {
      url: `${LOGS_API}/API_StartQuery.html`,
      sentence:
        'For a cross-account StartQuery operation, the query definition must be defined in the monitoring account.',
    },
    reliedOnBy: [SINK],
    testedBy: [LIVE_SEARCH_TEST],
  },
  {
    id: 'logs-insights-linked-log-groups-any-account',
    kind: 'permission',
    subject: "logs:StartQuery on a linked account's log groups",
    fact: "Logs Insights authorizes a query against each log group's own ARN, which names the account that owns it; AWS's example role for querying cross-account log groups grants StartQuery on every resource.",
    consequence:
      "With live search, the investigator role may run Logs Insights on any log group (Resource \"*\"), as AWS's example does: a grant held to the log archive's own ARNs would not reach the linked accounts' groups. Which groups it can see is the links' to decide: only the sending members link.",
    source: {
      url: `${LOGS_GUIDE}/OpenSearch-Dashboards-CreateRole.html`,
      sentence:
        'The previous role grants access to read from all log groups in the account, to enable you to create dashboards for any log account, including cross-account log groups.',
    },
    reliedOnBy: ['modules/analytics/investigator-role.ts'],
    testedBy: [LIVE_SEARCH_POLICY_TEST],
  },
  {
    id: 'logs-destination-role-source-arn-per-account',
    kind: 'condition-keys',
    subject: "logs.amazonaws.com assumes a cross-account destination's role",
    fact: "CloudWatch Logs assumes a destination's role for the account whose data it writes: the receiving account when it sends the destination's test message, the sending account when it delivers its log events; AWS's trust policy admits aws:SourceArn arn:<partition>:logs:<region>:<account>:* for each.",
    consequence:
      "For the senders outside the organization, each Region's destination role trusts logs.amazonaws.com with aws:SourceArn like arn:<partition>:logs:<region>:<account>:*: CloudWatch Logs acting for any other account outside the organization, or in another Region, cannot put records into the archive's streams.",
    source: {
      url: `${LOGS_GUIDE}/Subscriptions-confused-deputy.html`,
      sentence:
        'The value of aws:SourceArn must limit the permissions to only the accounts that are writing and receiving data.',
    },
    reliedOnBy: [DELIVERY],
    testedBy: [POLICY_TEST],
  },
  {
    id: 'logs-destination-role-source-org-id',
    kind: 'condition-keys',
    subject: "logs.amazonaws.com assumes a cross-account destination's role",
    fact: 'CloudWatch Logs names aws:SourceOrgID among the keys that hold its access to a resource to the accounts of one organization.',
    consequence:
      "Each destination role trusts logs.amazonaws.com for the organization's accounts by aws:SourceOrgID (one condition at any number of members) together with aws:SourceArn of the destination's Region ([logs-destination-role-source-arn-and-org-id]), and for the senders outside the organization by aws:SourceArn: the trust stays under IAM's 2,048 characters however large the organization. Which accounts may send is the access policy's to decide.",
    source: {
      url: `${LOGS_GUIDE}/Subscriptions-confused-deputy.html`,
      sentence:
        'Use aws:SourceOrgID to allow any resource from any account within an organization be associated with the cross-service use.',
    },
    reliedOnBy: [DELIVERY],
    testedBy: [POLICY_TEST],
  },
  {
    id: 'logs-destination-role-source-arn-and-org-id',
    kind: 'condition-keys',
    subject: "logs.amazonaws.com assumes a cross-account destination's role",
    fact: "CloudWatch Logs' confused-deputy guidance asks for aws:SourceArn, with wildcards for the parts of the ARN one cannot name (here the sending account), beside aws:SourceOrgID; AWS's cross-account Firehose example trusts CloudWatch Logs by aws:SourceArn arn:<partition>:logs:<region>:<account>:*. CloudWatch Logs does not re-deliver after an AccessDeniedException.",
    consequence:
      "The organization's statement of each destination role's trust holds both keys: aws:SourceOrgID the organization and aws:SourceArn arn:<partition>:logs:<region>:*:* (the destination's Region: a log group of another Region, or a resource of another service, is refused). 303 characters at any number of members (measured at 1,000); 34 senders outside the organization fit beside it. A delivery whose request lacked either key would be dropped, not retried: the docs name the risk.",
    source: {
      url: `${LOGS_GUIDE}/Subscriptions-confused-deputy.html`,
      sentence:
        "If you don't know the full ARN of the resource or if you are specifying multiple resources, use the aws:SourceArn global context condition key with wildcards (*) for the unknown portions of the ARN.",
    },
    reliedOnBy: [DELIVERY],
    testedBy: [POLICY_TEST, '__tests__/application-logs/application-logs-delivery.test.ts'],
  },
  {
    id: 'logs-destination-test-message-at-creation',
    kind: 'ordering',
    subject: 'logs:PutDestination',
    fact: "When a destination is created, CloudWatch Logs sends a test message to its target through its role, on the receiving account's behalf.",
    consequence:
      "Each destination depends on its role's policy and its stream, so that Terraform creates them first; the role's trust admits the organization's accounts, the log archive's own (which sends that message) among them.",
    source: {
      url: `${LOGS_GUIDE}/CreateFirehoseStreamDestination-Account.html`,
      sentence:
        "When the destination is created, CloudWatch Logs sends a test message to the destination on the recipient account's behalf.",
    },
    reliedOnBy: [DELIVERY],
    testedBy: [FACTS_TEST],
  },
  {
    id: 'logs-destination-same-region-as-senders',
    kind: 'scope',
    subject: 'logs:PutAccountPolicy with a cross-account destination',
    fact: "A sending account's log groups can only be sent to a destination in their own Region; the destination's target (a Firehose stream) may be in another Region.",
    consequence:
      'The log archive has a destination in every governed Region, each named the same; every stream is in the home Region, and each sending account names the destination of the Region its policy is in.',
    source: {
      url: `${LOGS_GUIDE}/CreateSubscriptionFilterFirehose-Account.html`,
      sentence:
        "The sending account's log groups and the destination must be in the same AWS Region. However, the destination can point to an AWS resource such as a Firehose stream that is located in a different Region.",
    },
    reliedOnBy: [DELIVERY, SUBSCRIPTION, 'modules/core/naming.ts', HARNESS],
    testedBy: [FACTS_TEST, HARNESS_TEST],
  },
  {
    id: 'logs-account-policy-needs-put-subscription-filter',
    kind: 'permission',
    subject: 'logs:PutAccountPolicy (SUBSCRIPTION_FILTER_POLICY)',
    fact: 'Creating a subscription filter policy is authorized as both logs:PutSubscriptionFilter and logs:PutAccountPolicy; with a destination of another account, its access policy must grant both to the sender.',
    consequence:
      "Each destination's access policy grants exactly logs:PutSubscriptionFilter and logs:PutAccountPolicy on itself to the sending accounts, by account.",
    source: {
      url: `${LOGS_API}/API_PutAccountPolicy.html`,
      sentence:
        'To create a subscription filter policy, you must have the logs:PutSubscriptionFilter and logs:PutAccountPolicy permissions.',
    },
    reliedOnBy: [DELIVERY],
    testedBy: [POLICY_TEST],
  },
  {
    id: 'logs-destination-account-grant-needs-no-sender-role',
    kind: 'permission',
    subject: 'logs:PutAccountPolicy with a cross-account destination',
    fact: "A subscription filter policy that names a destination of another account carries no RoleArn: CloudWatch Logs delivers through the destination's own role. (A destination opened to a whole organization by aws:PrincipalOrgID needs a role in every sender instead.)",
    consequence:
      'While the destinations are opened to the sending accounts by id, the members create no role for the delivery: their policy document names the destination and an empty filter pattern only.',
    source: {
      url: `${LOGS_API}/API_PutAccountPolicy.html`,
      sentence:
        "You don't need to provide the ARN when you are working with a logical destination for cross-account delivery.",
    },
    reliedOnBy: [SUBSCRIPTION, DELIVERY, HARNESS],
    testedBy: [FACTS_TEST, HARNESS_TEST],
  },
  {
    id: 'logs-account-policy-covers-future-log-groups',
    kind: 'default',
    subject: 'logs:PutAccountPolicy (SUBSCRIPTION_FILTER_POLICY)',
    fact: 'An account-level subscription filter policy applies to every log group of the account and Region, those created after it included; it sends nothing written before it existed.',
    consequence:
      'One policy per member and Region delivers every application, without a function that subscribes new log groups; the docs say that earlier events are not delivered.',
    source: {
      url: `${LOGS_API}/API_PutAccountPolicy.html`,
      sentence:
        'Account-level subscription filter policies apply to both existing log groups and log groups that are created later in this account.',
    },
    reliedOnBy: [SUBSCRIPTION, HARNESS],
    testedBy: [FACTS_TEST, HARNESS_TEST],
  },
  {
    id: 'logs-account-policy-one-per-region',
    kind: 'scope',
    subject: 'logs:PutAccountPolicy (SUBSCRIPTION_FILTER_POLICY)',
    fact: 'An account has at most one account-level subscription filter policy in each Region.',
    consequence:
      "The member stack's policy takes that one place in each governed Region: an account with another vendor's policy there must remove it (or opt out) before the stack is applied: discover reports such a policy, and plan-summary names each create or replace of ours under Needs attention.",
    source: {
      url: `${LOGS_API}/API_PutAccountPolicy.html`,
      sentence: 'Each account can have one account-level subscription filter policy per Region.',
    },
    reliedOnBy: [SUBSCRIPTION, HARNESS, DISCOVER, 'packages/cli/toolkit/review/plan-summary.ts'],
    testedBy: [FACTS_TEST, HARNESS_TEST, DISCOVER_TEST, '__tests__/toolkit/review/plan-summary.test.ts'],
  },
  {
    id: 'logs-account-policy-selection-criteria',
    kind: 'default',
    subject: 'logs:PutAccountPolicy selectionCriteria',
    fact: 'A subscription filter policy selects log groups only by LogGroupName NOT IN [...] (exact names), in at most 25 KB of UTF-8; without it the policy covers every log group, those its own delivery writes to included, which loops.',
    consequence:
      "The policy of an account that holds a trail excludes that trail's log group (/aws/cloudtrail/<trail>: the organization trail's in its account, account-trail in each member with its own; their events are archived already), every policy the names the config adds, and a policy with nothing to exclude carries no selection criteria; the synth refuses exclusions past 25 KB.",
    source: {
      url: `${LOGS_API}/API_PutAccountPolicy.html`,
      sentence: 'The selectionCriteria string can be up to 25KB in length.',
    },
    reliedOnBy: [SUBSCRIPTION, HARNESS, 'stacks/member.ts'],
    testedBy: ['__tests__/application-logs/account-log-subscription.test.ts', HARNESS_TEST],
  },
  {
    id: 'logs-account-policy-actions-unscoped',
    kind: 'permission',
    subject: 'logs:PutAccountPolicy and logs:DeleteAccountPolicy',
    fact: 'IAM authorizes account-level policies of every type (data protection, subscription filter, field index, transformer, metric extraction) as the same two actions, with no resource type and no condition key: a policy cannot allow or deny one type or one policy name alone.',
    consequence:
      "The SCP that keeps a sending member's subscription policy denies both actions on every account-level policy of that account to all but the deploy role and break-glass: the member's teams set their account-level policies of other types through the deploy role (the docs say so), and an opted-out member is not bound.",
    source: {
      url: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatchlogs.html',
      sentence: 'Grants permission to attach an account policy',
    },
    reliedOnBy: [
      'modules/guardrails/application-logs-protection.ts',
      'packages/cli/toolkit/deploy-role/action-scopes.ts',
    ],
    testedBy: ['__tests__/stacks/policy/guardrails-cases.ts'],
  },
  {
    id: 'logs-destination-policy-limit',
    kind: 'scope',
    subject: 'logs:PutDestinationPolicy',
    fact: "A destination's access policy is at most 5,120 bytes; the API's model states no maximum, so no SDK checks it.",
    consequence:
      "The destinations admit the senders by id while their access policy fits 5,120 bytes (147 senders), else the organization by aws:PrincipalOrgID and the senders outside it by id: one decision (modules/application-logs/destination-grant.ts) the archive's policies and the members' subscriptions both read.",
    source: {
      url: `${LOGS_API}/API_PutDestinationPolicy.html`,
      sentence: 'This can be up to 5120 bytes.',
    },
    reliedOnBy: [DELIVERY, GRANT],
    testedBy: ['__tests__/application-logs/application-logs-delivery.test.ts'],
  },
  {
    id: 'logs-destination-organization-grant-needs-sender-role',
    kind: 'permission',
    subject: 'a destination whose access policy admits an organization',
    fact: "When a destination's access policy grants an organization (aws:PrincipalOrgID) rather than the sending account by id, each sender must name, in its subscription, a role of its own account that CloudWatch Logs assumes to check that the account may send.",
    consequence:
      "When the destinations admit the organization, each sending member of it holds a role trusted by logs.amazonaws.com that may put its own log groups' events, and names it as the RoleArn of each subscription policy; the deploy role passes it to CloudWatch Logs only. Senders outside the organization stay admitted by id, with no role.",
    source: {
      url: `${LOGS_GUIDE}/CreateSubscriptionFilter-IAMrole.html`,
      sentence:
        'The steps in this section create an IAM role, which CloudWatch can assume and validate whether the sender account has permission to create a subscription filter against the recipient destination.',
    },
    reliedOnBy: [GRANT, SUBSCRIPTION, 'stacks/member.ts', 'packages/cli/toolkit/deploy-role/resource-actions.ts'],
    testedBy: ['__tests__/application-logs/destination-grant.test.ts'],
  },
  {
    id: 'logs-destination-policy-force-update',
    kind: 'ordering',
    subject: 'logs:PutDestinationPolicy from accounts to an organization',
    fact: 'Moving an existing access policy from granting accounts by id to granting an organization takes forceUpdate, by which the caller affirms that the senders already name their role; subscriptions that do not might stop working.',
    consequence:
      "An access policy that admits the organization is put with force_update. The members' roles come with the decision itself (the same function in both stacks), so a sender's subscription names its role in the apply that follows the archive's: a gap in delivery of at most one wave when an organization first grows past the limit.",
    source: {
      url: `${LOGS_API}/API_PutDestinationPolicy.html`,
      sentence:
        'Specify true if you are updating an existing destination policy to grant permission to an organization ID instead of granting permission to individual AWS accounts.',
    },
    reliedOnBy: [DELIVERY],
    testedBy: ['__tests__/application-logs/application-logs-delivery.test.ts'],
  },
  {
    id: 'logs-subscription-envelope-names-no-region',
    kind: 'read-back',
    subject: 'what a subscription delivers',
    fact: 'Each delivered record is a gzipped JSON envelope with messageType, owner (the sending account), logGroup, logStream, subscriptionFilters and logEvents (and policyLevel ACCOUNT_LEVEL_POLICY for an account-level policy); no field names the Region.',
    consequence:
      "The streams partition by the envelope's owner, and each Region's destination has a stream of its own, whose prefix names the Region: the Region of a record is known from where it arrived, never from the record.",
    source: {
      url: `${LOGS_GUIDE}/SubscriptionFilters-AccountLevel.html`,
      sentence: 'The AWS Account ID of the originating log data.',
    },
    reliedOnBy: [DELIVERY, HARNESS],
    testedBy: [FACTS_TEST, HARNESS_TEST],
  },
  {
    id: 'firehose-cmk-undecryptable-records-dropped',
    kind: 'side-effect',
    subject: 'a Firehose stream under a customer managed key whose grant is gone',
    fact: 'When Firehose cannot decrypt the records of a stream under a customer managed key (the key disabled, deleted, or its access denied: a grant revoked), it waits up to 24 hours, then skips and discards those records.',
    consequence:
      "The delivery guardrail denies every change of a stream's encryption (StartDeliveryStreamEncryption, StopDeliveryStreamEncryption) and the revocation or retirement of grants on the archive's keys to all but the deploy role and break-glass: an administrator of the archive cannot move a stream to a key of their own and then revoke it.",
    source: {
      url: 'https://docs.aws.amazon.com/firehose/latest/dev/encryption.html',
      sentence:
        "If the problem persists beyond the retention period, the service skips those records that have passed the retention period and couldn't be decrypted, and then discards the data.",
    },
    reliedOnBy: ['modules/guardrails/application-logs-protection.ts'],
    testedBy: [POLICY_TEST],
  },
  {
    id: 'kms-via-service-forward-access',
    kind: 'permission',
    subject: 'KMS calls an integrated service makes for its caller (forward access sessions)',
    fact: "A service integrated with KMS calls it on behalf of the principal that called the service, with that principal's permissions, and KMS then sends kms:ViaService <service>.<region>.amazonaws.com; Firehose is among the services that send it (firehose.<region>.amazonaws.com), and its grant on a customer managed key is made with the caller's session credentials (StartDeliveryStreamEncryption: not older than 6 hours).",
    consequence:
      "The deploy role's derived policy grants kms:CreateGrant and kms:DescribeKey for a Firehose stream that names a key only on that key (or the account's keys of the stream's Region, when the key is made in the same apply), only with kms:ViaService firehose.<region>.amazonaws.com (toolkit/deploy-role forwardAccess; the provider-code walk evaluates them with that key); the streams' key policy admits the deploy role for the same, through Firehose.",
    source: {
      url: 'https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html',
      sentence:
        'When you use the kms:ViaService condition key, the service makes the request on behalf of a principal in the AWS account.',
    },
    reliedOnBy: [
      'packages/cli/toolkit/deploy-role/resource-actions.ts',
      'packages/cli/toolkit/deploy-role/deploy-policy.ts',
      'e2e/harness/deploy-role-proof.ts',
      'modules/kms/firehose-stream-key-policy.ts',
    ],
    testedBy: [POLICY_TEST],
  },
  {
    id: 'firehose-put-records-need-the-stream-key',
    kind: 'permission',
    subject: 'firehose:PutRecord and PutRecordBatch into a stream under a customer managed key',
    fact: "Putting records into a stream under a customer managed key calls KMS, and a KMS AccessDeniedException fails the put; AWS's notice to Firehose customers of April 2026 says the caller of PutRecord and PutRecordBatch needs kms:GenerateDataKey and kms:Decrypt on the key (every new stream from 2026-04-20, existing ones from 2027-02-28).",
    consequence:
      "Each destination role, with which CloudWatch Logs puts the records, may generate data keys and decrypt with the streams' key, only through Firehose of the streams' Region; the key's policy admits the destination roles by ARN for the same.",
    source: {
      url: 'https://docs.aws.amazon.com/firehose/latest/APIReference/API_PutRecordBatch.html',
      sentence:
        'Firehose throws this exception when an attempt to put records or to start or stop Firehose stream encryption fails.',
    },
    reliedOnBy: [DELIVERY, 'modules/kms/firehose-stream-key-policy.ts'],
    testedBy: [POLICY_TEST],
  },
  {
    id: 'firehose-dynamic-partitioning-at-creation-only',
    kind: 'ordering',
    subject: 'firehose:CreateDeliveryStream with DynamicPartitioningConfiguration',
    fact: 'Dynamic partitioning can be turned on only when a Firehose stream is created.',
    consequence:
      'The streams are created with it on; the provider replaces a stream whose setting changes, which drops what it buffers, so the setting is not a prop.',
    source: {
      url: 'https://docs.aws.amazon.com/firehose/latest/dev/dynamic-partitioning-enable.html',
      sentence: 'You can enable dynamic partitioning only when you create a new Firehose stream.',
    },
    reliedOnBy: [DELIVERY],
    testedBy: [FACTS_TEST],
  },
  {
    id: 'oam-list-sinks-own-account',
    kind: 'scope',
    subject: 'oam:ListSinks',
    fact: "ListSinks, called in a monitoring account, returns the sinks of that account in the Region called, each with its ARN, id and name (botocore's oam model: POST /ListSinks, Items[].Arn, Id, Name, page by page with NextToken).",
    consequence:
      "live-search-sinks --live calls it in each governed Region with the log archive's credentials, takes the sink named audit-live-search, and refuses a sink whose ARN names another account (credentials not the log archive's); the investigator role, the log archive's read-only role, may call it when live search is on.",
    source: {
      url: `${OAM_API}/API_ListSinks.html`,
      sentence: 'Use this operation in a monitoring account to return the list of sinks created in that account.',
    },
    reliedOnBy: [
      'packages/cli/toolkit/live-search/sink-arns.ts',
      'packages/cli/toolkit/live-search/oam-sinks.ts',
      'modules/analytics/investigator-role.ts',
    ],
    testedBy: [
      '__tests__/cli/live-search-sinks.test.ts',
      '__tests__/stacks/policy/live-search-sinks-reader.policy.test.ts',
    ],
  },
];
