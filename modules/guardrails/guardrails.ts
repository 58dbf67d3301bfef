import { DataAwsOrganizationsOrganization } from '@cdktf/provider-aws/lib/data-aws-organizations-organization';
import { OrganizationsPolicy } from '@cdktf/provider-aws/lib/organizations-policy';
import { OrganizationsPolicyAttachment } from '@cdktf/provider-aws/lib/organizations-policy-attachment';
import { Construct } from 'constructs';
import { AWS_DOCUMENT_LIMITS, policySize } from '../core/aws-limits';
import { AuditLoggingError } from '../core/errors';
import { PolicyStatement, renderPolicy } from '../iam/policy-document';
import { dataPerimeterStatements } from './data-perimeter';
import { policyTargetProblems } from '../core/aws-values';
import {
  accountPolicyProtectionStatements,
  deliveryProtectionStatements,
  linkProtectionStatements,
  sinkProtectionStatements,
} from './application-logs-protection';
import { auditProtectionStatements } from './audit-protection';
import { evidenceProtectionStatements } from './evidence-protection';
import { recorderProtectionStatements, recordingProtectionStatements } from './recording-protection';
import { searchProtectionStatements } from './search-protection';
import { sessionProtectionStatements } from './session-protection';
import { TrailProtectionProps, trailProtectionStatements } from './trail-protection';
import { validateProps } from '../core/prop-validation';
import {
  APPLICATION_LOGS_PROTECTION_POLICY_NAME,
  AUDIT_PROTECTION_POLICY_NAME,
  DATA_PERIMETER_POLICY_NAME,
  EVIDENCE_PROTECTION_POLICY_NAME,
  RECORDER_PROTECTION_POLICY_NAME,
  RECORDING_PROTECTION_POLICY_NAME,
  REGION_DENY_POLICY_NAME,
  SEARCH_PROTECTION_POLICY_NAME,
  SESSION_PROTECTION_POLICY_NAME,
  TRAIL_PROTECTION_POLICY_NAME,
} from '../core/naming';
import { regionDenyStatements } from './region-deny';
import { AccountStack } from '../deployment/account-stack';

/** AWS's limit on the size of a service or resource control policy (the same for both), in characters. */
export const ORGANIZATION_POLICY_MAX_CHARACTERS = AWS_DOCUMENT_LIMITS['service-control-policy'];

