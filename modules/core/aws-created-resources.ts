import { AUDIT_DELEGATION_STACK_NAME, AUDIT_PROTECTION_POLICY_NAME } from './naming';

/*
 * What AWS turns on or creates by itself because of a resource of our stacks, none of which any
 * stack declares: where it comes from, how the removal takes it away, and what keeps others from
 * changing it meanwhile. Each claim rests on a fact of modules/core/aws-facts.ts (by id). The removal
 * (toolkit/terraform/decommission.ts) and compliance read this table; docs/decommission.md and
 * docs/guardrails.md summarize it.
 */

/** The resource of ours whose presence in a stack makes AWS create the thing. */
export interface AwsCreatedCause {
  /** Its Terraform resource type. */
  readonly type: string;
  /** An argument it must have, when the type alone says too little (an organization trail). */
  readonly withArgument?: { readonly name: string; readonly value: unknown };
}

/**
 * One command of a removal, with who runs it. In `command`, `<account>` is the account of the stack
 * that holds the cause, `<home-region>` that stack's Region, `<regions>` every Region of its providers
 * (space-separated), and `<LogDestinationArn>` the value of the cause's parameter of that name.
 */
export interface RemovalCommand {
  readonly runAs: string;
  readonly command: string;
  /** When to run it, or what it answers when there is nothing left to do. */
  readonly note?: string;
}

/** How a removal takes it away. */
export type AwsCreatedRemoval =
  /** AWS removes it when the stack's removal plan destroys its cause. */
  | { readonly kind: 'with-its-cause'; readonly facts: readonly string[] }
  /**
   * A resource of a stack that its removal plan must leave: decommission names the Terraform
   * commands that remove it once the plan of `after` is applied.
   */
  | { readonly kind: 'follow-up'; readonly facts: readonly string[]; readonly after: string }
  /**
   * Nothing of Terraform's removes it: removal.md names the commands, to run once the plan of `after`
   * is applied (of the stack that holds the cause, when `after` is not given).
   */
  | {
      readonly kind: 'commands';
      readonly facts: readonly string[];
      readonly after?: string;
      readonly commands: readonly RemovalCommand[];
    };

/** What keeps others from turning it off or deleting it while the product runs. */
export interface AwsCreatedGuardrail {
  /** What protects it, in words. */
  readonly protectedBy: string;
  /** The fact that says AWS itself protects it, when it does. */
  readonly fact?: string;
  /** What nothing of AWS's or ours protects it from: docs/guardrails.md names it, and compliance. */
  readonly gap?: string;
  /**
   * The organization policy of ours that closes the gap where the guardrails stack attaches it:
   * compliance reports the gap only where it does not.
   */
  readonly closedBy?: string;
}

/** One thing AWS makes for our stacks. */
export interface AwsCreatedResource {
  /** Stable id. */
  readonly id: string;
  readonly what: string;
  readonly causedBy: AwsCreatedCause;
  /** The facts that say AWS makes it. */
  readonly facts: readonly string[];
  readonly removal: AwsCreatedRemoval;
  readonly guardrail: AwsCreatedGuardrail;
  /** Whether `npm run local` shows its removal on moto; where not, its facts pin the order. */
  readonly removalOnMoto: boolean;
}

const POLICY_ASSOCIATION: AwsCreatedCause = { type: 'aws_securityhub_configuration_policy_association' };
const ORGANIZATION_RULE: AwsCreatedCause = { type: 'aws_config_organization_managed_rule' };
const ORGANIZATION_TRAIL: AwsCreatedCause = {
  type: 'aws_cloudtrail',
  withArgument: { name: 'is_organization_trail', value: true },
};
const EVERY_ACCOUNT =
  'the deploy role of every account of the organization (aws organizations list-accounts), the audit account included';

