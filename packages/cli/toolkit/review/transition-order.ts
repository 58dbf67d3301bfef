/**
 * A change's order across stacks (modules/core/transition-order.ts) for the commands: derived from
 * two synth folders, kept in `transition-order.json` beside a synth or its plans, and told to
 * people as steps (synth, deploy) or as Markdown (plan-summary's "Needs attention").
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  deploymentWaves,
  type DroppedProvider,
  transitionOrder,
  type OrderConstraint,
  type Synth,
  type TransitionOrder,
} from '@audit-logging/cdktf/toolkit-api/core';
import { manifestStacks } from './stack-changes';
import { commandLine } from '../common/invocation';

/** The file synth writes into its output folder, and plan beside its plans. */
export const TRANSITION_ORDER_FILE = 'transition-order.json';

/**
 * The synth a pending change started from, kept in the output folder (a synth folder of its own)
 * until deploy applies the change: a second synth before that deploy is compared with it, not with
 * the first change's synth, which nothing deployed.
 */
export const TRANSITION_BASE_DIR = 'transition-base';

/** The synth a change in `out` is compared with: the pending change's base, else the synth in `out`. */
export function transitionBase(out: string): string {
  const base = path.join(out, TRANSITION_BASE_DIR);
  return fs.existsSync(path.join(base, 'manifest.json')) ? base : out;
}

/** Keeps the synth in `out` as the base of the change about to replace it, unless one is kept. */
export function keepTransitionBase(out: string): void {
  const base = path.join(out, TRANSITION_BASE_DIR);
  if (fs.existsSync(path.join(base, 'manifest.json')) || !fs.existsSync(path.join(out, 'manifest.json'))) return;
  for (const stack of manifestStacks(out)) {
    const file = path.join(out, 'stacks', stack, 'cdk.tf.json');
    if (!fs.existsSync(file)) continue;
    fs.mkdirSync(path.join(base, 'stacks', stack), { recursive: true });
    fs.copyFileSync(file, path.join(base, 'stacks', stack, 'cdk.tf.json'));
  }
  fs.copyFileSync(path.join(out, 'manifest.json'), path.join(base, 'manifest.json'));
}

/** Forgets the pending change of `out` (its order and its base): deployed, or undone. */
export function clearTransition(out: string): void {
  fs.rmSync(path.join(out, TRANSITION_ORDER_FILE), { force: true });
  fs.rmSync(path.join(out, TRANSITION_BASE_DIR), { recursive: true, force: true });
}

/** Each stack's Terraform JSON of the synth in `out`, or undefined when `out` holds no synth. */
export function readSynth(out: string): Synth | undefined {
  if (!fs.existsSync(path.join(out, 'manifest.json'))) return undefined;
  return Object.fromEntries(
    manifestStacks(out)
      .map((stack) => [stack, path.join(out, 'stacks', stack, 'cdk.tf.json')] as const)
      .filter(([, file]) => fs.existsSync(file))
      .map(([stack, file]) => [stack, JSON.parse(fs.readFileSync(file, 'utf8')) as unknown]),
  );
}

/**
 * The order of the change from the synth in `before` to the one in `after`, counting only the stacks
 * of `before` that `deployed` says may be deployed; undefined without a `before`.
 */
export function deriveTransition(
  before: string,
  after: string,
  deployed: (stack: string) => boolean = () => true,
): TransitionOrder | undefined {
  const [was, is] = [readSynth(before), readSynth(after)];
  if (was === undefined || is === undefined) return undefined;
  // A stack never deployed made nothing in AWS: the change starts from the stacks that may be, and
  // with none it is a first deploy, in the usual waves (nothing to derive: at 100 members, deriving
  // every name as a creation took longer than the synth).
  const running = Object.entries(was).filter(([stack]) => deployed(stack));
  return running.length === 0 ? undefined : transitionOrder(Object.fromEntries(running), is);
}

/**
 * Keeps in each stack of the new synth in `staging` the AWS providers `dropped` names, copied from
 * the deployed synth in `base`: Terraform destroys a Region's resources only through that Region's
 * provider ("Provider configuration not present" otherwise). The base is kept until deploy applies
 * the change, so every synth until then keeps them; a synth after it drops them.
 */
