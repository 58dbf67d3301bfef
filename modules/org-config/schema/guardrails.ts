import { z } from 'zod';
import { POLICY_TARGET_ID, PRINCIPAL_ARN_PATTERN } from '../../core/aws-values';
import { regionDenyOpeningsSummary } from '../../core/region-deny-exemptions';
import { accountIdSchema, describe, message } from './values';

/*
 * `guardrails`: the organization policies that keep the evidence and the recording safe from
 * administrators (service control policies) and the data perimeter (a resource control policy).
 */

export const guardrailsSchema = z
  .strictObject(
    {
      enabled: z
        .boolean({ error: message('must be true or false') })
        .default(true)
        .describe(
          'Deploy the guardrails stack: service control policies that keep the evidence and the recording safe from administrators, and the data perimeter.',
        ),
      accountId: accountIdSchema
        .optional()
        .describe(
          'Account that manages organization policies: the management account, or the delegated administrator for policy management. Default: organization.managementAccountId.',
        ),
      targets: z
        .array(
          z.string({ error: message('must be a root, OU or account id') }).regex(POLICY_TARGET_ID, {
            error: (issue) =>
              `${describe(issue.input)} is not a root, OU or account id; use "r-" (root), "ou-" (OU) or a 12-digit account id`,
          }),
          { error: message('must be a list of root, OU or account ids') },
        )
        .min(1, { error: 'must name at least one target; leave targets out to attach to the organization root' })
        .optional()
        .describe(
          'Roots, OUs or accounts the service control policies attach to. Default: the organization root (every account).',
        ),
      breakGlassPrincipalArns: z
        .array(
          z.string({ error: message('must be an IAM role or user ARN') }).regex(PRINCIPAL_ARN_PATTERN, {
            error: (issue) =>
              `${describe(issue.input)} is not an IAM role or user ARN such as "arn:aws:iam::012345678901:role/BreakGlass" (* may stand for part of the name)`,
          }),
          { error: message('must be a list of IAM role or user ARNs') },
        )
        .default([])
        .describe(
          'The only principals that may delete evidence or lift its retention, and change what the guardrails protect; [] means nobody.',
        ),
      denyOtherRegions: z
        .boolean({ error: message('must be true or false') })
        .default(false)
        .describe(
          `A service control policy that denies every action outside governedRegions, to everyone but the deploy role and breakGlassPrincipalArns, but those AWS Control Tower's Region deny exempts: global services (IAM, Organizations, CloudFront...) and Regional ones, which stay usable where AWS Config does not record: ${regionDenyOpeningsSummary()}. Refused beside a member whose awsConfig is "control-tower": AWS recommends against this policy where Control Tower runs; use Control Tower's own Region deny there.`,
        ),
      denyUnloggedSessions: z
        .boolean({ error: message('must be true or false') })
        .default(true)
        .describe(
          "A service control policy on each member of the organization that logs its sessions (sessionManagerLogs): a Session Manager session may start with the preferences document only, so that it is logged. Session Manager logs no session through SSH or port forwarding (AWS-StartSSHSession, AWS-StartPortForwardingSession), and a Session document of one's own sets its own logging; both are denied to all but breakGlassPrincipalArns. Run Command is not a session and stays open. false: such sessions stay open, unlogged.",
        ),
      dataPerimeter: z
        .boolean({ error: message('must be true or false') })
        .default(true)
        .describe(
          "A resource control policy on the log archive account: its buckets and keys answer only this organization's principals, the readers, the members outside the organization, and AWS services delivering for them.",
        ),
    },
    { error: message('must be an object such as { "enabled": true }') },
  )
  .prefault({})
  .describe(
    'Organization policies that protect the evidence and the recording (needs SCP and RCP policy types enabled).',
  );
