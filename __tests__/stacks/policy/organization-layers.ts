import { type OrganizationLayers, parseTerraformPolicy } from './simulate';

/*
 * The organization policies AWS applies to a request, read from a synthesized guardrails stack's
 * attachments, with the rules AWS uses to decide which apply: SCPs bind IAM principals of member
 * accounts (never the management account's), RCPs cover resources of member accounts (never the
 * management account's). At each level AWS's own FullAWSAccess sits beside ours.
 */

const FULL_AWS_ACCESS = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
/** The organization root's id in the simulated requests. */
const ROOT = 'r-abcd';

/** The organization a request is simulated in. */
export interface SimulatedOrganization {
  /** Every account of the organization, the management account's included. */
  readonly accounts: ReadonlySet<string>;
  readonly managementAccountId: string;
}

interface SynthesizedPolicy {
  name: string;
  type: string;
  content: string;
}

/** The policies of a synthesized guardrails stack, as each target of theirs sees them. */
export class GuardrailAttachments {
  private readonly policies: Record<string, SynthesizedPolicy>;
  private readonly attachments: { policy_id: string; target_id: string }[];

  public constructor(
    guardrailsSynth: Record<string, any>,
    private readonly organization: SimulatedOrganization,
  ) {
    this.policies = guardrailsSynth.resource.aws_organizations_policy as Record<string, SynthesizedPolicy>;
    this.attachments = Object.values(
      guardrailsSynth.resource.aws_organizations_policy_attachment as Record<
        string,
        { policy_id: string; target_id: string }
      >,
    );
  }

  /** The policies of `type` attached to `target` ("root" for the organization root). */
  public attachedTo(target: string, type: string): { name: string; policy: unknown }[] {
    return this.attachments
      .filter((a) => (a.target_id.includes('.roots[0].id') ? 'root' : a.target_id) === target)
      .flatMap((attachment) => {
        const address = /aws_organizations_policy\.([^.]+)\.id/.exec(attachment.policy_id)?.[1] ?? '';
        const policy = this.policies[address];
        if (policy === undefined) throw new Error(`attachment of an unknown policy ${attachment.policy_id}`);
        return policy.type === type ? [{ name: policy.name, policy: parseTerraformPolicy(policy.content) }] : [];
      });
  }

  /** Every synthesized policy, parsed, by its name. */
  public byName(): Map<string, { type: string; document: { Statement: any[] } }> {
    return new Map(
      Object.values(this.policies).map((p) => [
        p.name,
        { type: p.type, document: parseTerraformPolicy(p.content) as { Statement: any[] } },
      ]),
    );
  }

  /**
   * The organization layers of a request by a principal of `callerAccount` (undefined for a
   * service) on a resource of `resourceAccount`.
   */
  public layersFor(callerAccount: string | undefined, resourceAccount: string): OrganizationLayers {
    const { accounts, managementAccountId } = this.organization;
    const bound = callerAccount !== undefined && accounts.has(callerAccount) && callerAccount !== managementAccountId;
    const covered = accounts.has(resourceAccount) && resourceAccount !== managementAccountId;
    const full = { name: 'FullAWSAccess', policy: FULL_AWS_ACCESS };
    const scp = 'SERVICE_CONTROL_POLICY';
    const rcp = 'RESOURCE_CONTROL_POLICY';
    return {
      serviceControlPolicies: bound
        ? [
            { orgIdentifier: ROOT, policies: [full, ...this.attachedTo('root', scp)] },
            { orgIdentifier: callerAccount, policies: [full, ...this.attachedTo(callerAccount, scp)] },
          ]
        : [],
      resourceControlPolicies: covered
        ? [
            { orgIdentifier: ROOT, policies: this.attachedTo('root', rcp) },
            { orgIdentifier: resourceAccount, policies: this.attachedTo(resourceAccount, rcp) },
          ]
        : [],
    };
  }
}