/** Props of {@link Guardrails}. */
export interface GuardrailsProps {
  /** The organization id; the plan stops if the credentials reach another organization. */
  readonly organizationId: string;
  /** The log archive account. */
  readonly archiveAccountId: string;
  /**
   * Name of the central log bucket. Its access-log and member-logs buckets hold evidence too; the
   * data perimeter covers every bucket named `<it>-…`.
   */
  readonly logBucketName: string;
  /**
   * Other buckets that hold evidence (the replica).
   * @default []
   */
  readonly otherBucketNames?: readonly string[];
  /** Name of the deploy role in every account: spared from the configuration denies. */
  readonly deployRoleName: string;
  /**
   * The administrator role that applies the deploy role's bootstrap stacks: it alone, besides
   * break-glass, may change the deploy role.
   * @default - the deploy role itself
   */
  readonly deployRoleManagerName?: string;
  /**
   * The only principals that may destroy evidence (role or user ARNs; `*` may stand for part of a name).
   * @default [] - nobody
   */
  readonly breakGlassPrincipalArns?: readonly string[];
  /**
   * Other principals an administrator must not become (role or user ARNs; `*` may stand for part of
   * a name): the evidence signers. Only the bootstrap role and break-glass may create, re-trust or
   * change them, as break-glass itself.
   * @default []
   */
  readonly protectedPrincipalArns?: readonly string[];
  /**
   * Roots, OUs or accounts the service control policies attach to. The evidence policy also
   * attaches to the log archive account when the targets may not cover it.
   * @default - the organization root, read at plan time
   */
  readonly targets?: readonly string[];
  /** Regions where members record AWS Config. */
  readonly governedRegions: readonly string[];
  /**
   * A fourth SCP, attached to the targets: every action outside `governedRegions` is denied, to
   * everyone but the deploy role and the break-glass principals, but the actions AWS Control Tower's
   * Region deny exempts. Those include Regional services (AWS Config, STS, IAM Identity Center...),
   * which stay usable in the other Regions, unrecorded; KMS, ACM and WAF only in us-east-1.
   * @default false
   */
  readonly denyOtherRegions?: boolean;
  /** Name of the members' account trails. */
  readonly accountTrailName: string;
  /** Name of the role AWS Config records with in the members. */
  readonly configRoleName: string;
  /** Name of the Session Manager preferences document. */
  readonly sessionDocumentName: string;
  /** Value of the `ManagedBy` tag on the resources this product creates. */
  readonly managedByTag: string;
  /**
   * Roles that manage another AWS Config recorder (`AWSControlTowerExecution` where Control Tower
   * owns Config), spared from the recorder protection.
   * @default []
   */
  readonly otherRecorderManagers?: readonly string[];
  /**
   * The accounts where this product records AWS Config: the recorder protection is attached to each
   * of them and to no other account (Config's recorder actions can be bound by nothing but where
   * the policy is attached). An empty list leaves the policy out.
   * @default - `targets`
   */
  readonly recordedAccountIds?: readonly string[];
  /**
   * The members of the organization that log their Session Manager sessions: the session
   * protection, attached to each, lets a session start with the preferences document only (Session
   * Manager logs no session through SSH or port forwarding). An empty list leaves the policy out.
   * @default [] - no session protection
   */
  readonly sessionLoggingAccountIds?: readonly string[];
  /**
   * Whether the recorded accounts run the flow-logs rule's remediation: the recorder protection then
   * keeps their remediations, in the governed Regions, to the deploy role and break-glass.
   * @default false
   */
  readonly remediatesFlowLogs?: boolean;
  /**
   * The organization trail and what watches it, when a delegated administrator owns them (SCPs bind
   * it): a third SCP, attached to that account.
   * @default - none: the trail is in the management account, which no SCP binds
   */
  readonly trailProtection?: Omit<
    TrailProtectionProps,
    'partition' | 'deployRoleName' | 'breakGlassPrincipalArns' | 'managedByTag'
  >;
  /**
   * The members' application logs: the log archive's destinations, streams and roles join the
   * evidence policy, and a further SCP, attached to each sending member of the organization, keeps
   * its account-level policy. `undefined` leaves both out.
   * @default - none
   */
  readonly applicationLogs?: {
    /** The sending members of the organization (never the management account, which no SCP binds). */
    readonly senderAccountIds: readonly string[];
    /** Name of the archive's destinations, and the start of its streams' and roles' names. */
    readonly destinationName: string;
    /**
     * Whether the senders link to the log archive's sinks (`applicationLogs.liveSearch`): the links and
     * the sinks are protected too.
     * @default false
     */
    readonly liveSearch?: boolean;
  };
  /**
   * The audit account, when it is an account of the organization that SCPs bind: a further SCP,
   * attached to it, keeps its organization Config rules and aggregator, Security Hub's central
   * configuration and the findings export from its administrators. `undefined` leaves it out.
   * @default - none
   */
  readonly auditAccount?: {
    readonly accountId: string;
    /**
     * Name of the findings export's rule and stream, when it exports findings.
     * @default - none
     */
    readonly findingsExportName?: string;
    /**
     * Name of the role EventBridge writes findings to the stream with: spared from the deny on writing to it.
     * @default - none
     */
    readonly findingsEventsRoleName?: string;
  };
  /**
   * Whether the log archive has its search tier (`logArchive.search`): a further SCP, attached to
   * the log archive account alone, keeps the collection, its policies, the pipeline, the queues, the
   * archive buckets' notifications and the dead letters from its administrators.
   * @default false
   */
  readonly search?: boolean;
  /**
   * The resource control policy on the log archive account; `undefined` leaves it out.
   * @default - none
   */
  readonly dataPerimeter?: {
    /** Accounts outside the organization that reach the archive: readers and outside members. */
    readonly trustedAccountIds: readonly string[];
  };
}