export function carryDroppedProviders(base: string, staging: string, dropped: readonly DroppedProvider[]): void {
  const stackFile = (dir: string, stack: string) => path.join(dir, 'stacks', stack, 'cdk.tf.json');
  for (const stack of new Set(dropped.map((d) => d.stack))) {
    const regions = new Set(dropped.filter((d) => d.stack === stack).map((d) => d.region));
    type Json = { provider?: { aws?: { alias?: string; region?: string }[] } };
    const was = JSON.parse(fs.readFileSync(stackFile(base, stack), 'utf8')) as Json;
    const is = JSON.parse(fs.readFileSync(stackFile(staging, stack), 'utf8')) as Json;
    const carried = (was.provider?.aws ?? []).filter(
      (provider) => provider.alias !== undefined && regions.has(provider.region ?? provider.alias),
    );
    is.provider = { ...is.provider, aws: [...(is.provider?.aws ?? []), ...carried] };
    fs.writeFileSync(stackFile(staging, stack), JSON.stringify(is, null, 2));
  }
}

/** Whether a change needs anything beyond the waves of a first deploy. */
export function needsOrder(order: TransitionOrder | undefined): order is TransitionOrder {
  return (
    order !== undefined &&
    order.ahead.length +
      order.unordered.length +
      order.destroyFirst.length +
      order.accountMoves.length +
      order.roleChanges.length +
      order.droppedProviders.length >
      0
  );
}

export function writeTransitionOrder(dir: string, order: TransitionOrder): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, TRANSITION_ORDER_FILE), `${JSON.stringify(order, null, 2)}\n`);
}

export function readTransitionOrder(dir: string): TransitionOrder | undefined {
  const file = path.join(dir, TRANSITION_ORDER_FILE);
  if (!fs.existsSync(file)) return undefined;
  // A file an earlier version wrote has no droppedProviders: it dropped none it could tell.
  const order = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<TransitionOrder>;
  return { ...order, droppedProviders: order.droppedProviders ?? [] } as TransitionOrder;
}

/** The waves to apply `stacks` in: the change's order where it names them, else the usual waves. */
export function wavesFor(order: TransitionOrder | undefined, stacks: readonly string[]): string[][] {
  if (order === undefined) return deploymentWaves(stacks);
  const ordered = order.waves.map((wave) => wave.filter((stack) => stacks.includes(stack)));
  const others = stacks.filter((stack) => !order.waves.some((wave) => wave.includes(stack)));
  return [...ordered, ...deploymentWaves(others)].filter((wave) => wave.length > 0);
}

/** What crosses between two stacks, for people: `the live search sinks of log-archive (eu-west-1, us-east-1)`. */
function named(group: readonly OrderConstraint[], producer: string): string {
  const kinds = [...new Set(group.map((c) => c.what))];
  return kinds
    .map((what) => {
      const regions = [...new Set(group.filter((c) => c.what === what).map((c) => c.region))].sort();
      return `the ${what}${regions.length > 1 ? 's' : ''} of ${producer} (${regions.join(', ')})`;
    })
    .join(' and ');
}

/** Each pair of stacks once, with what crosses between them, and what AWS does the other way round. */
function byPair(constraints: readonly OrderConstraint[]): string[] {
  const pairs = new Map<string, OrderConstraint[]>();
  for (const c of constraints) {
    const key = `${c.first}>${c.then}>${c.change}`;
    pairs.set(key, [...(pairs.get(key) ?? []), c]);
  }
  return [...pairs.values()].map((group) => {
    const { first, then, change } = group[0];
    const refused = group.find((c) => c.refusedBy !== undefined)?.refusedBy;
    const otherwise = group.find((c) => c.otherwise !== undefined)?.otherwise;
    const what =
      change === 'removal'
        ? `${first} stops naming ${named(group, then)}, which ${then} removes`
        : `${then} starts naming ${named(group, first)}, which ${first} makes`;
    const other =
      refused !== undefined
        ? ` (AWS refuses the other order: ${refused})`
        : otherwise !== undefined
          ? ` (the other order: ${otherwise})`
          : '';
    return `${first} before ${then}: ${what}${other}`;
  });
}

/** A wave for people: its stacks, or a few and how many more. */
const waveText = (wave: readonly string[]): string =>
  wave.length <= 6 ? wave.join(' ') : `${wave.slice(0, 3).join(' ')} and ${wave.length - 3} more`;

