/**
 * Turns `terraform show -json` plans into one Markdown report for a pull request: first what needs
 * a reviewer's attention (data-bearing resources deleted or replaced, guardrails detached, bucket,
 * key, topic and organization policy changes with their statements), then counts per stack and
 * every changed resource with the attributes that change.
 */
import { counted } from '@audit-logging/cdktf/toolkit-api/core';
import { createSettings } from './create-settings';
import { commandLine } from '../common/invocation';

/** The part of Terraform's plan JSON (format 1.x) the summary reads. */
export interface PlanJson {
  readonly format_version?: string;
  readonly resource_changes?: readonly ResourceChange[];
}

/** One entry of `resource_changes`. */
export interface ResourceChange {
  readonly address: string;
  readonly mode: string;
  readonly type: string;
  readonly change: {
    readonly actions: readonly string[];
    readonly before: Record<string, unknown> | null;
    readonly after: Record<string, unknown> | null;
    readonly after_unknown?: Record<string, unknown>;
  };
}

/** One stack's plan. */
export interface StackPlan {
  readonly stack: string;
  readonly plan: PlanJson;
}

/** What a plan does to one resource. */
export type ChangeKind = 'create' | 'update' | 'replace' | 'delete';

/**
 * Resource types that hold audit data or make it readable: deleting or replacing one loses logs or
 * the means to decrypt, query or receive them.
 */
export const DATA_BEARING_TYPES: ReadonlySet<string> = new Set([
  'aws_s3_bucket',
  'aws_s3_bucket_object_lock_configuration',
  'aws_s3_bucket_versioning',
  'aws_kms_key',
  'aws_cloudtrail',
  'aws_cloudwatch_log_group',
  'aws_glue_catalog_database',
  'aws_glue_catalog_table',
]);

/** Resource types that hold a bucket, key, topic or organization policy, with the attribute that holds it. */
export const POLICY_ATTRIBUTES: ReadonlyMap<string, string> = new Map([
  ['aws_organizations_policy', 'content'],
  ['aws_s3_bucket_policy', 'policy'],
  ['aws_kms_key', 'policy'],
  ['aws_kms_key_policy', 'policy'],
  ['aws_sns_topic_policy', 'policy'],
  ['aws_sns_topic', 'policy'],
]);

/** The kind of change, or undefined for no-op and reads. */
export function changeKind(change: ResourceChange): ChangeKind | undefined {
  const actions = change.change.actions;
  if (actions.includes('create') && actions.includes('delete')) return 'replace';
  if (actions.includes('create')) return 'create';
  if (actions.includes('delete')) return 'delete';
  if (actions.includes('update')) return 'update';
  return undefined;
}

/** The managed resources a plan changes, with their kind. */
export function changedResources(plan: PlanJson): { change: ResourceChange; kind: ChangeKind }[] {
  return (plan.resource_changes ?? []).flatMap((change) => {
    const kind = change.mode === 'managed' ? changeKind(change) : undefined;
    return kind === undefined ? [] : [{ change, kind }];
  });
}

/** Deletes and replacements of data-bearing resources. */
export function destructiveChanges(plan: PlanJson): { change: ResourceChange; kind: ChangeKind }[] {
  return changedResources(plan).filter(
    ({ change, kind }) => (kind === 'delete' || kind === 'replace') && DATA_BEARING_TYPES.has(change.type),
  );
}

/**
 * Guardrails taken off a target: an organization policy attachment deleted or replaced (a replace
 * detaches, then attaches again). Until it is attached again, the policy protects nothing there.
 */
export function guardrailDetachments(plan: PlanJson): { change: ResourceChange; kind: ChangeKind }[] {
  return changedResources(plan).filter(
    ({ change, kind }) =>
      (kind === 'delete' || kind === 'replace') && change.type === 'aws_organizations_policy_attachment',
  );
}

/**
 * Account-level subscription filter policies created or replaced (applicationLogs): an account holds
 * one per Region ([logs-account-policy-one-per-region]), so a create takes the place of any other
 * tool's policy there, which must go first; a replace (a change of the exclusions) sends nothing
 * between its delete and its put.
 */
export function accountSubscriptionPolicies(plan: PlanJson): { change: ResourceChange; kind: ChangeKind }[] {
  return changedResources(plan).filter(
    ({ change, kind }) =>
      (kind === 'create' || kind === 'replace') &&
      change.type === 'aws_cloudwatch_log_account_policy' &&
      change.change.after?.policy_type === 'SUBSCRIPTION_FILTER_POLICY',
  );
}

/**
 * Top-level attributes whose value changes (or becomes known only after apply), sorted. Creates
 * and deletes list nothing: everything changes.
 */
export function changedAttributes(change: ResourceChange): string[] {
  const { before, after, after_unknown: unknown = {} } = change.change;
  if (before === null || after === null) return [];
  const names = new Set([...Object.keys(before), ...Object.keys(after), ...Object.keys(unknown)]);
  return [...names]
    .filter((name) => !['tags_all'].includes(name))
    .filter((name) => isUnknown(unknown[name]) || JSON.stringify(before[name]) !== JSON.stringify(after[name]))
    .sort();
}

