import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdktf';
import { loadConfig } from '../../modules/org-config/load';
import { OrgConfig } from '../../modules/org-config/schema';
import {
  AUDIT_DELEGATION_STACK_NAME,
  AUDIT_STACK_NAME,
  GUARDRAILS_STACK_NAME,
  LOG_ARCHIVE_STACK_NAME,
  memberStackName,
  ORGANIZATION_STACK_NAME,
} from '../../modules/core/naming';
import {
  AuditDelegationStack,
  auditDelegations,
  AuditStack,
  auditHasStack,
  buildStacks,
  GuardrailsStack,
  LogArchiveStack,
  memberHasStack,
  MemberStack,
  OrganizationStack,
  synthesizeStacks,
} from '../../stacks';

import { ROOT } from './root';
import { StackJson } from './stack-json';
import type { SynthesizedStack } from '../../packages/cli/toolkit/compliance/stack-json';
import { synthJson } from './stack-json';

export { ROOT };
export { resourceOf, resourcesOf, type StackJson } from './stack-json';

/**
 * Config files that ship with the product and must always synthesize and validate. The tests use
 * these fixtures, never audit.config.json, which is the user's own (examples/starter.config.json is
 * what it holds in a fresh clone).
 */
export const SHIPPED_CONFIGS = [
  'examples/starter.config.json',
  'examples/minimal.config.json',
  'examples/full.config.json',
];

export { tempDir } from './temp';

/** Loads a config shipped in the repository. */
export function shippedConfig(file: string): OrgConfig {
  return loadConfig(path.join(ROOT, file));
}

/** Synthesizes every stack of `config` into `outdir`, in process, as one synth thread does. */
export function synthConfig(config: OrgConfig, outdir: string): string[] {
  return synthesizeStacks(config, outdir).map((stack) => path.join(outdir, 'stacks', stack));
}

/** Every file under `dir`, as paths relative to it, sorted. */
export function listFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

/** Every file under `dir` with its text, by path relative to it. */
export function fileTexts(dir: string): Record<string, string> {
  return Object.fromEntries(listFiles(dir).map((file) => [file, fs.readFileSync(path.join(dir, file), 'utf8')]));
}

/** The stack named `stackName` of `config`, synthesized in memory; fails if there is no such stack. */
export function synthStack(config: OrgConfig, stackName: string): StackJson {
  // Only the stack asked for is built (the others would be built and thrown away): the same
  // construct as buildStacks makes, so the same Terraform JSON.
  const app = Testing.app();
  const member = config.members.find((m) => memberStackName(m) === stackName);
  const stack =
    stackName === LOG_ARCHIVE_STACK_NAME
      ? new LogArchiveStack(app, config)
      : stackName === ORGANIZATION_STACK_NAME
        ? new OrganizationStack(app, config)
        : stackName === GUARDRAILS_STACK_NAME && config.guardrails.enabled
          ? new GuardrailsStack(app, config)
          : member !== undefined && memberHasStack(config, member)
            ? new MemberStack(app, config, member)
            : stackName === AUDIT_STACK_NAME && auditHasStack(config)
              ? new AuditStack(app, config)
              : stackName === AUDIT_DELEGATION_STACK_NAME &&
                  (auditDelegations(config).config || auditDelegations(config).securityHub)
                ? new AuditDelegationStack(app, config)
                : undefined;
  if (stack === undefined) throw new Error(`no stack ${stackName}`);
  return synthJson(stack);
}

/**
 * Every stack of `config`, synthesized in memory and named as synth names its folder: the Terraform
 * JSON of cdk.tf.json that the compliance command and the scan pack read, without writing files or
 * running cdktf's validations (one of which starts `terraform version`).
 */
export function synthesizedStacks(config: OrgConfig): SynthesizedStack[] {
  return buildStacks(Testing.app(), config).map((stack) => ({
    name: stack.node.id,
    json: synthJson(stack) as SynthesizedStack['json'],
  }));
}
