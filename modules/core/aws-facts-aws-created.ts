import type { AwsFact } from './aws-fact';

/*
 * The catalog rows (see aws-facts.ts) for what AWS turns on or creates because of our stacks, in what
 * order a removal may take it away, and what AWS itself keeps others from changing: the facts the
 * table of modules/core/aws-created-resources.ts and the removal order rest on.
 */

const SECURITY_HUB_GUIDE = 'https://docs.aws.amazon.com/securityhub/latest/userguide';
const SECURITY_HUB_API = 'https://docs.aws.amazon.com/securityhub/1.0/APIReference';
const CLOUDTRAIL_IN_ORGANIZATIONS =
  'https://docs.aws.amazon.com/organizations/latest/userguide/services-that-can-integrate-cloudtrail.html';
const INVENTORY = 'modules/core/aws-created-resources.ts';
const DECOMMISSION = 'packages/cli/toolkit/terraform/decommission.ts';
const INVENTORY_TEST = '__tests__/core/aws-created-resources.test.ts';
const INVENTORY_INTEGRATION_TEST = '__tests__/core/aws-created-resources.integration.test.ts';
const DECOMMISSION_TEST = '__tests__/toolkit/terraform/decommission.integration.test.ts';

export const AWS_CREATED_FACTS: readonly AwsFact[] = [
  {
    id: 'securityhub-administrator-hub-cannot-be-disabled',
    kind: 'ordering',
    subject: 'securityhub:DisableSecurityHub in the administrator account',
    fact: "AWS refuses to disable Security Hub in the account that is Security Hub's administrator; the AWS provider retries DisableSecurityHub while it answers so (InvalidInputException), then fails.",
    consequence:
      "The audit stack's removal plan keeps its hub; a follow-up plan removes it once audit-delegation's plan has removed the designation. The harness's moto refuses DisableSecurityHub in the administrator's account, as AWS does, so npm run local applies that order.",
    source: {
      url: `${SECURITY_HUB_API}/API_DisableSecurityHub.html`,
      sentence:
        "You can't disable Security Hub CSPM in an account that is currently the Security Hub CSPM administrator.",
    },
    reliedOnBy: [DECOMMISSION, 'e2e/harness/moto_audit_apis.py', 'e2e/suites/local.ts'],
    testedBy: [DECOMMISSION_TEST, '__tests__/e2e/harness/aws-model-check.moto.test.ts'],
  },
  {
    id: 'securityhub-central-configuration-blocks-administrator-removal',
    kind: 'ordering',
    subject: 'securityhub:DisableOrganizationAdminAccount under central configuration',
    fact: "While the organization uses central configuration, Security Hub's own API cannot remove the delegated administrator.",
    consequence:
      "The audit stack, whose organization configuration goes back to local on destroy, is removed before audit-delegation, whose designation the AWS provider removes with Security Hub's API.",
    source: {
      url: `${SECURITY_HUB_GUIDE}/remove-admin-overview.html`,
      sentence:
        "When you use central configuration, you can't use the Security Hub CSPM console or Security Hub CSPM APIs to change or remove the delegated administrator account.",
    },
    reliedOnBy: [DECOMMISSION],
    testedBy: [DECOMMISSION_TEST],
  },
  {
    id: 'securityhub-api-removes-administrator-in-one-region',
    kind: 'side-effect',
    subject: 'securityhub:DisableOrganizationAdminAccount',
    fact: "Security Hub's API removes the delegated administrator only in the Region of the call; Organizations' DeregisterDelegatedAdministrator removes it in every Region.",
    consequence:
      "removal.md names, after audit-delegation's plan (which removes the designation in the home Region), the Organizations command that removes it everywhere, before Security Hub is disabled in the audit account's other Regions.",
    source: {
      url: `${SECURITY_HUB_GUIDE}/remove-admin-overview.html`,
      sentence:
        'The Security Hub CSPM API only removes the delegated Security Hub CSPM administrator account from the Region where the API call or command is issued.',
    },
    reliedOnBy: [INVENTORY],
    testedBy: [DECOMMISSION_TEST],
  },
  {
    id: 'securityhub-api-removal-keeps-organizations-registration',
    kind: 'side-effect',
    subject: 'securityhub:DisableOrganizationAdminAccount',
    fact: "Removing the Security Hub administrator with Security Hub's API leaves the account registered in AWS Organizations as Security Hub's delegated administrator (service principal securityhub.amazonaws.com).",
    consequence:
      "removal.md follows audit-delegation's plan with Organizations' deregister-delegated-administrator; the harness's moto keeps the registration on DisableOrganizationAdminAccount, as AWS does (item 32).",
    source: {
      url: `${SECURITY_HUB_GUIDE}/remove-admin-overview.html`,
      sentence:
        "Security Hub CSPM doesn't update other Regions, and it doesn't remove the delegated administrator account in AWS Organizations.",
    },
    reliedOnBy: [INVENTORY, 'e2e/harness/moto_audit_apis.py'],
    testedBy: [DECOMMISSION_TEST, '__tests__/e2e/harness/aws-model-check.moto.test.ts'],
  },
  {
    id: 'securityhub-configuration-policy-sets-hub-and-standards',
    kind: 'side-effect',
    subject: 'securityhub:StartConfigurationPolicyAssociation',
    fact: 'A configuration policy enables (or disables) Security Hub, its standards and controls in every account it is associated with, in the home Region and every linked Region.',
    consequence:
      "The audit stack's policy, associated with the organization's root, turns Security Hub and the chosen standards on in every account and governed Region: none of it is a resource of any stack, so the inventory lists it and removal.md turns it off.",
    source: {
      url: `${SECURITY_HUB_API}/API_SecurityHubPolicy.html`,
      sentence:
        'The configuration policy includes whether Security Hub CSPM is enabled or disabled, a list of enabled security standards, a list of enabled or disabled security controls, and a list of custom parameter values for specified controls.',
    },
    reliedOnBy: [INVENTORY, 'modules/security-hub/security-hub-central-configuration.ts'],
    testedBy: [INVENTORY_INTEGRATION_TEST],
  },
  {
    id: 'securityhub-disassociated-target-keeps-settings',
    kind: 'side-effect',
    subject: 'securityhub:StartConfigurationPolicyDisassociation',
    fact: 'An account disassociated from a configuration policy, with no parent policy to inherit, keeps Security Hub and its standards as they were and becomes self-managed.',
    consequence:
      'Destroying the policy association leaves Security Hub on in every account: removal.md names the commands that turn the standards and Security Hub off in each account and Region.',
    source: {
      url: `${SECURITY_HUB_API}/API_StartConfigurationPolicyDisassociation.html`,
      sentence:
        'If there’s no configuration to inherit, the target retains its settings but becomes a self-managed account.',
    },
    reliedOnBy: [INVENTORY],
    testedBy: [DECOMMISSION_TEST],
  },
  {
    id: 'securityhub-centrally-managed-only-administrator-configures',
    kind: 'permission',
    subject: 'Security Hub settings of a centrally managed account',
    fact: 'Under central configuration only the delegated administrator changes the Security Hub settings of an account the policy manages, in the home and linked Regions.',
    consequence:
      'No SCP is needed to keep a member from disabling the Security Hub or standards the policy turned on; what remains open is the administrator itself, the audit account, a gap docs/guardrails.md and compliance name.',
    source: {
      url: `${SECURITY_HUB_GUIDE}/central-configuration-management-type.html`,
      sentence:
        'Only the delegated Security Hub CSPM administrator can configure settings for centrally managed accounts, OUs, or the root across the home Region and linked Regions.',
    },
    reliedOnBy: [INVENTORY, 'packages/cli/toolkit/compliance/rules/authorization-guardrails.ts'],
    testedBy: [INVENTORY_TEST],
  },
  {
    id: 'securityhub-disabled-standard-deletes-its-config-rules',
    kind: 'side-effect',
    subject: 'securityhub:BatchDisableStandards',
    fact: 'Security Hub makes AWS Config rules for the controls of the standards it runs, and deletes them when the standards are disabled.',
    consequence:
      "Those rules (evaluated and billed in every account and Region) are in the inventory; removal.md disables the standards before Security Hub, and a member outside the organization loses them with its plan's standard subscriptions.",
    source: {
      url: `${SECURITY_HUB_GUIDE}/disable-standards.html`,
      sentence: 'AWS Config rules that Security Hub CSPM created for the disabled controls are deleted.',
    },
    reliedOnBy: [INVENTORY],
    testedBy: [INVENTORY_INTEGRATION_TEST],
  },
  {
    id: 'securityhub-disabled-hub-leaves-failed-config-rules',
    kind: 'ordering',
    subject: 'securityhub:DisableSecurityHub after BatchDisableStandards',
    fact: 'If Security Hub fails to delete the AWS Config rules of a disabled standard, it retries only while it stays enabled: disabled, it leaves the rules.',
    consequence:
      'removal.md disables the standards, waits until no rule made by securityhub.amazonaws.com is left in the Region, and only then disables Security Hub.',
    source: {
      url: `${SECURITY_HUB_GUIDE}/disable-standards.html`,
      sentence:
        "However, if you disabled Security Hub CSPM or don't have any other standards enabled, Security Hub CSPM can't try again, which means that it can't delete the rules.",
    },
    reliedOnBy: [INVENTORY],
    testedBy: [DECOMMISSION_TEST],
  },
  {
    id: 'securityhub-service-linked-role-after-disabled-everywhere',
    kind: 'ordering',
    subject: 'iam:DeleteServiceLinkedRole of AWSServiceRoleForSecurityHub',
    fact: "Security Hub's service-linked role can be deleted only once Security Hub is disabled in every Region of the account.",
    consequence:
      'removal.md names its deletion after Security Hub is off everywhere; while Security Hub runs, AWS keeps the role, so no guardrail of ours needs to.',
    source: {
      url: `${SECURITY_HUB_GUIDE}/using-service-linked-roles.html`,
      sentence:
        "You can delete the Security Hub CSPM service-linked role only after you disable Security Hub CSPM in all the Regions where it's enabled.",
    },
    reliedOnBy: [INVENTORY],
    testedBy: [INVENTORY_INTEGRATION_TEST],
  },
  {
    id: 'config-organization-rules-not-modifiable-by-members',
    kind: 'permission',
    subject: 'config:PutOrganizationConfigRule, the rules it makes in member accounts',
    fact: 'An organization Config rule makes a rule in every member account, which the member account cannot change.',
    consequence:
      "The members' copies of the audit stack's rules need no SCP; the audit account's administrators, who can delete the organization rule, are a gap docs/guardrails.md and compliance name.",
    source: {
      url: 'https://docs.aws.amazon.com/config/latest/developerguide/config-rule-multi-account-deployment.html',
      sentence:
        'Use the APIs from the management account in AWS Organizations to enforce governance by ensuring that the underlying AWS Config rules are not modifiable by your organization’s member accounts.',
    },
    reliedOnBy: [INVENTORY],
    testedBy: [INVENTORY_INTEGRATION_TEST],
  },
  {
    id: 'config-organization-rule-deletion-deletes-member-rules',
    kind: 'side-effect',
    subject: 'config:DeleteOrganizationConfigRule',
    fact: 'Deleting an organization Config rule deletes its rule and evaluations in every member account.',
    consequence:
      "The audit stack's removal plan, which destroys the organization rules, removes the members' copies too: removal.md says so under that plan, and names no command for them.",
    source: {
      url: 'https://docs.aws.amazon.com/config/latest/APIReference/API_DeleteOrganizationConfigRule.html',
      sentence:
        'Deletes the specified organization Config rule and all of its evaluation results from all member accounts in that organization.',
    },
    reliedOnBy: [INVENTORY],
    testedBy: [DECOMMISSION_TEST],
  },
  {
    id: 'config-organization-rule-creates-service-linked-role',
    kind: 'side-effect',
    subject: 'config:PutOrganizationConfigRule',
    fact: 'Putting an organization Config rule turns on trusted access for config-multiaccountsetup.amazonaws.com and creates AWSServiceRoleForConfigMultiAccountSetup in the calling account (the audit account here), unless it exists.',
    consequence: "The role is in the inventory, and removal.md names its deletion after the audit stack's plan.",
    source: {
      url: 'https://docs.aws.amazon.com/config/latest/APIReference/API_PutOrganizationConfigRule.html',
      sentence:
        'This API enables organization service access through the EnableAWSServiceAccess action and creates a service-linked role AWSServiceRoleForConfigMultiAccountSetup in the management or delegated administrator account of your organization.',
    },
    reliedOnBy: [INVENTORY],
    testedBy: [INVENTORY_INTEGRATION_TEST],
  },
  {
    id: 'cloudtrail-organization-trail-applies-to-members',
    kind: 'side-effect',
    subject: 'cloudtrail:CreateTrail with IsOrganizationTrail',
    fact: 'An organization trail applies itself to every member account of the organization.',
    consequence:
      "The members' view of the trail is no resource of theirs: it goes with the organization stack's plan, which removal.md says.",
    source: {
      url: CLOUDTRAIL_IN_ORGANIZATIONS,
      sentence: 'Organization trails are automatically applied to all member accounts in the organization.',
    },
    reliedOnBy: [INVENTORY],
    testedBy: [INVENTORY_INTEGRATION_TEST],
  },
  {
    id: 'cloudtrail-organization-trail-members-cannot-change',
    kind: 'permission',
    subject: 'An organization trail, seen from a member account',
    fact: 'A member account can see the organization trail but cannot change or delete it.',
    consequence:
      "No SCP protects the organization trail in members; where a delegated administrator owns it, the trail SCP binds that account's own administrators.",
    source: {
      url: CLOUDTRAIL_IN_ORGANIZATIONS,
      sentence: "Member accounts can see the organization trail, but can't modify or delete it.",
    },
    reliedOnBy: [INVENTORY],
    testedBy: [INVENTORY_TEST],
  },
  {
    id: 'cloudtrail-trusted-access-creates-service-linked-role',
    kind: 'side-effect',
    subject: 'organizations:EnableAWSServiceAccess for cloudtrail.amazonaws.com',
    fact: "Turning on CloudTrail's trusted access, which an organization trail needs, creates AWSServiceRoleForCloudTrail in the management account.",
    consequence:
      "The role is in the inventory; removal.md names the command that removes it with the trusted access, to run only when no one's organization trail needs it any more.",
    source: {
      url: CLOUDTRAIL_IN_ORGANIZATIONS,
      sentence:
        "The following service-linked role is automatically created in your organization's management account when you enable trusted access.",
    },
    reliedOnBy: [INVENTORY],
    testedBy: [INVENTORY_INTEGRATION_TEST],
  },
  {
    id: 'iam-service-linked-role-deletion-fails-while-used',
    kind: 'permission',
    subject: 'iam:DeleteServiceLinkedRole',
    fact: 'IAM does not delete a service-linked role while its service still uses a resource through it.',
    consequence:
      'The service-linked roles our stacks cause need no SCP: AWS keeps each as long as its service needs it, and removal.md may name their deletion without harm.',
    source: {
      url: 'https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteServiceLinkedRole.html',
      sentence:
        'If you submit a deletion request for a service-linked role whose linked service is still accessing a resource, then the deletion task fails.',
    },
    reliedOnBy: [INVENTORY],
    testedBy: [INVENTORY_TEST],
  },
  {
    id: 'config-remediation-runs-automation-documents',
    kind: 'side-effect',
    subject: 'config:PutRemediationConfigurations with Automatic true',
    fact: 'An AWS Config remediation acts through a Systems Manager Automation runbook, which creates what it creates in the account itself (AWS-EnableVPCFlowLogs: a flow log), outside any stack.',
    consequence:
      "The flow logs AWS-EnableVPCFlowLogs made are in the inventory: removal.md names the commands that delete them after the member's plan, and docs/guardrails.md and compliance name them as a gap (they carry no tag).",
    source: {
      url: 'https://docs.aws.amazon.com/config/latest/developerguide/remediation.html',
      sentence: 'AWS Config applies remediation using AWS Systems Manager Automation documents.',
    },
    reliedOnBy: [INVENTORY, 'modules/flow-logs/flow-logs-remediation.ts'],
    testedBy: [INVENTORY_INTEGRATION_TEST],
  },
];
