import type { AwsFact } from './aws-fact';

/*
 * The catalog rows (see aws-facts.ts) that the guardrails' escalation closure rests on: how an
 * administrator could become a principal a guardrail spares or a key policy trusts, and what IAM and
 * AWS Organizations do that closes or opens each path. Each is cited and pinned by a test.
 */

const IAM_GUIDE = 'https://docs.aws.amazon.com/IAM/latest/UserGuide';
const IAM_API = 'https://docs.aws.amazon.com/IAM/latest/APIReference';
const ESCALATION_TEST = '__tests__/stacks/policy/escalation.policy.test.ts';
const DEPLOY_ROLE_TEST = '__tests__/stacks/policy/deploy-role-guardrail.policy.test.ts';
const GUARDRAIL_CASES = '__tests__/stacks/policy/guardrails-cases.ts';

export const ESCALATION_FACTS: readonly AwsFact[] = [
  {
    id: 'iam-role-tags-control-access',
    kind: 'condition-keys',
    subject: 'IAM actions on a role',
    fact: "A request on an IAM role carries the role's tags as aws:ResourceTag/<key>, so a policy can bind the roles that carry a tag, whatever their names.",
    consequence:
      "Every role our stacks make carries the provider's default tag ManagedBy = cdktf-audit-logging; the recording protection denies changing, deleting, passing or untagging a role so tagged to all but the deploy role, the bootstrap role and break-glass, so a new role of ours is protected the day it is made.",
    source: {
      url: `${IAM_GUIDE}/access_iam-tags.html`,
      sentence:
        'To do this, use the aws:ResourceTag/key-name condition key to specify which tag key-value pair must be attached to the resource.',
    },
    reliedOnBy: ['modules/guardrails/recording-protection.ts'],
    testedBy: [ESCALATION_TEST, DEPLOY_ROLE_TEST, GUARDRAIL_CASES],
  },
  {
    id: 'iam-rename-authorized-on-both-names',
    kind: 'permission',
    subject: 'iam:UpdateUser',
    fact: "IAM authorizes a user's rename against the user's old name and its new one.",
    consequence:
      'The recording protection denies iam:Update* on the break-glass principals: nobody renames a user of their own into a break-glass name (or a break-glass user out of it), and no break-glass pattern with * can be matched by a renamed user.',
    source: {
      url: `${IAM_API}/API_UpdateUser.html`,
      sentence:
        'To change a user name, the requester must have appropriate permissions on both the source object and the target object.',
    },
    reliedOnBy: ['modules/guardrails/recording-protection.ts'],
    testedBy: [ESCALATION_TEST],
  },
  {
    id: 'organizations-access-role-only-in-created-accounts',
    kind: 'side-effect',
    subject: 'organizations:CreateAccount',
    fact: 'AWS Organizations makes OrganizationAccountAccessRole, trusted by the management account, in the accounts it creates; an invited account has no such role until someone makes it.',
    consequence:
      "The bootstrap role (deployment.bootstrapRoleName) is spared from the deploy role's protection, so it is protected itself: nobody but it and break-glass may create, re-trust or change a role of that name in any account, so an administrator of an invited account cannot make it for themselves. Make it before the guardrails bind the account (docs/guardrails.md).",
    source: {
      url: 'https://docs.aws.amazon.com/organizations/latest/APIReference/API_CreateAccount.html',
      sentence:
        'Organizations preconfigures the new member account with a role (named OrganizationAccountAccessRole by default) that grants users in the management account administrator permissions in the new member account.',
    },
    reliedOnBy: ['modules/guardrails/recording-protection.ts', 'modules/org-config/checks.ts'],
    testedBy: [ESCALATION_TEST, DEPLOY_ROLE_TEST],
  },
];
