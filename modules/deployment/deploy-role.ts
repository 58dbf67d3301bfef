import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';
import { AWS_DOCUMENT_LIMITS, MANAGED_POLICIES_PER_ROLE, policySize } from '../core/aws-limits';
import { IAM_ROLE_NAME, PRINCIPAL_ARN_PATTERN } from '../core/aws-values';
import { validateProps } from '../core/prop-validation';
import { type PolicyStatement, renderPolicy } from '../iam/policy-document';
import { deployRolePolicyName } from '../core/naming';

/** Props of {@link DeployRole}. */
export interface DeployRoleProps {
  /** The role's name: the `deployment.roleName` every stack's provider assumes. */
  readonly roleName: string;
  /** The principals that may assume it (a pipeline's role, or an account's root); no wildcards. */
  readonly trustedPrincipals: readonly string[];
  /** The identity policy's statements: what `deploy-role` derived from the synthesized stacks. */
  readonly statements: readonly PolicyStatement[];
  /**
   * The longest session, in seconds (3,600 to 43,200, IAM's CreateRole range).
   * @default 3600
   */
  readonly maxSessionDuration?: number;
}

/** An account as a principal: every principal of the account its own policies allow. */
const ACCOUNT_ROOT = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:root$/;

/** Statements' size as IAM counts it for the managed-policy quota: the compact JSON AWS receives. */
const sizeOf = (statements: readonly PolicyStatement[]): number => policySize(renderPolicy(statements));

/**
 * Splits `statements` into policies of at most `limit` characters: whole statements where they fit,
 * a statement too large alone by its actions.
 */
export function packStatements(statements: readonly PolicyStatement[], limit: number): PolicyStatement[][] {
  const pieces: PolicyStatement[] = [];
  for (const statement of statements) {
    const actions = [statement.Action ?? []].flat();
    if (sizeOf([statement]) <= limit || actions.length < 2) {
      pieces.push(statement);
      continue;
    }
    let part: string[] = [];
    let index = 0;
    for (const action of actions) {
      if (part.length > 0 && sizeOf([{ ...statement, Action: [...part, action] }]) > limit) {
        pieces.push({ ...statement, Sid: `${statement.Sid}${index++}`, Action: part });
        part = [];
      }
      part.push(action);
    }
    pieces.push({ ...statement, Sid: `${statement.Sid}${index}`, Action: part });
  }
  const policies: PolicyStatement[][] = [];
  for (const piece of pieces) {
    const last = policies.at(-1);
    if (last !== undefined && sizeOf([...last, piece]) <= limit) last.push(piece);
    else policies.push([piece]);
  }
  return policies;
}

/**
 * The least-privilege role a pipeline deploys one account's stacks with: trusted by the principals
 * named, with the policy `cdktf-audit-logging deploy-role` derived from the stacks that deploy into
 * the account, as customer managed policies of at most 6,144 characters each (IAM's quota), at most
 * 10 of them (the default quota of managed policies per role). Created once with an administrator
 * role, before the stacks it deploys (docs/deploy-role.md).
 */
export class DeployRole extends Construct {
  /** The role. */
  public readonly role: IamRole;
  /** Its managed policies, in order. */
  public readonly policies: IamPolicy[];

  public constructor(scope: Construct, id: string, props: DeployRoleProps) {
    const packed = packStatements(props.statements, AWS_DOCUMENT_LIMITS['iam-managed-policy']);
    super(scope, id);
    validateProps(this, props, [
      IAM_ROLE_NAME.test(props.roleName)
        ? undefined
        : { field: 'roleName', message: `${JSON.stringify(props.roleName)} is not an IAM role name` },
      props.trustedPrincipals.length > 0 &&
      props.trustedPrincipals.every(
        (arn) => (PRINCIPAL_ARN_PATTERN.test(arn) || ACCOUNT_ROOT.test(arn)) && !arn.includes('*'),
      )
        ? undefined
        : {
            field: 'trustedPrincipals',
            message: 'must name at least one IAM role or user ARN, or an account (arn:aws:iam::<id>:root), without *',
          },
      props.statements.length > 0 ? undefined : { field: 'statements', message: 'must hold at least one statement' },
      packed.length <= MANAGED_POLICIES_PER_ROLE
        ? undefined
        : {
            field: 'statements',
            message: `need ${packed.length} managed policies of 6,144 characters, more than the ${MANAGED_POLICIES_PER_ROLE} a role may have attached`,
          },
      (props.maxSessionDuration ?? 3600) >= 3600 && (props.maxSessionDuration ?? 3600) <= 43200
        ? undefined
        : { field: 'maxSessionDuration', message: `${props.maxSessionDuration} is not between 3600 and 43200 seconds` },
    ]);
    this.role = new IamRole(this, 'role', {
      name: props.roleName,
      description: 'Deploys the cdktf-audit-logging stacks of this account, with the actions they need and no more.',
      maxSessionDuration: props.maxSessionDuration ?? 3600,
      assumeRolePolicy: renderPolicy([
        {
          Sid: 'DeployPipeline',
          Effect: 'Allow',
          Principal: { AWS: [...props.trustedPrincipals].sort() },
          Action: 'sts:AssumeRole',
        },
      ]),
    });
    this.policies = packed.map((statements, index) => {
      const policy = new IamPolicy(this, `policy-${index + 1}`, {
        name: deployRolePolicyName(props.roleName, index + 1),
        description: `cdktf-audit-logging deploy role, part ${index + 1} of ${packed.length}`,
        policy: renderPolicy(statements),
      });
      new IamRolePolicyAttachment(this, `attachment-${index + 1}`, { role: this.role.name, policyArn: policy.arn });
      return policy;
    });
  }
}