function isUnknown(value: unknown): boolean {
  if (value === true) return true;
  if (Array.isArray(value)) return value.some(isUnknown);
  if (value !== null && typeof value === 'object') return Object.values(value).some(isUnknown);
  return false;
}

/** A policy change: the statements only the old policy has, and those only the new one has. */
export interface PolicyDiff {
  readonly address: string;
  readonly kind: ChangeKind;
  readonly removed: readonly unknown[];
  readonly added: readonly unknown[];
  /** True when the new policy is computed at apply time (it references a resource not yet created). */
  readonly afterUnknown: boolean;
}

/** Every change to a bucket, key, topic or organization policy in the plan. */
export function policyChanges(plan: PlanJson): PolicyDiff[] {
  return changedResources(plan).flatMap(({ change, kind }) => {
    const attribute = POLICY_ATTRIBUTES.get(change.type);
    if (attribute === undefined) return [];
    const afterUnknown = change.change.after_unknown?.[attribute] === true;
    const before = statementsOf(change.change.before?.[attribute]);
    const after = afterUnknown ? [] : statementsOf(change.change.after?.[attribute]);
    const beforeText = new Set(before.map(canonical));
    const afterText = new Set(after.map(canonical));
    const removed = before.filter((statement) => !afterText.has(canonical(statement)));
    const added = after.filter((statement) => !beforeText.has(canonical(statement)));
    if (removed.length === 0 && added.length === 0 && !afterUnknown) return [];
    return [{ address: change.address, kind, removed, added, afterUnknown }];
  });
}

function statementsOf(policy: unknown): unknown[] {
  if (typeof policy !== 'string' || policy === '') return [];
  const statements = (JSON.parse(policy) as { Statement?: unknown }).Statement ?? [];
  return Array.isArray(statements) ? statements : [statements];
}

/** JSON with sorted keys: equal statements give equal text whatever AWS did to the key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const KINDS: readonly ChangeKind[] = ['create', 'update', 'replace', 'delete'];

/**
 * A stack the report cannot cover: its plan failed or did not start, was made from another synth
 * of the stack (`stale`), or is not there (`missing`).
 */
export interface UnplannedStack {
  readonly stack: string;
  readonly outcome: string;
  readonly reason: string;
}

/**
 * Markdown for the stacks a plan of named stacks left out: not missing plans (nobody asked for
 * them), but not in the summary either, each with when and how to plan it.
 */
export function notAskedForMarkdown(
  named: readonly string[],
  others: readonly { readonly stack: string; readonly when: string }[],
): string {
  if (others.length === 0) return '';
  return [
    '## Not in this run',
    '',
    `plan was asked for ${named.join(', ')}; the synth's ${counted(others.length, 'other stack')} ${others.length === 1 ? 'is' : 'are'} not in this summary. Plan ${others.length === 1 ? 'it' : 'them'} before a deploy that applies ${others.length === 1 ? 'it' : 'them'}:`,
    '',
    '| stack | plan it |',
    '| --- | --- |',
    ...others.map(({ stack, when }) => `| ${stack} | ${when.replace(/\|/g, '\\|')} |`),
    '',
    '',
  ].join('\n');
}

/**
 * The Markdown report of several stacks' plans. Stacks in `unplanned` come first: the report
 * covers none of their changes, and says so rather than reading as complete. `attention` opens
 * "Needs attention" (the change's order across stacks).
 */