/** Everything AWS makes for our stacks, in the order a removal reaches it. */
export const AWS_CREATED_RESOURCES: readonly AwsCreatedResource[] = [
  {
    id: 'member-organization-config-rules',
    what: 'an AWS Config rule in every member account and governed Region for each organization rule (OrgConfigRule-...)',
    causedBy: ORGANIZATION_RULE,
    facts: ['config-organization-rules-not-modifiable-by-members'],
    removal: { kind: 'with-its-cause', facts: ['config-organization-rule-deletion-deletes-member-rules'] },
    guardrail: {
      protectedBy: 'AWS: a member account cannot change or delete them',
      fact: 'config-organization-rules-not-modifiable-by-members',
      gap: "the audit account's administrators can delete an organization rule, and with it its rule in every member: without the guardrails' audit protection (an audit account SCPs bind), no SCP of this product denies it (the config-rules-deleted detection alarms)",
      closedBy: AUDIT_PROTECTION_POLICY_NAME,
    },
    removalOnMoto: false,
  },
  {
    id: 'config-multi-account-service-linked-role',
    what: "AWS Config's AWSServiceRoleForConfigMultiAccountSetup role in the audit account",
    causedBy: ORGANIZATION_RULE,
    facts: ['config-organization-rule-creates-service-linked-role'],
    removal: {
      kind: 'commands',
      facts: ['iam-service-linked-role-deletion-fails-while-used'],
      commands: [
        {
          runAs: 'an administrator of the audit account',
          command: 'aws iam delete-service-linked-role --role-name AWSServiceRoleForConfigMultiAccountSetup',
          note: 'AWS refuses it while another organization rule or conformance pack still uses the role; it runs nothing and costs nothing',
        },
      ],
    },
    guardrail: {
      protectedBy: 'AWS: the role cannot be deleted while AWS Config uses it',
      fact: 'iam-service-linked-role-deletion-fails-while-used',
    },
    removalOnMoto: false,
  },
  {
    id: 'organization-trail-in-members',
    what: 'the organization trail, applied to every member account',
    causedBy: ORGANIZATION_TRAIL,
    facts: ['cloudtrail-organization-trail-applies-to-members'],
    removal: { kind: 'with-its-cause', facts: ['cloudtrail-organization-trail-applies-to-members'] },
    guardrail: {
      protectedBy: 'AWS: a member account cannot change or delete it',
      fact: 'cloudtrail-organization-trail-members-cannot-change',
    },
    removalOnMoto: false,
  },
  {
    id: 'cloudtrail-service-linked-role',
    what: "CloudTrail's AWSServiceRoleForCloudTrail role in the management account, made when trusted access for CloudTrail, which the organization trail needs, is turned on",
    causedBy: ORGANIZATION_TRAIL,
    facts: ['cloudtrail-trusted-access-creates-service-linked-role'],
    removal: {
      kind: 'commands',
      facts: ['cloudtrail-trusted-access-creates-service-linked-role'],
      commands: [
        {
          runAs: 'the management account',
          command: 'aws organizations disable-aws-service-access --service-principal cloudtrail.amazonaws.com',
          note: "only once no organization trail of anyone's remains (Control Tower's included): trusted access is the organization's, this product only checks it; the role runs nothing and costs nothing",
        },
      ],
    },
    guardrail: {
      protectedBy: 'AWS: the role cannot be deleted while CloudTrail uses it',
      fact: 'iam-service-linked-role-deletion-fails-while-used',
    },
    removalOnMoto: false,
  },
  {
    id: 'organization-security-hub',
    what: "Security Hub, with the policy's standards and the AWS Config rules Security Hub makes for their controls, in every account the configuration policy reaches and every governed Region",
    causedBy: POLICY_ASSOCIATION,
    facts: [
      'securityhub-configuration-policy-sets-hub-and-standards',
      'securityhub-disabled-standard-deletes-its-config-rules',
    ],
    removal: {
      kind: 'commands',
      facts: [
        'securityhub-disassociated-target-keeps-settings',
        'securityhub-api-removes-administrator-in-one-region',
        'securityhub-api-removal-keeps-organizations-registration',
        'securityhub-disabled-standard-deletes-its-config-rules',
        'securityhub-disabled-hub-leaves-failed-config-rules',
      ],
      after: AUDIT_DELEGATION_STACK_NAME,
      commands: [
        {
          runAs: 'the management account',
          command:
            'aws organizations deregister-delegated-administrator --account-id <account> --service-principal securityhub.amazonaws.com',
          note: "removes the designation in every Region (Security Hub's own call, the plan's, removed it in <home-region> only); AccountNotRegisteredException means it is gone already",
        },
        {
          runAs: EVERY_ACCOUNT,
          command:
            'for r in <regions>; do a=$(aws securityhub get-enabled-standards --region $r --query \'StandardsSubscriptions[].StandardsSubscriptionArn\' --output text); [ -z "$a" ] || aws securityhub batch-disable-standards --region $r --standards-subscription-arns $a; done',
          note: 'turns the standards off first, so that Security Hub deletes the AWS Config rules it made for their controls',
        },
        {
          runAs: EVERY_ACCOUNT,
          command:
            'for r in <regions>; do aws configservice describe-config-rules --region $r --query "ConfigRules[?CreatedBy==\'securityhub.amazonaws.com\'].ConfigRuleName" --output text; done',
          note: 'repeat until it prints nothing: a disabled Security Hub no longer deletes the rules it made',
        },
        {
          runAs: EVERY_ACCOUNT,
          command: 'for r in <regions>; do aws securityhub disable-security-hub --region $r; done',
          note: 'in the audit account, leave out <home-region>: the next step removes the hub there with Terraform',
        },
      ],
    },
    guardrail: {
      protectedBy: "AWS: only Security Hub's administrator configures a centrally managed account",
      fact: 'securityhub-centrally-managed-only-administrator-configures',
      gap: "the audit account's administrators (Security Hub's administrator) can switch the configuration policy off, disassociate it or disable its standards, in every account at once, and delete the AWS Config rules Security Hub made: without the guardrails' audit protection (an audit account SCPs bind), no SCP of this product denies it (the threat-detection-disabled and config-rules-deleted detections alarm)",
      closedBy: AUDIT_PROTECTION_POLICY_NAME,
    },
    removalOnMoto: false,
  },
  {
    id: 'audit-account-security-hub',
    what: 'Security Hub in the audit account, in the home Region, enabled by its designation as administrator (the audit stack adopts it)',
    causedBy: { type: 'aws_securityhub_organization_admin_account' },
    facts: ['securityhub-admin-designation-enables-hub'],
    removal: {
      kind: 'follow-up',
      facts: [
        'securityhub-central-configuration-blocks-administrator-removal',
        'securityhub-administrator-hub-cannot-be-disabled',
      ],
      after: AUDIT_DELEGATION_STACK_NAME,
    },
    guardrail: {
      protectedBy: 'AWS: nobody can disable it while the account is the administrator',
      fact: 'securityhub-administrator-hub-cannot-be-disabled',
    },
    removalOnMoto: true,
  },
  {
    id: 'security-hub-service-linked-role',
    what: "Security Hub's AWSServiceRoleForSecurityHub role in every account where Security Hub ran",
    causedBy: { type: 'aws_securityhub_account' },
    facts: ['securityhub-service-linked-role-after-disabled-everywhere'],
    removal: {
      kind: 'commands',
      facts: ['securityhub-service-linked-role-after-disabled-everywhere'],
      after: AUDIT_DELEGATION_STACK_NAME,
      commands: [
        {
          runAs: 'an administrator of each account where Security Hub ran, once it is off in every Region',
          command: 'aws iam delete-service-linked-role --role-name AWSServiceRoleForSecurityHub',
          note: 'it runs nothing and costs nothing',
        },
      ],
    },
    guardrail: {
      protectedBy: 'AWS: the role cannot be deleted while Security Hub is on in any Region',
      fact: 'securityhub-service-linked-role-after-disabled-everywhere',
    },
    removalOnMoto: false,
  },
  {
    id: 'standalone-security-hub-config-rules',
    what: 'the AWS Config rules Security Hub makes for the controls of each standard a member outside the organization subscribes to',
    causedBy: { type: 'aws_securityhub_standards_subscription' },
    facts: ['securityhub-disabled-standard-deletes-its-config-rules'],
    removal: { kind: 'with-its-cause', facts: ['securityhub-disabled-standard-deletes-its-config-rules'] },
    guardrail: {
      protectedBy: "the member's own administrators only",
      gap: 'outside the organization no SCP applies: its administrators can disable the standards or delete the rules',
    },
    removalOnMoto: false,
  },
  {
    id: 'remediation-flow-logs',
    what: "a flow log for each VPC that had none, in each member with awsConfig.flowLogsForEveryVpc and each governed Region, made by AWS Config's remediation with AWS-EnableVPCFlowLogs",
    causedBy: { type: 'aws_config_remediation_configuration' },
    facts: ['config-remediation-runs-automation-documents'],
    removal: {
      kind: 'commands',
      facts: ['config-remediation-runs-automation-documents'],
      commands: [
        {
          runAs: "the member's deploy role",
          command:
            'for r in <regions>; do f=$(aws ec2 describe-flow-logs --region $r --query "FlowLogs[?LogDestination==\'<LogDestinationArn>\'].FlowLogId" --output text); [ -z "$f" ] || aws ec2 delete-flow-logs --region $r --flow-log-ids $f; done',
          note: "after the member's plan, which removes the rule and its remediation, and the flow logs of members[].vpcFlowLogs: what still delivers there is the runbook's",
        },
      ],
    },
    guardrail: {
      protectedBy:
        'the vpc-flow-logs-enabled rule: its remediation gives a VPC whose flow log was deleted a new one at its next evaluation',
      gap: 'the runbook tags nothing, so DenyFlowLogDeletion, which binds the flow logs tagged ManagedBy, does not cover them: anyone allowed ec2:DeleteFlowLogs can delete one until the next evaluation',
    },
    removalOnMoto: false,
  },
];

/** A stack's resources, as its Terraform JSON holds them. */
export interface ResourcesJson {
  readonly resource?: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, unknown>>>>>>;
}

/** The resources of `stack` that make AWS create `item`, by address (`type.name`). */
export function causesIn(
  item: Pick<AwsCreatedResource, 'causedBy'>,
  stack: ResourcesJson,
): [string, Readonly<Record<string, unknown>>][] {
  const { type, withArgument } = item.causedBy;
  return Object.entries(stack.resource?.[type] ?? {})
    .filter(([, body]) => withArgument === undefined || body[withArgument.name] === withArgument.value)
    .map(([name, body]): [string, Readonly<Record<string, unknown>>] => [`${type}.${name}`, body]);
}
