import * as path from 'path';
import {
  AUDIT_DELEGATION_STACK_NAME,
  AUDIT_STACK_NAME,
  DATA_PERIMETER_POLICY_NAME,
  deploymentWaves,
  EVIDENCE_PROTECTION_POLICY_NAME,
  GUARDRAILS_STACK_NAME,
  LOG_ARCHIVE_STACK_NAME,
  ORGANIZATION_STACK_NAME,
  STATE_STACK_NAME,
} from '@audit-logging/cdktf/toolkit-api/core';
import {
  AWS_CREATED_RESOURCES,
  type AwsCreatedResource,
  awsFact,
  causesIn,
  type RemovalCommand,
} from '@audit-logging/cdktf/toolkit-api/catalogs';

/*
 * Removing the product while keeping the evidence. The evidence is what the stacks mark
 * `prevent_destroy` (the archive's buckets, the keys their objects and log groups are encrypted
 * with, the state bucket) and the two organization policies that guard it (the evidence SCP and the
 * data-perimeter RCP), with what protects or serves it: a kept bucket's policy, Object Lock,
 * versioning, encryption, public access block, ownership, logging, lifecycle and replication, a
 * kept key's alias, a kept policy's attachments, and whatever a kept resource refers to (the
 * replication role, say) with that role's policies. A removal plan destroys every other resource of
 * a stack (`terraform plan -destroy -target=...`) and is refused if it would destroy any of those.
 * Stacks are removed in the reverse of the deploy waves: the guardrails that exempt the deploy role
 * from the recording and trail denies (docs/guardrails.md) go with the organization-level stacks,
 * after the members, and their evidence policies stay. What AWS refuses to remove in that order
 * waits for a follow-up, and what AWS made for the stacks (modules/core/aws-created-resources.ts)
 * goes with its cause or by the commands removal.md names.
 */

/** A synthesized stack's Terraform JSON, as far as the removal reads it. */
export interface StackJson {
  readonly resource?: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, unknown>>>>>>;
  readonly provider?: {
    readonly aws?: readonly {
      readonly alias?: string;
      readonly region?: string;
      readonly allowed_account_ids?: readonly string[];
    }[];
  };
}

/** Resource types that protect, describe or copy a kept bucket, and are kept with it. */
const BUCKET_PROTECTIONS = /^aws_s3_bucket_/;
/** Resource types that name a kept key, and are kept with it. */
const KEY_PROTECTIONS = new Set(['aws_kms_alias', 'aws_kms_key_policy']);
/** Resource types that give a kept role its permissions, and are kept with it. */
const ROLE_PERMISSIONS = new Set(['aws_iam_role_policy', 'aws_iam_role_policy_attachment']);
/** The organization policies that guard the evidence. */
const EVIDENCE_POLICIES = new Set([EVIDENCE_PROTECTION_POLICY_NAME, DATA_PERIMETER_POLICY_NAME]);

/** Every resource address of a stack (`type.name`). */
export function addressesOf(stack: StackJson): string[] {
  return Object.entries(stack.resource ?? {}).flatMap(([type, byName]) =>
    Object.keys(byName).map((n) => `${type}.${n}`),
  );
}

