import { CROSS_ACCOUNT_NAMES, CrossAccountName } from './cross-account-names';
import { deploymentWaves } from './deployment-order';

/**
 * The order a change to a running organization applies in, derived from two synths of it: a
 * removal goes consumers first (a member's link before the log archive's sink), a creation
 * producers first (the log archive's destination before a member's subscription). Synth, plan,
 * deploy and plan-summary read it from here; deployment-order.ts is the order of a first deploy.
 */

/** A synth: each stack's Terraform JSON (cdk.tf.json, parsed), by stack name. */
export type Synth = Readonly<Record<string, unknown>>;

/** One stack that must apply before another, and why. */
export interface OrderConstraint {
  readonly first: string;
  readonly then: string;
  readonly change: 'removal' | 'creation';
  /** What crosses, for people: `live search sink`; it is made by the producer, in `region`. */
  readonly what: string;
  readonly region: string;
  /** The config fields whose change makes or removes it. */
  readonly fields: readonly string[];
  /** The fact by which AWS refuses the other order, if it does (aws-facts.ts). */
  readonly refusedBy?: string;
  /** The fact that says what the other order does when AWS does not refuse it. */
  readonly otherwise?: string;
}

/** A stack that moved to another account, or whose deploy role changed. */
export interface StackMove {
  readonly stack: string;
  readonly from: string;
  readonly to: string;
}

/** What a change needs beyond the waves of a first deploy. */
export interface TransitionOrder {
  /** Every constraint the change sets between stacks of the after synth. */
  readonly constraints: readonly OrderConstraint[];
  /** The after synth's stacks in the waves that meet them. */
  readonly waves: readonly (readonly string[])[];
  /** The stacks moved ahead of the usual waves (a removal wave). */
  readonly ahead: readonly string[];
  /** Constraints whose first stack is gone from the after synth: destroy it before `then` applies. */
  readonly destroyFirst: readonly OrderConstraint[];
  /** Constraints no wave order meets: the change needs two deploys. */
  readonly unordered: readonly OrderConstraint[];
  /** Stacks whose provider's account changed: Terraform would leave the old account's resources. */
  readonly accountMoves: readonly StackMove[];
  /** Stacks whose provider assumes another deploy role. */
  readonly roleChanges: readonly StackMove[];
  /**
   * A Region's AWS provider gone from a stack that held resources through it: Terraform cannot
   * destroy them ("Provider configuration not present"). The config's `retiredRegions` keeps it.
   */
  readonly droppedProviders: readonly DroppedProvider[];
}

/** A stack's provider in `region`, gone from the after synth while the before synth had `resources` there. */
export interface DroppedProvider {
  readonly stack: string;
  readonly region: string;
  readonly resources: number;
}

interface Provider {
  readonly alias?: string;
  readonly region?: string;
  readonly assume_role?: readonly { readonly role_arn?: string }[];
}
interface StackJson {
  readonly provider?: { readonly aws?: readonly Provider[] };
  readonly resource?: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, unknown>>>>>>;
}

/** The role ARN of a stack's default AWS provider. */
function roleArnOf(json: StackJson): string {
  const main = (json.provider?.aws ?? []).find((p) => p.alias === undefined);
  return main?.assume_role?.[0]?.role_arn ?? '';
}

/** The names (see {@link CrossAccountName.namedBy}) a stack makes, each with its row and description. */
function namesMadeBy(json: StackJson): Map<string, { kind: CrossAccountName; region: string }> {
  const account = roleArnOf(json).split(':')[4] ?? '';
  const regions = new Map(
    (json.provider?.aws ?? []).map((p) => [p.alias === undefined ? 'aws' : `aws.${p.alias}`, p.region ?? '']),
  );
  const made = new Map<string, { kind: CrossAccountName; region: string }>();
  for (const kind of CROSS_ACCOUNT_NAMES) {
    for (const resource of Object.values(json.resource?.[kind.resourceType] ?? {})) {
      const region = regions.get(typeof resource.provider === 'string' ? resource.provider : 'aws') ?? '';
      const needles = kind.namedBy(resource, { account, region });
      const key = needles.join('|');
      if (key !== '') made.set(key, { kind, region });
    }
  }
  return made;
}

/** Whether a stack's JSON text names a resource by any of its needles. */
const names = (stackText: string | undefined, key: string): boolean =>
  stackText !== undefined && key.split('|').some((needle) => stackText.includes(needle));