/** One organization policy this construct manages. */
interface PolicySpec {
  readonly id: string;
  readonly name: string;
  readonly type: 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY';
  readonly description: string;
  readonly statements: PolicyStatement[];
  readonly targets: readonly string[];
}

/**
 * Organization policies that keep the audit evidence and its recording safe from administrators:
 * two service control policies (evidence, recording) attached to the targets, a third on the
 * organization trail's account when a delegated administrator owns it, and a resource control
 * policy (the data perimeter) attached to the log archive account. Deployed in the account that
 * manages organization policies (its {@link AccountStack}, whose partition the policies' ARNs take). The plan stops, with the fix, when a policy type is not enabled on
 * the root or the credentials reach another organization (read through a data source: the
 * organization itself is never managed here).
 */
export class Guardrails extends Construct {
  /**
   * The policies, by construct id (`evidence`, `recording`, `recorder`, `application-logs`, `sessions`,
   * `audit`, `regions`, `trail`, `search`, `data-perimeter`).
   */
  public readonly policies: ReadonlyMap<string, OrganizationsPolicy>;
  /** Policy id, type and target of every attachment. */
  public readonly attachments: readonly OrganizationsPolicyAttachment[];

  public constructor(scope: Construct, id: string, props: GuardrailsProps) {
    super(scope, id);
    validateProps(this, props, [
      ...policyTargetProblems('targets', props.targets),
      ...(props.recordedAccountIds === undefined || props.recordedAccountIds.length === 0
        ? []
        : policyTargetProblems('recordedAccountIds', props.recordedAccountIds)),
      ...(props.applicationLogs === undefined || props.applicationLogs.senderAccountIds.length === 0
        ? []
        : policyTargetProblems('applicationLogs.senderAccountIds', props.applicationLogs.senderAccountIds)),
      ...(props.sessionLoggingAccountIds === undefined || props.sessionLoggingAccountIds.length === 0
        ? []
        : policyTargetProblems('sessionLoggingAccountIds', props.sessionLoggingAccountIds)),
    ]);
    const organization = new DataAwsOrganizationsOrganization(this, 'organization', {});
    const rootId = `\${${organization.fqn}.roots[0].id}`;
    const stack = AccountStack.of(this);
    const context: SpecContext = {
      props,
      stack,
      rootId,
      targets: props.targets ?? [rootId],
      common: { partition: stack.partition, breakGlassPrincipalArns: props.breakGlassPrincipalArns ?? [] },
      bucketProps: { logBucketName: props.logBucketName, otherBucketNames: props.otherBucketNames ?? [] },
    };
    const specs = [
      evidencePolicySpec(context),
      recordingPolicySpec(context),
      recorderPolicySpec(context),
      applicationLogsPolicySpec(context),
      sessionPolicySpec(context),
      auditPolicySpec(context),
      regionDenyPolicySpec(context),
      trailPolicySpec(context),
      searchPolicySpec(context),
      dataPerimeterPolicySpec(context),
    ].filter((spec): spec is PolicySpec => spec !== undefined);
    checkPoliciesPerTarget(this.node.path, specs);

    const policies = new Map<string, OrganizationsPolicy>();
    const attachments: OrganizationsPolicyAttachment[] = [];
    for (const spec of specs) {
      const content = renderPolicy(spec.statements);
      const size = policySize(content);
      if (size > ORGANIZATION_POLICY_MAX_CHARACTERS) {
        throw new AuditLoggingError(
          `${this.node.path}: policy ${spec.name} is ${size} characters; AWS accepts at most ${ORGANIZATION_POLICY_MAX_CHARACTERS}. ` +
            'Shorten guardrails.breakGlassPrincipalArns (a * pattern can stand for several roles), or bring members outside the organization into it.',
        );
      }
      const policy = new OrganizationsPolicy(this, spec.id, {
        name: spec.name,
        description: spec.description,
        type: spec.type,
        content,
        lifecycle: { precondition: prerequisites(organization.fqn, props.organizationId, spec.type) },
      });
      policies.set(spec.id, policy);
      for (const target of spec.targets) {
        const name = `${spec.id}-${target === rootId ? 'root' : target}`;
        attachments.push(new OrganizationsPolicyAttachment(this, name, { policyId: policy.id, targetId: target }));
      }
    }
    this.policies = policies;
    this.attachments = attachments;
  }
}

