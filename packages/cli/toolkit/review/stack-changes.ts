/**
 * Which synthesized stacks a change touches: each stack's Terraform JSON compared with the same
 * stack in a base synth (the pull request's base branch, or the last deployed commit), by meaning.
 * Key order and cdktf's metadata (every `//` key: construct paths, the cdktf version) are not
 * meaning; a resource renamed in Terraform (its address) is.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { counted, deploymentOrderOf } from '@audit-logging/cdktf/toolkit-api/core';
import { shellWord } from '../common/shell-word';
import { commandLine } from '../common/invocation';

/** What a change does to one stack. */
export type StackChangeKind = 'changed' | 'unchanged' | 'added' | 'removed';

/** One stack of the head synth or the base synth. */
export interface StackChange {
  readonly stack: string;
  readonly kind: StackChangeKind;
  /** What destroying a removed stack would take; only for `removed`. */
  readonly removal?: StackRemoval;
}

/** What destroying a stack that the config no longer produces would take. */
export interface StackRemoval {
  /** Resources the stack's Terraform JSON declares (the state may hold more: counts, imports). */
  readonly resources: number;
  /** Addresses with `prevent_destroy`: Terraform refuses to destroy the stack until they are released. */
  readonly protectedAddresses: readonly string[];
  /** The command that destroys it, for the stack folder in the base synth. */
  readonly command: string;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The stack's JSON with every `//` key dropped and object keys sorted, as one string. */
export function canonicalStackJson(stack: unknown): string {
  const canonical = (value: Json): Json => {
    if (Array.isArray(value)) return value.map(canonical);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.keys(value)
        .filter((key) => key !== '//')
        .sort()
        .map((key) => [key, canonical(value[key])]),
    );
  };
  return JSON.stringify(canonical(stack as Json));
}

/** The SHA-256 of a stack folder's `cdk.tf.json` by meaning ({@link canonicalStackJson}), in hex. */
export function stackDigest(stackDir: string): string {
  const json = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8')) as unknown;
  return createHash('sha256').update(canonicalStackJson(json)).digest('hex');
}

/** The stacks a synth folder's manifest lists. */
export function manifestStacks(out: string): string[] {
  const manifest = path.join(out, 'manifest.json');
  if (!fs.existsSync(manifest)) {
    throw new Error(
      `${out} holds no synth (no manifest.json): synthesize it first, e.g. ${commandLine('synth', ['--out', out])}`,
    );
  }
  return Object.keys((JSON.parse(fs.readFileSync(manifest, 'utf8')) as { stacks: Record<string, unknown> }).stacks);
}

/**
 * Compares the stacks of the synth in `head` with those in `base`, in deployment order: each is
 * changed, unchanged, added (only in head) or removed (only in base, with what destroying it would
 * take).
 */
export function compareSynths(head: string, base: string): StackChange[] {
  const headStacks = manifestStacks(head);
  const baseStacks = new Set(manifestStacks(base));
  const changes: StackChange[] = headStacks.map((stack) => {
    if (!baseStacks.has(stack)) return { stack, kind: 'added' };
    const same = stackDigest(path.join(head, 'stacks', stack)) === stackDigest(path.join(base, 'stacks', stack));
    return { stack, kind: same ? 'unchanged' : 'changed' };
  });
  for (const stack of baseStacks) {
    if (!headStacks.includes(stack)) {
      changes.push({ stack, kind: 'removed', removal: removalOf(path.join(base, 'stacks', stack)) });
    }
  }
  return deploymentOrderOf(changes);
}

/** The stacks to plan: changed and added ones. */
export function stacksToPlan(changes: readonly StackChange[]): string[] {
  return changes.filter(({ kind }) => kind === 'changed' || kind === 'added').map(({ stack }) => stack);
}

function removalOf(stackDir: string): StackRemoval {
  const json = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8')) as {
    resource?: Record<string, Record<string, { lifecycle?: { prevent_destroy?: boolean } }>>;
  };
  const resources = Object.entries(json.resource ?? {}).flatMap(([type, byName]) =>
    Object.entries(byName).map(([name, body]) => ({ address: `${type}.${name}`, body })),
  );
  return {
    resources: resources.length,
    protectedAddresses: resources.filter(({ body }) => body.lifecycle?.prevent_destroy === true).map((r) => r.address),
    command: `terraform -chdir=${shellWord(path.join('cdktf.out', 'stacks', path.basename(stackDir)))} destroy`,
  };
}

/** The file `plan --changed` writes beside the plans, which `plan-summary` reads. */
export const STACK_CHANGES_FILE = 'stack-changes.json';

/** Markdown for the stacks that were not planned: unchanged ones as a count and list, removed ones with their cost. */
export function stackChangesMarkdown(changes: readonly StackChange[]): string {
  const unchanged = changes.filter(({ kind }) => kind === 'unchanged').map(({ stack }) => stack);
  const removed = changes.filter(({ kind }) => kind === 'removed');
  const lines: string[] = [];
  if (removed.length > 0) {
    lines.push('## Removed stacks', '');
    lines.push(
      'The config no longer produces these stacks. Their resources stay deployed until someone destroys them on purpose:',
      '',
    );
    for (const { stack, removal } of removed) {
      if (removal === undefined) continue;
      const held =
        removal.protectedAddresses.length === 0
          ? ''
          : `; Terraform refuses until \`prevent_destroy\` is lifted on ${removal.protectedAddresses.map((a) => `\`${a}\``).join(', ')}`;
      lines.push(`- \`${stack}\`: ${counted(removal.resources, 'resource')}, \`${removal.command}\`${held}`);
    }
    lines.push('');
  }
  if (unchanged.length > 0) {
    lines.push(`## Unchanged stacks (${unchanged.length}, not planned)`, '');
    lines.push(`<details><summary>${counted(unchanged.length, 'stack')}, synthesized as before</summary>`, '');
    lines.push(unchanged.map((stack) => `\`${stack}\``).join(', '), '', '</details>', '');
  }
  return lines.join('\n');
}