/** The addresses `body` refers to (`${type.name.attribute}`). */
function referencesOf(body: unknown): string[] {
  return [...JSON.stringify(body).matchAll(/\$\{([a-z0-9_]+\.[A-Za-z0-9_-]+)\./g)].map((m) => m[1]);
}

/** The addresses a removal keeps (see the top of this file), sorted. */
export function keptAddresses(stack: StackJson): string[] {
  const resources = Object.entries(stack.resource ?? {}).flatMap(([type, byName]) =>
    Object.entries(byName).map(([name, body]) => ({ type, address: `${type}.${name}`, body })),
  );
  const byAddress = new Map(resources.map((r) => [r.address, r]));
  const kept = new Set(
    resources
      .filter(
        (r) =>
          (r.body.lifecycle as { prevent_destroy?: boolean } | undefined)?.prevent_destroy === true ||
          (r.type === 'aws_organizations_policy' && EVIDENCE_POLICIES.has(String(r.body.name))),
      )
      .map((r) => r.address),
  );
  const typeOf = (address: string) => address.split('.')[0];
  // Until nothing changes: what protects a kept resource, and what a kept resource refers to.
  for (let size = -1; size !== kept.size;) {
    size = kept.size;
    for (const r of resources) {
      if (kept.has(r.address)) {
        for (const ref of referencesOf(r.body)) if (byAddress.has(ref)) kept.add(ref);
        continue;
      }
      const guards = referencesOf(r.body).some(
        (ref) =>
          kept.has(ref) &&
          ((typeOf(ref) === 'aws_s3_bucket' && BUCKET_PROTECTIONS.test(r.type)) ||
            (typeOf(ref) === 'aws_kms_key' && KEY_PROTECTIONS.has(r.type)) ||
            (typeOf(ref) === 'aws_organizations_policy' && r.type === 'aws_organizations_policy_attachment') ||
            (typeOf(ref) === 'aws_iam_role' && ROLE_PERMISSIONS.has(r.type))),
      );
      if (guards) kept.add(r.address);
    }
  }
  return [...kept].sort();
}

/**
 * The addresses a removal plan leaves for a follow-up: Security Hub of the account that runs the
 * organization configuration (only Security Hub's administrator can), which AWS will not disable
 * while that account is the administrator (fact securityhub-administrator-hub-cannot-be-disabled).
 */
export function deferredAddresses(stack: StackJson): string[] {
  if (Object.keys(stack.resource?.aws_securityhub_organization_configuration ?? {}).length === 0) return [];
  return Object.keys(stack.resource?.aws_securityhub_account ?? {})
    .map((name) => `aws_securityhub_account.${name}`)
    .sort();
}

/** The addresses a removal plan targets: all but the kept and the deferred ones. */
export function removalTargets(stack: StackJson): string[] {
  const spared = new Set([...keptAddresses(stack), ...deferredAddresses(stack)]);
  return addressesOf(stack)
    .filter((address) => !spared.has(address))
    .sort();
}

/**
 * The waves stacks are removed in, the deploy's reversed: audit, then the members (their plans may
 * be applied at the same time), then organization and audit-delegation one by one, then guardrails
 * (it keeps denying that anyone else switch the recording off until the trails and recorders are
 * gone: docs/decommission.md), the log archive, and the state bucket's stack last, as every other
 * stack keeps its state there. Every wave but the members' holds one stack.
 */
export function removalWaves(stacks: readonly string[]): string[][] {
  const named = new Set([
    STATE_STACK_NAME,
    LOG_ARCHIVE_STACK_NAME,
    ORGANIZATION_STACK_NAME,
    GUARDRAILS_STACK_NAME,
    AUDIT_DELEGATION_STACK_NAME,
    AUDIT_STACK_NAME,
  ]);
  const ordered = deploymentWaves(stacks)
    .reverse()
    .flatMap((wave) =>
      wave.every((stack) => !named.has(stack))
        ? [wave]
        : [...wave]
            .sort((a, b) => Number(a === GUARDRAILS_STACK_NAME) - Number(b === GUARDRAILS_STACK_NAME))
            .map((stack) => [stack]),
    );
  return ordered.sort((a, b) => Number(a[0] === STATE_STACK_NAME) - Number(b[0] === STATE_STACK_NAME));
}

/** The order stacks are removed in: {@link removalWaves}, one after the other. */
export function removalOrder(stacks: readonly string[]): string[] {
  return removalWaves(stacks).flat();
}

/** What a stack's removal plan leaves, removed by a plan of its own once the plan of `after` is applied. */
export interface FollowUpRemoval {
  readonly stack: string;
  readonly addresses: readonly string[];
  /** The stack whose plan removes Security Hub's designation; undefined when no stack here holds it. */
  readonly after: string | undefined;
}

/**
 * The follow-ups of the stacks given: the administrator's hub, after the stack that designates it
 * (audit-delegation). Its plan can only be made then: a plan made before the stack's first removal
 * was applied would be stale.
 */
export function followUpRemovals(stacks: ReadonlyMap<string, StackJson>): FollowUpRemoval[] {
  const designating = [...stacks].find(
    ([, json]) => Object.keys(json.resource?.aws_securityhub_organization_admin_account ?? {}).length > 0,
  )?.[0];
  return [...stacks].flatMap(([stack, json]) => {
    const addresses = deferredAddresses(json);
    return addresses.length === 0 ? [] : [{ stack, addresses, after: designating }];
  });
}

/** One step of a removal: a wave of plans, or a follow-up. */
export type RemovalStep =
  | { readonly kind: 'plans'; readonly stacks: readonly string[] }
  | { readonly kind: 'follow-up'; readonly followUp: FollowUpRemoval };

/** {@link removalWaves}, each follow-up right after the wave of the stack it waits for (else last). */
export function removalSequence(stacks: readonly string[], followUps: readonly FollowUpRemoval[]): RemovalStep[] {
  const steps: RemovalStep[] = [];
  const placed = new Set<FollowUpRemoval>();
  for (const wave of removalWaves(stacks)) {
    steps.push({ kind: 'plans', stacks: wave });
    for (const followUp of followUps.filter((f) => f.after !== undefined && wave.includes(f.after))) {
      steps.push({ kind: 'follow-up', followUp });
      placed.add(followUp);
    }
  }
  for (const followUp of followUps.filter((f) => !placed.has(f))) steps.push({ kind: 'follow-up', followUp });
  return steps;
}

/** The follow-up's plan file: beside the plan of the stack it waits for, lettered after it. */
export function followUpPlanFile(planDir: string, followUp: FollowUpRemoval, order: readonly string[]): string {
  const after = followUp.after === undefined ? order.length : order.indexOf(followUp.after) + 1;
  return path.join(planDir, `${String(after).padStart(2, '0')}a-${followUp.stack}.tfplan`);
}

/** The Terraform arguments of a follow-up, in the stack's folder: plan its resources' destruction, then apply it. */
export function followUpCommands(followUp: FollowUpRemoval, planFile: string): string[][] {
  return [
    ['plan', '-destroy', '-input=false', `-out=${planFile}`, ...followUp.addresses.map((a) => `-target=${a}`)],
    ['apply', '-input=false', planFile],
  ];
}

/** One thing AWS made for a stack, and when and how the removal takes it away. */
export interface AwsCreatedStep {
  readonly item: AwsCreatedResource;
  /** The stack that holds its cause. */
  readonly stack: string;
  /** The stack whose plan must be applied first (its own, for what goes with its cause); undefined: none here. */
  readonly after: string | undefined;
  /** The commands, their placeholders filled from the stack. */
  readonly commands: readonly RemovalCommand[];
}

/** The Regions of a stack's providers, sorted, its default Region and its account. */
function whereOf(stack: StackJson): { home: string; regions: string[]; account: string } {
  const providers = stack.provider?.aws ?? [];
  const home = providers.find((p) => p.alias === undefined)?.region ?? providers[0]?.region ?? '';
  const regions = [...new Set(providers.map((p) => p.region ?? ''))].filter((r) => r !== '').sort();
  return { home, regions, account: providers[0]?.allowed_account_ids?.[0] ?? '<account>' };
}

/** A parameter's static value on the first cause that has it (a remediation's `LogDestinationArn`). */
function parameterOf(causes: readonly (readonly [string, Readonly<Record<string, unknown>>])[], name: string) {
  for (const [, body] of causes) {
    const parameters = (body.parameter ?? []) as { name?: string; static_value?: string }[];
    const found = parameters.find((p) => p.name === name)?.static_value;
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * What AWS made for the stacks given (modules/core/aws-created-resources.ts), one step per item and
 * stack that holds its cause, in the inventory's order: what goes with the stack's plan, the
 * follow-up, and the commands removal.md names, with `<account>`, `<home-region>`, `<regions>` and
 * the cause's parameters filled in.
 */
export function awsCreatedSteps(stacks: ReadonlyMap<string, StackJson>): AwsCreatedStep[] {
  return AWS_CREATED_RESOURCES.flatMap((item) =>
    [...stacks].flatMap(([stack, json]): AwsCreatedStep[] => {
      const causes = causesIn(item, json);
      if (causes.length === 0) return [];
      const where = whereOf(json);
      const fill = (text: string) =>
        text
          .replace(/<account>/g, where.account)
          .replace(/<home-region>/g, where.home)
          .replace(/<regions>/g, where.regions.join(' '))
          .replace(/<([A-Z][A-Za-z]+)>/g, (whole, name: string) => parameterOf(causes, name) ?? whole);
      const removal = item.removal;
      const waitsFor = removal.kind === 'with-its-cause' ? stack : (removal.after ?? stack);
      const after = stacks.has(waitsFor) ? waitsFor : undefined;
      const commands =
        removal.kind === 'commands'
          ? removal.commands.map((c) => ({
              runAs: fill(c.runAs),
              command: fill(c.command),
              ...(c.note === undefined ? {} : { note: fill(c.note) }),
            }))
          : [];
      return [{ item, stack, after, commands }];
    }),
  );
}

/** An AWS fact as removal.md cites it. */
function cited(id: string): string {
  const fact = awsFact(id);
  return `"${fact.source.sentence}" ([${fact.id}](${fact.source.url}))`;
}

/**
 * removal.md's lines for what waits for `after`'s plan (undefined: for no plan here), in the
 * inventory's order: the follow-ups and the commands, each with the AWS sentences it rests on.
 */
export function afterPlanLines(
  after: string | undefined,
  steps: readonly AwsCreatedStep[],
  followUps: readonly { readonly followUp: FollowUpRemoval; readonly dir: string; readonly planFile: string }[],
): string[] {
  const lines: string[] = [];
  for (const item of AWS_CREATED_RESOURCES) {
    const removal = item.removal;
    if (removal.kind === 'follow-up') {
      for (const { followUp, dir, planFile } of followUps.filter((f) => f.followUp.after === after)) {
        lines.push(
          `### Then: ${followUp.stack}, ${item.what}`,
          '',
          `Its plan kept ${followUp.addresses.map((a) => `\`${a}\``).join(', ')}: ` +
            `${removal.facts.map(cited).join('; ')}. ` +
            (after === undefined
              ? 'Once the management account has removed the designation, plan and apply it, after review:'
              : 'Plan and apply it now, after review:'),
          '',
          '```sh',
          ...followUpCommands(followUp, planFile).flatMap((args) => [
            ...(args[0] === 'apply' ? [`terraform -chdir=${dir} show ${planFile}`] : []),
            `terraform -chdir=${dir} ${args.join(' ')}`,
          ]),
          '```',
          '',
        );
      }
      continue;
    }
    if (removal.kind !== 'commands') continue;
    for (const step of steps.filter((s) => s.item === item && s.after === after)) {
      lines.push(
        `### Then: ${item.what} (for ${step.stack})`,
        '',
        `${removal.facts.map(cited).join('; ')}.`,
        '',
        ...step.commands.flatMap((c) => [
          `- As ${c.runAs}${c.note === undefined ? '' : ` (${c.note})`}:`,
          '',
          '  ```sh',
          `  ${c.command}`,
          '  ```',
          '',
        ]),
      );
    }
  }
  return lines;
}

/** removal.md's lines for what AWS removes by itself when the plan of `stack` destroys its cause. */
export function removedWithPlanLines(stack: string, steps: readonly AwsCreatedStep[]): string[] {
  return steps
    .filter((s) => s.stack === stack && s.item.removal.kind === 'with-its-cause')
    .map((s) => `- AWS removes with it: ${s.item.what}; ${s.item.removal.facts.map(cited).join('; ')}`);
}

/** A resource of a removal plan that would be destroyed although kept: the plan is refused. */
export function keptDestroyed(plan: unknown, kept: readonly string[]): string[] {
  const changes = (plan as { resource_changes?: { address: string; change: { actions: string[] } }[] })
    .resource_changes;
  return (changes ?? [])
    .filter((c) => c.change.actions.includes('delete') && kept.includes(c.address))
    .map((c) => c.address);
}

/** What stays of a stack after its removal, and until when. */
export interface Remains {
  readonly address: string;
  readonly until: string;
}

/** Adds `days` to `from` (UTC), as a date. */
function plusDays(from: Date, days: number): string {
  return new Date(from.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

/** A bucket's retention, read from its stack: Object Lock's default and the lifecycle's expiry. */
interface BucketRetention {
  readonly lockDays?: number;
  readonly lockMode?: string;
  /** Days after which the lifecycle expires an object, plus the days its noncurrent version is kept. */
  readonly goneAfterDays?: number;
}

function bucketRetention(stack: StackJson, bucket: string): BucketRetention {
  const of = (type: string) =>
    Object.values(stack.resource?.[type] ?? {}).filter((r) => referencesOf(r.bucket).includes(bucket));
  const lock = of('aws_s3_bucket_object_lock_configuration')[0]?.rule as
    | { default_retention?: { days?: number; years?: number; mode?: string } }
    | undefined;
  const retention = lock?.default_retention;
  const rules = of('aws_s3_bucket_lifecycle_configuration').flatMap(
    (l) =>
      (l.rule ?? []) as {
        filter?: { prefix?: string }[];
        expiration?: { days?: number }[];
        noncurrent_version_expiration?: { noncurrent_days?: number }[];
      }[],
  );
  // Only rules over the whole bucket expire every object.
  const whole = rules.filter((r) => (r.filter ?? [{}]).every((f) => f.prefix === undefined));
  const expiry = Math.max(0, ...whole.map((r) => r.expiration?.[0]?.days ?? 0));
  const noncurrent = Math.max(0, ...whole.map((r) => r.noncurrent_version_expiration?.[0]?.noncurrent_days ?? 0));
  return {
    ...(retention === undefined
      ? {}
      : { lockDays: (retention.days ?? 0) + (retention.years ?? 0) * 365, lockMode: retention.mode ?? 'GOVERNANCE' }),
    ...(expiry > 0 ? { goneAfterDays: expiry + noncurrent } : {}),
  };
}

/**
 * Each kept bucket and key, and until when it stays, read from the stack: a bucket keeps each
 * object until its lifecycle expires it and removes the noncurrent version (Object Lock forbids
 * deleting it earlier), so the last objects, written up to `removedOn`, until `removedOn` plus
 * those days; a key must outlive every object its stack's buckets hold, so as long as the last of
 * them; a key of a stack that keeps no bucket, from `removedOn`. What no expiry ends stays until
 * someone allowed to (break-glass) lifts `prevent_destroy`.
 */
export function remainsOf(stack: StackJson, removedOn: Date): Remains[] {
  const kept = keptAddresses(stack);
  const buckets = kept.filter((address) => address.startsWith('aws_s3_bucket.'));
  const retentions = new Map(buckets.map((bucket) => [bucket, bucketRetention(stack, bucket)]));
  const lastGone = Math.max(0, ...[...retentions.values()].map((r) => r.goneAfterDays ?? 0));
  const forever = 'until someone allowed to (break-glass) lifts prevent_destroy and deletes it';
  return kept
    .filter((address) => address.startsWith('aws_s3_bucket.') || address.startsWith('aws_kms_key.'))
    .map((address) => {
      const retention = retentions.get(address);
      if (retention !== undefined) {
        const lock =
          retention.lockDays === undefined
            ? 'no Object Lock'
            : `Object Lock keeps each ${retention.lockDays} days, ${retention.lockMode} mode`;
        return {
          address,
          until:
            retention.goneAfterDays === undefined
              ? `${lock}; no lifecycle expiry: ${forever}`
              : `each object ${retention.goneAfterDays} days after it was written, by its lifecycle (${lock}): ` +
                `the last ones until ${plusDays(removedOn, retention.goneAfterDays)}; then empty, ${forever}`,
        };
      }
      if (lastGone > 0) {
        return {
          address,
          until:
            `at least until ${plusDays(removedOn, lastGone)}, when the last object of this stack's buckets goes ` +
            '(a key must outlive what it encrypted); then schedule its deletion (7 to 30 days)',
        };
      }
      if (buckets.length === 0) {
        return {
          address,
          until:
            `from ${plusDays(removedOn, 0)}, once this plan is applied: this stack keeps no bucket, so nothing kept ` +
            'is encrypted with it (what it encrypted goes with the plan); then schedule its deletion (7 to 30 days)',
        };
      }
      return { address, until: forever };
    });
}