/** What every policy's statements and targets are made from. */
interface SpecContext {
  readonly props: GuardrailsProps;
  readonly stack: AccountStack;
  /** The organization root, as a reference to the organization's data source. */
  readonly rootId: string;
  /** `props.targets`, or the root. */
  readonly targets: readonly string[];
  readonly common: { readonly partition: string; readonly breakGlassPrincipalArns: readonly string[] };
  readonly bucketProps: { readonly logBucketName: string; readonly otherBucketNames: readonly string[] };
}

/** The evidence protection: the archive's objects, buckets and keys, the delivery and the sinks. */
function evidencePolicySpec({ props, stack, targets, common, bucketProps }: SpecContext): PolicySpec {
  // An explicit list may leave out the log archive account; the evidence policy binds it anyway.
  const archiveCovered = props.targets === undefined || props.targets.includes(props.archiveAccountId);
  return {
    id: 'evidence',
    name: EVIDENCE_PROTECTION_POLICY_NAME,
    type: 'SERVICE_CONTROL_POLICY',
    description:
      'cdktf-audit-logging: nobody but break-glass deletes audit evidence; only the deploy role reconfigures the archive',
    statements: [
      ...evidenceProtectionStatements({
        ...common,
        ...bucketProps,
        archiveAccountId: props.archiveAccountId,
        deployRoleArn: stack.formatArn({
          service: 'iam',
          region: '',
          account: props.archiveAccountId,
          resource: 'role',
          resourceName: props.deployRoleName,
        }),
      }),
      ...(props.applicationLogs === undefined
        ? []
        : deliveryProtectionStatements({
            ...common,
            deployRoleName: props.deployRoleName,
            archiveAccountId: props.archiveAccountId,
            destinationName: props.applicationLogs.destinationName,
          })),
      ...(props.applicationLogs?.liveSearch === true
        ? sinkProtectionStatements({
            ...common,
            deployRoleName: props.deployRoleName,
            archiveAccountId: props.archiveAccountId,
          })
        : []),
    ],
    targets: archiveCovered ? targets : [...targets, props.archiveAccountId],
  };
}

/** The recording protection: AWS Config, trails, flow logs and session logging, and the privileged principals. */
function recordingPolicySpec({ props, targets, common }: SpecContext): PolicySpec {
  return {
    id: 'recording',
    name: RECORDING_PROTECTION_POLICY_NAME,
    type: 'SERVICE_CONTROL_POLICY',
    description: 'cdktf-audit-logging: only the deploy role changes AWS Config, trails, flow logs and session logging',
    statements: recordingProtectionStatements({
      ...common,
      deployRoleName: props.deployRoleName,
      deployRoleManagerName: props.deployRoleManagerName,
      protectedPrincipalArns: props.protectedPrincipalArns,
      governedRegions: props.governedRegions,
      accountTrailName: props.accountTrailName,
      configRoleName: props.configRoleName,
      sessionDocumentName: props.sessionDocumentName,
      managedByTag: props.managedByTag,
    }),
    targets,
  };
}

/** The recorder protection, on each account whose AWS Config this product records. */
function recorderPolicySpec({ props, targets, common }: SpecContext): PolicySpec | undefined {
  const recorded = props.recordedAccountIds ?? targets;
  if (recorded.length === 0) return undefined;
  return {
    id: 'recorder',
    name: RECORDER_PROTECTION_POLICY_NAME,
    type: 'SERVICE_CONTROL_POLICY',
    description: 'cdktf-audit-logging: only the deploy role changes AWS Config where this product records it',
    statements: recorderProtectionStatements({
      ...common,
      deployRoleName: props.deployRoleName,
      governedRegions: props.governedRegions,
      otherRecorderManagers: props.otherRecorderManagers,
      managedByTag: props.managedByTag,
      remediatesFlowLogs: props.remediatesFlowLogs,
    }),
    targets: [...recorded],
  };
}

