import {
  LOG_ARCHIVE_STACK_NAME,
  SEARCH_COLLECTION_NAME,
  SEARCH_PIPELINE_ROLE_NAME,
} from '@audit-logging/cdktf/toolkit-api/core';
import type { ComplianceEvidence } from '../evidence';
import { type ComplianceRule, met, missing, type StackVerdict } from '../rule';
import { type ResourceBody, resourcesOf, type SynthesizedStack } from '../stack-json';

const DOCS = 'docs/search.md';

/** Data access permissions that change a collection's documents or indexes: the pipeline's alone. */
const WRITES = /^aoss:(\*|Write|Create|Update|Delete)/i;

/** A policy document of the stack as JSON, or undefined when it is not JSON. */
function parsed(body: ResourceBody): unknown {
  try {
    return JSON.parse(String(body.policy));
  } catch {
    return undefined;
  }
}

/** The security or access policies of `type` (`encryption`, `network`, `data`) in the stack, parsed. */
function policiesOf(stack: SynthesizedStack | undefined, resource: string, type: string): [string, unknown][] {
  return resourcesOf(stack, resource)
    .filter(([, body]) => body.type === type)
    .map(([address, body]) => [address, parsed(body)]);
}

/** A list of the value: itself when it is one, else a list of it. */
const listOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

/** Whether an IAM action pattern (with * and ?) covers `action`. */
function covers(pattern: string, action: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    'i',
  );
  return regex.test(action);
}

/** The collection's encryption policies: each under a customer managed key (AWSOwnedKey false, a KmsARN). */
function encryptionProblems(stack: SynthesizedStack | undefined): string[] {
  const policies = policiesOf(stack, 'aws_opensearchserverless_security_policy', 'encryption');
  if (policies.length === 0) return ['no encryption policy for the collection'];
  return policies
    .filter(([, doc]) => {
      const policy = doc as { AWSOwnedKey?: unknown; KmsARN?: unknown } | undefined;
      return policy?.AWSOwnedKey !== false || typeof policy.KmsARN !== 'string' || policy.KmsARN === '';
    })
    .map(([address]) => `${address} is not under a customer managed key (AWSOwnedKey false and a KmsARN)`);
}

/** The network policies: none admits public access. */
function networkProblems(stack: SynthesizedStack | undefined): string[] {
  return policiesOf(stack, 'aws_opensearchserverless_security_policy', 'network')
    .filter(
      ([, doc]) =>
        doc === undefined ||
        listOf(doc).some((rule) => (rule as { AllowFromPublic?: unknown }).AllowFromPublic !== false),
    )
    .map(([address]) => `${address} allows access from public networks (AllowFromPublic is not false)`);
}

/** The data access policies: principals the pipeline role and the configured analysts only; analysts never write. */
function accessProblems(
  stack: SynthesizedStack | undefined,
  pipelineRole: RegExp,
  analysts: readonly string[],
): string[] {
  const policies = policiesOf(stack, 'aws_opensearchserverless_access_policy', 'data');
  if (policies.length === 0) return ['no data access policy for the collection'];
  return policies.flatMap(([address, doc]) =>
    listOf(doc).flatMap((statement) => {
      const { Principal, Rules } = statement as { Principal?: unknown; Rules?: unknown };
      const principals = listOf(Principal).map(String);
      const others = principals.filter((p) => !pipelineRole.test(p) && !analysts.includes(p));
      const writes = listOf(Rules).flatMap((rule) => listOf((rule as { Permission?: unknown }).Permission).map(String));
      const analystWrites = principals.some((p) => analysts.includes(p)) && writes.some((w) => WRITES.test(w));
      return [
        ...(others.length > 0
          ? [`${address} grants ${others.join(', ')}: neither the pipeline role nor a configured analyst`]
          : []),
        ...(analystWrites
          ? [`${address} lets analyst roles write (${writes.filter((w) => WRITES.test(w)).join(', ')})`]
          : []),
      ];
    }),
  );
}