/** Every constraint between the stacks of two synths, from what each makes and names. */
function constraintsOf(before: Synth, after: Synth): OrderConstraint[] {
  // Each stack's text, made when first asked for: most changes make or remove no name at all.
  const textOf = (synth: Synth) => {
    const texts = new Map<string, string>();
    return (stack: string): string | undefined => {
      if (synth[stack] === undefined) return undefined;
      if (!texts.has(stack)) texts.set(stack, JSON.stringify(synth[stack]));
      return texts.get(stack);
    };
  };
  const [beforeText, afterText] = [textOf(before), textOf(after)];
  const found: OrderConstraint[] = [];
  for (const producer of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const was = namesMadeBy((before[producer] ?? {}) as StackJson);
    const is = namesMadeBy((after[producer] ?? {}) as StackJson);
    for (const [key, { kind, region }] of was) {
      if (is.has(key)) continue;
      for (const consumer of Object.keys(before)) {
        if (consumer === producer || !names(beforeText(consumer), key) || names(afterText(consumer), key)) continue;
        found.push({
          first: consumer,
          then: producer,
          change: 'removal',
          what: kind.what,
          region,
          fields: kind.fields,
          refusedBy: kind.removalRefusedBy,
          otherwise: kind.removalFact,
        });
      }
    }
    for (const [key, { kind, region }] of is) {
      if (was.has(key)) continue;
      for (const consumer of Object.keys(after)) {
        if (consumer === producer || !names(afterText(consumer), key) || names(beforeText(consumer), key)) continue;
        found.push({
          first: producer,
          then: consumer,
          change: 'creation',
          what: kind.what,
          region,
          fields: kind.fields,
          refusedBy: kind.creationRefusedBy,
        });
      }
    }
  }
  return found;
}

/** Stacks of both synths whose provider's account or role changed. */
function movesOf(before: Synth, after: Synth): { accountMoves: StackMove[]; roleChanges: StackMove[] } {
  const accountMoves: StackMove[] = [];
  const roleChanges: StackMove[] = [];
  for (const stack of Object.keys(after).filter((s) => before[s] !== undefined)) {
    const [from, to] = [roleArnOf(before[stack] as StackJson), roleArnOf(after[stack] as StackJson)];
    if (from === to || from === '' || to === '') continue;
    const [fromAccount, toAccount] = [from.split(':')[4], to.split(':')[4]];
    if (fromAccount !== toAccount) accountMoves.push({ stack, from: fromAccount, to: toAccount });
    else roleChanges.push({ stack, from, to });
  }
  return { accountMoves, roleChanges };
}

/** Each stack of both synths whose after synth lost a Region's provider that held resources before. */
function droppedProvidersOf(before: Synth, after: Synth): DroppedProvider[] {
  const dropped: DroppedProvider[] = [];
  for (const stack of Object.keys(after).filter((s) => before[s] !== undefined)) {
    const [was, is] = [before[stack] as StackJson, after[stack] as StackJson];
    const kept = new Set((is.provider?.aws ?? []).map((p) => p.alias));
    for (const provider of was.provider?.aws ?? []) {
      if (provider.alias === undefined || kept.has(provider.alias)) continue;
      const reference = `aws.${provider.alias}`;
      const resources = Object.values(was.resource ?? {})
        .flatMap((ofType) => Object.values(ofType))
        .filter((resource) => resource.provider === reference).length;
      if (resources > 0) dropped.push({ stack, region: provider.region ?? provider.alias, resources });
    }
  }
  return dropped;
}

/**
 * The order `after` applies in when `before` is deployed: the usual waves, with every stack that
 * must go before an earlier one (a consumer of something removed) moved into a wave ahead of them.
 * A constraint that wave order still breaks (a stack that must go both before and after another)
 * is `unordered`.
 */
export function transitionOrder(before: Synth, after: Synth): TransitionOrder {
  const all = constraintsOf(before, after);
  const stacks = Object.keys(after);
  const usual = deploymentWaves(stacks);
  const waveOf = (waves: readonly (readonly string[])[], stack: string) => waves.findIndex((w) => w.includes(stack));
  const within = all.filter(({ first, then }) => after[first] !== undefined && after[then] !== undefined);
  const ahead = new Set<string>();
  for (let grew = true; grew;) {
    grew = false;
    for (const { first, then, change } of within) {
      const late = waveOf(usual, first) >= waveOf(usual, then) || ahead.has(then);
      if (change === 'removal' && late && !ahead.has(first)) {
        ahead.add(first);
        grew = true;
      }
    }
  }
  const waves = [
    ...deploymentWaves([...ahead]),
    ...usual.map((wave) => wave.filter((stack) => !ahead.has(stack))).filter((wave) => wave.length > 0),
  ];
  return {
    constraints: within,
    waves,
    ahead: [...ahead].sort(),
    destroyFirst: all.filter(({ first, then }) => after[first] === undefined && after[then] !== undefined),
    unordered: within.filter(({ first, then }) => waveOf(waves, first) >= waveOf(waves, then)),
    ...movesOf(before, after),
    droppedProviders: droppedProvidersOf(before, after),
  };
}
