import {
  AUDIT_DELEGATION_STACK_NAME,
  AUDIT_STACK_NAME,
  DATA_PERIMETER_POLICY_NAME,
  EVIDENCE_PROTECTION_POLICY_NAME,
  GUARDRAILS_STACK_NAME,
  LOG_ARCHIVE_STACK_NAME,
  ORGANIZATION_STACK_NAME,
  STATE_STACK_NAME,
} from '../../modules/core/naming';
import { deploymentWaves } from '../review/stack-order';

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
 * after the members, and their evidence policies stay.
 */

/** A synthesized stack's Terraform JSON, as far as the removal reads it. */
export interface StackJson {
  readonly resource?: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, unknown>>>>>>;
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

/** The addresses a removal plan targets: all but the kept ones. */
export function removalTargets(stack: StackJson): string[] {
  const kept = new Set(keptAddresses(stack));
  return addressesOf(stack)
    .filter((address) => !kept.has(address))
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
    { default_retention?: { days?: number; years?: number; mode?: string } } | undefined;
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
 * them. What no expiry ends stays until someone allowed to (break-glass) lifts `prevent_destroy`.
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
      return { address, until: forever };
    });
}