export function planSummaryMarkdown(
  plans: readonly StackPlan[],
  unplanned: readonly UnplannedStack[] = [],
  attention: readonly string[] = [],
): string {
  const lines: string[] = ['# Terraform plan summary', ''];
  if (unplanned.length > 0) {
    lines.push(
      '## Not planned',
      '',
      `**This summary does not cover ${counted(unplanned.length, 'stack')} without a current plan.** Fix the cause and run plan again before any deploy.`,
      '',
      '| stack | outcome | why |',
      '| --- | --- | --- |',
      ...unplanned.map(
        (u) =>
          `| ${u.stack} | ${u.outcome} | ${(u.reason || '(no reason recorded)').replace(/\|/g, '\\|').replace(/\s*\n\s*/g, '<br>')} |`,
      ),
      '',
    );
  }
  const destructive = plans.flatMap(({ stack, plan }) => destructiveChanges(plan).map((item) => ({ stack, ...item })));
  const policies = plans.flatMap(({ stack, plan }) => policyChanges(plan).map((diff) => ({ stack, diff })));
  const detached = plans.flatMap(({ stack, plan }) => guardrailDetachments(plan).map((item) => ({ stack, ...item })));
  const subscriptions = plans.flatMap(({ stack, plan }) =>
    accountSubscriptionPolicies(plan).map((item) => ({ stack, ...item })),
  );

  lines.push('## Needs attention', '', ...attention);
  const quiet =
    destructive.length === 0 && policies.length === 0 && detached.length === 0 && subscriptions.length === 0;
  if (quiet && attention.length === 0) {
    lines.push(
      unplanned.length === 0
        ? 'Nothing: no data-bearing resource is deleted or replaced, no guardrail is detached, and no bucket, key, topic or organization policy changes.'
        : `Nothing in the ${counted(plans.length, 'planned stack')}: no data-bearing resource is deleted or replaced, no guardrail is detached, and no bucket, key, topic or organization policy changes. Not covered: ${counted(unplanned.length, 'stack')} without a current plan.`,
      '',
    );
  }
  if (destructive.length > 0) {
    lines.push(
      `**${counted(destructive.length, 'data-bearing resource')} deleted or replaced.** Logs, keys or queries go with them; confirm each one.`,
      '',
      '| Stack | Resource | Action |',
      '| --- | --- | --- |',
      ...destructive.map(
        ({ stack, change, kind }) => `| ${stack} | \`${change.address}\` | **${kind.toUpperCase()}** |`,
      ),
      '',
    );
  }
  if (detached.length > 0) {
    lines.push(
      `**${counted(detached.length, 'guardrail attachment')} removed or replaced.** The policy stops protecting the target until it is attached again; confirm each one.`,
      '',
      '| Stack | Attachment | Target | Action |',
      '| --- | --- | --- | --- |',
      ...detached.map(
        ({ stack, change, kind }) =>
          `| ${stack} | \`${change.address}\` | ${String(change.change.before?.target_id ?? '')} | **${kind.toUpperCase()}** |`,
      ),
      '',
    );
  }
  if (subscriptions.length > 0) {
    lines.push(
      `**${counted(subscriptions.length, 'account-level subscription filter policy', 'account-level subscription filter policies')} created or replaced.** ` +
        "An account holds one per Region: this policy takes that place, so another tool's policy there must be removed first, " +
        `or the apply fails (\`${commandLine('discover')}\` names any; or \`aws logs describe-account-policies --policy-type SUBSCRIPTION_FILTER_POLICY\` in that account and Region). ` +
        'A replace sends nothing between its delete and its put.',
      '',
      '| Stack | Policy | Action |',
      '| --- | --- | --- |',
      ...subscriptions.map(
        ({ stack, change, kind }) => `| ${stack} | \`${change.address}\` | **${kind.toUpperCase()}** |`,
      ),
      '',
    );
  }
  for (const { stack, diff } of policies) {
    lines.push(`### Policy ${diff.kind}: ${stack} \`${diff.address}\``, '');
    if (diff.afterUnknown)
      lines.push('The new policy is known only after apply (it names a resource this plan creates).', '');
    const sids = sidChanges(diff);
    if (sids.length > 0) lines.push(sids.join('; '), '');
    lines.push(
      ...statementBlock('Statements removed', diff.removed),
      ...statementBlock('Statements added', diff.added),
    );
  }

  lines.push(
    '## Changes per stack',
    '',
    '| Stack | Create | Update | Replace | Delete |',
    '| --- | ---: | ---: | ---: | ---: |',
  );
  for (const { stack, plan } of plans) {
    const changes = changedResources(plan);
    const counts = KINDS.map((kind) => changes.filter((item) => item.kind === kind).length);
    lines.push(`| ${stack} | ${counts.join(' | ')} |`);
  }
  lines.push('');

  for (const { stack, plan } of plans) {
    const changes = changedResources(plan);
    lines.push(`## ${stack}`, '');
    if (changes.length === 0) {
      lines.push('No changes.', '');
      continue;
    }
    lines.push('| Resource | Action | Attributes that change (a create: its settings) |', '| --- | --- | --- |');
    for (const { change, kind } of changes) {
      const attributes =
        kind === 'create'
          ? createSettings(change).map((setting) => `\`${setting.replace(/\|/g, '\\|')}\``)
          : changedAttributes(change).map((name) => `\`${name}\``);
      lines.push(`| \`${change.address}\` | ${kind} | ${attributes.join(kind === 'create' ? '<br>' : ', ')} |`);
    }
    lines.push('');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

/** "Added: A, B; changed: C; removed: D" by statement Sid. */
function sidChanges(diff: PolicyDiff): string[] {
  const sid = (statement: unknown) => (statement as { Sid?: unknown }).Sid;
  const removed = new Set(diff.removed.map(sid).filter((s): s is string => typeof s === 'string'));
  const added = new Set(diff.added.map(sid).filter((s): s is string => typeof s === 'string'));
  const groups: [string, string[]][] = [
    ['Added', [...added].filter((s) => !removed.has(s))],
    ['Changed', [...added].filter((s) => removed.has(s))],
    ['Removed', [...removed].filter((s) => !added.has(s))],
  ];
  return groups
    .filter(([, list]) => list.length > 0)
    .map(([title, list]) => `${title}: ${list.map((s) => `\`${s}\``).join(', ')}`);
}

function statementBlock(title: string, statements: readonly unknown[]): string[] {
  if (statements.length === 0) return [];
  return [`${title}:`, '', '```json', ...statements.map((statement) => JSON.stringify(statement)), '```', ''];
}