/** The application logs protection, on each sending member: its account-level policy and its links. */
function applicationLogsPolicySpec({ props, common }: SpecContext): PolicySpec | undefined {
  const applicationLogs = props.applicationLogs;
  if (applicationLogs === undefined || applicationLogs.senderAccountIds.length === 0) return undefined;
  return {
    id: 'application-logs',
    name: APPLICATION_LOGS_PROTECTION_POLICY_NAME,
    type: 'SERVICE_CONTROL_POLICY',
    description:
      "cdktf-audit-logging: only the deploy role changes the account-level policy that sends a member's application logs",
    statements: [
      ...accountPolicyProtectionStatements({ ...common, deployRoleName: props.deployRoleName }),
      ...(applicationLogs.liveSearch === true
        ? linkProtectionStatements({
            ...common,
            deployRoleName: props.deployRoleName,
            managedByTag: props.managedByTag,
          })
        : []),
    ],
    targets: [...applicationLogs.senderAccountIds],
  };
}

/** The session protection, on each member that logs its sessions: a session through the preferences only. */
function sessionPolicySpec({ props, common }: SpecContext): PolicySpec | undefined {
  const logging = props.sessionLoggingAccountIds ?? [];
  if (logging.length === 0) return undefined;
  return {
    id: 'sessions',
    name: SESSION_PROTECTION_POLICY_NAME,
    type: 'SERVICE_CONTROL_POLICY',
    description:
      'cdktf-audit-logging: a Session Manager session starts with the logged preferences only, where this product logs sessions',
    statements: sessionProtectionStatements({ ...common, sessionDocumentName: props.sessionDocumentName }),
    targets: [...logging],
  };
}

/** The audit account's protection: organization Config rules, Security Hub's policy, the findings export. */
function auditPolicySpec({ props, common }: SpecContext): PolicySpec | undefined {
  if (props.auditAccount === undefined) return undefined;
  return {
    id: 'audit',
    name: AUDIT_PROTECTION_POLICY_NAME,
    type: 'SERVICE_CONTROL_POLICY',
    description:
      "cdktf-audit-logging: only the deploy role changes the organization's Config rules, Security Hub policy and findings export",
    statements: auditProtectionStatements({
      ...common,
      deployRoleName: props.deployRoleName,
      findingsExportName: props.auditAccount.findingsExportName,
      findingsEventsRoleName: props.auditAccount.findingsEventsRoleName,
      managedByTag: props.managedByTag,
    }),
    targets: [props.auditAccount.accountId],
  };
}

/** The Region deny (opt-in). */
function regionDenyPolicySpec({ props, targets, common }: SpecContext): PolicySpec | undefined {
  if (props.denyOtherRegions !== true) return undefined;
  return {
    id: 'regions',
    name: REGION_DENY_POLICY_NAME,
    type: 'SERVICE_CONTROL_POLICY',
    description:
      "cdktf-audit-logging: nothing outside the governed Regions but what AWS Control Tower's Region deny exempts",
    statements: regionDenyStatements({
      ...common,
      governedRegions: props.governedRegions,
      deployRoleName: props.deployRoleName,
    }),
    targets,
  };
}

/** The trail protection, on the organization trail's delegated administrator. */
function trailPolicySpec({ props, common }: SpecContext): PolicySpec | undefined {
  if (props.trailProtection === undefined) return undefined;
  return {
    id: 'trail',
    name: TRAIL_PROTECTION_POLICY_NAME,
    type: 'SERVICE_CONTROL_POLICY',
    description:
      'cdktf-audit-logging: only the deploy role changes the organization trail, its log group, alarms and topic',
    statements: trailProtectionStatements({
      ...common,
      ...props.trailProtection,
      deployRoleName: props.deployRoleName,
      managedByTag: props.managedByTag,
    }),
    targets: [props.trailProtection.accountId],
  };
}