/** The pipeline role: it exists, no policy of it allows s3:DeleteObject, and no managed policy is attached. */
function pipelineRoleProblems(stack: SynthesizedStack | undefined): string[] {
  const role = resourcesOf(stack, 'aws_iam_role').find(([, body]) => body.name === SEARCH_PIPELINE_ROLE_NAME);
  if (role === undefined) return [`no pipeline role ${SEARCH_PIPELINE_ROLE_NAME}`];
  const [roleAddress, roleBody] = role;
  const ofRole = (body: ResourceBody) =>
    body.role === SEARCH_PIPELINE_ROLE_NAME || String(body.role).includes(`${roleAddress}.`);
  const documents: [string, unknown][] = [
    ...resourcesOf(stack, 'aws_iam_role_policy')
      .filter(([, body]) => ofRole(body))
      .map(([address, body]): [string, unknown] => [address, parsed(body)]),
    ...listOf(roleBody.inline_policy).map((inline): [string, unknown] => [roleAddress, parsed(inline as ResourceBody)]),
  ];
  const deleting = documents
    .filter(([, doc]) =>
      listOf((doc as { Statement?: unknown } | undefined)?.Statement).some((statement) => {
        const { Effect, Action, NotAction } = statement as { Effect?: unknown; Action?: unknown; NotAction?: unknown };
        if (Effect !== 'Allow') return false;
        if (NotAction !== undefined) return !listOf(NotAction).some((a) => covers(String(a), 's3:DeleteObject'));
        return listOf(Action).some((a) => covers(String(a), 's3:DeleteObject'));
      }),
    )
    .map(([address]) => `${address} allows the pipeline role s3:DeleteObject`);
  const attached = resourcesOf(stack, 'aws_iam_role_policy_attachment')
    .filter(([, body]) => ofRole(body))
    .map(([address]) => `${address} attaches a managed policy to the pipeline role, which this row cannot read`);
  return [
    ...deleting,
    ...attached,
    ...(listOf(roleBody.managed_policy_arns).length > 0 ? [`${roleAddress} names managed policies`] : []),
  ];
}

/**
 * The search tier of the log archive keeps its copy of the evidence to the organization: the
 * collection under a customer managed key, no network policy open to the public, the data access
 * policy to the pipeline role (which writes) and the configured analysts (who read), and the
 * pipeline role unable to delete an archived object.
 */
function searchTierVerdicts({ config, archive }: ComplianceEvidence): StackVerdict[] {
  // Stryker disable next-line ArrayDeclaration,OptionalChaining: equivalent, the row applies only with search on, where the schema requires at least one analyst role
  const analysts = config.logArchive.search?.analystRoleArns ?? [];
  const pipelineRole = new RegExp(
    `^arn:aws[a-z-]*:iam::${config.logArchive.accountId}:role/${SEARCH_PIPELINE_ROLE_NAME}$`,
  );
  const collections = resourcesOf(archive, 'aws_opensearchserverless_collection').filter(
    ([, body]) => body.name === SEARCH_COLLECTION_NAME,
  );
  const problems = [
    ...(collections.length === 0 ? [`no collection ${SEARCH_COLLECTION_NAME}`] : []),
    ...encryptionProblems(archive),
    ...networkProblems(archive),
    ...accessProblems(archive, pipelineRole, analysts),
    ...pipelineRoleProblems(archive),
  ];
  if (problems.length > 0) return [missing(LOG_ARCHIVE_STACK_NAME, `${problems.join('; ')} (${DOCS})`)];
  const addresses = [
    ...collections,
    ...resourcesOf(archive, 'aws_opensearchserverless_security_policy'),
    ...resourcesOf(archive, 'aws_opensearchserverless_access_policy'),
    ...resourcesOf(archive, 'aws_iam_role').filter(([, body]) => body.name === SEARCH_PIPELINE_ROLE_NAME),
  ].map(([address]) => address);
  return [met(LOG_ARCHIVE_STACK_NAME, addresses)];
}

/**
 * No CIS recommendation or Security Hub control is cited for OpenSearch Serverless collections or
 * OpenSearch Ingestion pipelines: the row answers an auditor who asks who can read the indexed copy
 * of the evidence. Not applicable (no row) when `logArchive.search` is off.
 */
export const SEARCH_TIER_LOCKED_DOWN: ComplianceRule = {
  id: 'search-tier-locked-down',
  title:
    "The search tier's copy of the logs: a customer managed key, no public access, read by the named analysts only",
  cis: [],
  securityHub: [],
  withoutFramework:
    'no CIS recommendation or Security Hub control is cited here for OpenSearch Serverless or OpenSearch Ingestion: the row answers an auditor who asks who can read, or delete through, the indexed copy of the evidence',
  applies: (config) => config.logArchive.search !== null,
  judge: searchTierVerdicts,
};