/**
 * The change's order as steps for people, one per line; empty when the usual waves do. A change
 * with no order says how to split it in two, naming the config fields.
 */
export function transitionSteps(order: TransitionOrder): string[] {
  const lines: string[] = [];
  if (order.unordered.length > 0) {
    // Both ways between the stacks of each pair no wave order meets.
    const pairs = new Set(order.unordered.flatMap(({ first, then }) => [`${first}>${then}`, `${then}>${first}`]));
    const involved = order.constraints.filter(({ first, then }) => pairs.has(`${first}>${then}`));
    const fields = (change: string) =>
      [...new Set(involved.filter((c) => c.change === change).flatMap((c) => c.fields))].join(', ');
    lines.push(
      'No order applies this change in one deploy: a stack must apply both before and after another.',
      ...byPair(involved).map((line) => `  - ${line}`),
      `Split it in two deploys: first only the part that removes (among ${fields('removal')}), synth and deploy; ` +
        `then the part that makes (among ${fields('creation')}), synth and deploy.`,
    );
    return lines;
  }
  const destroy = new Map(order.destroyFirst.map(({ first, then }) => [`${first}>${then}`, { first, then }]));
  for (const { first, then } of destroy.values()) {
    lines.push(
      `Destroy ${first} before ${then} applies: the config no longer has it, and it names what ${then} removes (terraform -chdir=<out>/stacks/${first} destroy, then delete the folder).`,
    );
  }
  if (order.ahead.length > 0) {
    lines.push(
      `Apply ${order.ahead.join(', ')} first, ahead of the usual waves (a removal wave):`,
      ...byPair(order.constraints.filter((c) => order.ahead.includes(c.first))).map((line) => `  - ${line}`),
    );
  }
  for (const { stack, from, to } of order.accountMoves) {
    lines.push(
      `${stack} moves from account ${from} to ${to}: Terraform would create its resources in ${to} and leave those of ${from}. Destroy it with the previous synth first (terraform -chdir=<out>/${TRANSITION_BASE_DIR}/stacks/${stack} init, then destroy), then deploy.`,
    );
  }
  for (const { stack, region, resources } of order.droppedProviders) {
    lines.push(
      `${stack} keeps its AWS provider in ${region}, with nothing else there, until deploy has destroyed its ${resources} resource(s) there (Terraform destroys them only through it); a synth after that deploy drops it.`,
    );
  }
  if (order.roleChanges.length > 0) {
    const [{ from, to }] = order.roleChanges;
    lines.push(
      `The deploy role changes (${from.split('/').pop()} to ${to.split('/').pop()}, deployment.roleName) in ${order.roleChanges.length} stacks: create it in every account first (${commandLine('deploy-role')}), then deploy; remove the old role after.`,
    );
  }
  if (lines.length > 0) lines.push(`Order: ${order.waves.map(waveText).join(', then ')}`);
  return lines;
}

/**
 * Why a deploy of the synth in `out` must not start, with the steps, or undefined: no order
 * applies the change in one deploy, or a stack the config no longer has (its folder still in
 * `out`, where synth leaves it until it is destroyed) names what another stack removes.
 */
export function transitionRefusal(order: TransitionOrder, out: string): string | undefined {
  if (order.unordered.length > 0) return transitionSteps(order).join('\n');
  const waiting = order.destroyFirst.filter(({ first }) =>
    fs.existsSync(path.join(out, 'stacks', first, 'cdk.tf.json')),
  );
  if (waiting.length === 0) return undefined;
  return transitionSteps({ ...order, destroyFirst: waiting, ahead: [], accountMoves: [], roleChanges: [] }).join('\n');
}

/** The change's order for plan-summary's "Needs attention": what must go first, and why. */
export function transitionMarkdown(order: TransitionOrder): string[] {
  const steps = transitionSteps(order);
  if (steps.length === 0) return [];
  return [
    '**This change must be applied in an order of its own across stacks** (`deploy` follows it; with `cdktf deploy`, apply the stacks in this order, docs/deploying.md):',
    '',
    ...steps.map((line) => (line.startsWith('  - ') ? `  ${line.trimStart()}` : `- ${line}`)),
    '',
  ];
}