/** The search tier's protection, on the log archive account alone (the tier is there, and only when on). */
function searchPolicySpec({ props, common }: SpecContext): PolicySpec | undefined {
  if (props.search !== true) return undefined;
  return {
    id: 'search',
    name: SEARCH_PROTECTION_POLICY_NAME,
    type: 'SERVICE_CONTROL_POLICY',
    description:
      "cdktf-audit-logging: only the deploy role deletes, stops or narrows the log archive's search collection, pipeline and queues",
    statements: searchProtectionStatements({
      ...common,
      archiveAccountId: props.archiveAccountId,
      logBucketName: props.logBucketName,
      deployRoleName: props.deployRoleName,
    }),
    targets: [props.archiveAccountId],
  };
}

/** The data perimeter, a resource control policy on the log archive account. */
function dataPerimeterPolicySpec({ props, common, bucketProps }: SpecContext): PolicySpec | undefined {
  if (props.dataPerimeter === undefined) return undefined;
  return {
    id: 'data-perimeter',
    name: DATA_PERIMETER_POLICY_NAME,
    type: 'RESOURCE_CONTROL_POLICY',
    description:
      'cdktf-audit-logging: archive buckets and keys answer only this organization; nobody but break-glass deletes evidence',
    statements: dataPerimeterStatements({
      ...common,
      ...bucketProps,
      organizationId: props.organizationId,
      archiveAccountId: props.archiveAccountId,
      trustedAccountIds: props.dataPerimeter.trustedAccountIds,
    }),
    targets: [props.archiveAccountId],
  };
}

/**
 * AWS attaches at most 5 policies of a type to one target, one of them its own full-access policy.
 * The root holds 4 of ours at most (evidence, recording, recorder, regions): an account is the one
 * that can hold more.
 */
function checkPoliciesPerTarget(path: string, specs: readonly PolicySpec[]): void {
  const perTarget = new Map<string, string[]>();
  for (const spec of specs) {
    for (const target of spec.targets) {
      const key = `${spec.type} ${target}`;
      perTarget.set(key, [...(perTarget.get(key) ?? []), spec.name]);
    }
  }
  for (const [key, names] of perTarget) {
    if (names.length > AWS_DOCUMENT_LIMITS['organization-policies-per-target']) {
      const target = key.split(' ')[1];
      throw new AuditLoggingError(
        `${path}: ${names.length} policies would attach to ${target} (${names.join(', ')}); ` +
          `AWS attaches at most 5 of a type to one target, one of them its own full-access policy. Leave ${target} out of guardrails.targets (the root's policies reach it), or opt it out of applicationLogs` +
          (names.includes(SEARCH_PROTECTION_POLICY_NAME) ? ', or turn logArchive.search off' : '') +
          (names.includes(SESSION_PROTECTION_POLICY_NAME) ? ', or set guardrails.denyUnloggedSessions to false.' : '.'),
      );
    }
  }
}

/** What must hold before a policy of `type` can be attached, checked at plan time with the fix in the message. */
function prerequisites(organizationFqn: string, organizationId: string, type: string) {
  const enabled = `[for t in ${organizationFqn}.roots[0].policy_types : t.type if t.status == "ENABLED"]`;
  return [
    {
      condition: `\${${organizationFqn}.id == "${organizationId}"}`,
      errorMessage: `These credentials reach another organization than organization.id ${organizationId}. Plan the guardrails stack with the deploy role of the account that manages organization policies (guardrails.accountId).`,
    },
    {
      condition: `\${contains(${enabled}, "${type}")}`,
      errorMessage: `The ${type} policy type is not enabled on the organization root. Enable it once from the management account: aws organizations enable-policy-type --policy-type ${type} --root-id $(aws organizations list-roots --query 'Roots[0].Id' --output text)`,
    },
  ];
}
