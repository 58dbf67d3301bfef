import { StackJson } from '../../support/synth';

/** Arguments that give a resource its name in AWS: what another resource would name it by. */
const IDENTITY_ARGUMENTS = ['name', 'bucket', 'alarm_name'];

/** Arguments that are text for people or Terraform's own settings, not names AWS resolves. */
const NOT_NAMES = new Set([
  'description',
  'alarm_description',
  'tags',
  'tags_all',
  'depends_on',
  'lifecycle',
  'provider',
]);

/** Addresses a value refers to: `${aws_x.y...}` interpolations and `depends_on` entries. */
const REFERENCE = /(?:^|\$\{|[^\w.])(aws_[a-z0-9_]+\.[A-Za-z0-9_-]+)/g;

interface Resource {
  readonly address: string;
  readonly provider: string;
  readonly body: Record<string, unknown>;
  readonly identities: readonly string[];
  readonly references: ReadonlySet<string>;
}

/** Arguments holding an IAM, S3 or KMS policy document. */
const POLICY_ARGUMENTS = new Set(['policy', 'assume_role_policy']);

/**
 * Keys under which a plain name (not an ARN) names a resource: `log_group_name`, `bucket`,
 * `workgroup`, `database_name`, ... A plain word under another key (`classification: cloudtrail`)
 * is data, not a name.
 */
const NAME_KEY = /(name|names|bucket|group|workgroup|database|role|topic|arn|arns|id|ids)$/i;

/** Every string leaf of a value with the key it is under. */
function leaves(value: unknown, key: string): { key: string; text: string }[] {
  if (typeof value === 'string') return [{ key, text: value }];
  if (Array.isArray(value)) return value.flatMap((item) => leaves(item, key));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => leaves(v, k));
  }
  return [];
}

/**
 * What of an argument can name a resource. In a policy document only the principals: IAM, S3 and
 * KMS check that a principal exists when the policy is set, but not the resources or conditions
 * (the IAM User Guide's policy grammar; a Resource ARN may name something not yet created).
 */
function namingLeaves(argument: string, value: unknown): { key: string; text: string }[] {
  if (POLICY_ARGUMENTS.has(argument) && typeof value === 'string') {
    let document: unknown;
    try {
      document = JSON.parse(value);
    } catch {
      return leaves(value, argument);
    }
    const principals = (node: unknown): unknown[] =>
      Array.isArray(node)
        ? node.flatMap(principals)
        : node !== null && typeof node === 'object'
          ? Object.entries(node).flatMap(([k, v]) => (k === 'Principal' || k === 'NotPrincipal' ? [v] : principals(v)))
          : [];
    return principals(document).flatMap((p) => leaves(p, 'Principal'));
  }
  return leaves(value, argument);
}

/** A literal string and every quoted string inside it (a JSON policy, a jsonencode expression). */
function candidates(value: string): string[] {
  return [value, ...[...value.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1])];
}

/** Whether `text` names `id`: the same string, or an ARN whose resource part is it or under it. */
function names(text: string, id: string): boolean {
  if (text === id) return true;
  if (!text.startsWith('arn:')) return false;
  const resource = text.split(':').slice(5).join(':');
  if (resource === id || resource.startsWith(`${id}/`) || resource.startsWith(`${id}:`)) return true;
  const typed = /^[a-z-]+[:/](.*)$/.exec(resource)?.[1];
  return typed !== undefined && (typed === id || typed.startsWith(`${id}/`) || typed.startsWith(`${id}:`));
}

/**
 * Arguments that name another resource of the same stack and provider by a literal name or ARN
 * without depending on it (through references or depends_on, directly or through other
 * resources). A literal is accepted where the named resource itself depends on the one naming it,
 * because a dependency back would be a cycle (a key policy that names the log group it encrypts).
 */
export function sameStackNameWithoutDependency(stack: StackJson): string[] {
  const resources: Resource[] = Object.entries(
    (stack.resource ?? {}) as Record<string, Record<string, Record<string, unknown>>>,
  ).flatMap(([type, byName]) =>
    Object.entries(byName).map(([name, body]) => ({
      address: `${type}.${name}`,
      provider: typeof body.provider === 'string' ? body.provider.replace(/^\$\{|\}$/g, '') : 'aws',
      body,
      // A bucket's name identifies the bucket; another type's `bucket` names the bucket it attaches to.
      identities: IDENTITY_ARGUMENTS.filter((arg) => arg !== 'bucket' || type === 'aws_s3_bucket')
        .map((arg) => body[arg])
        .filter((v): v is string => typeof v === 'string' && v.length >= 3 && !v.includes('${')),
      references: new Set(leaves(body, '').flatMap(({ text }) => [...text.matchAll(REFERENCE)].map((m) => m[1]))),
    })),
  );
  const byAddress = new Map(resources.map((r) => [r.address, r]));
  const closure = new Map<string, Set<string>>();
  const dependsOn = (address: string): Set<string> => {
    const known = closure.get(address);
    if (known !== undefined) return known;
    const found = new Set<string>();
    closure.set(address, found);
    for (const next of byAddress.get(address)?.references ?? []) {
      found.add(next);
      for (const further of dependsOn(next)) found.add(further);
    }
    return found;
  };

  const problems: string[] = [];
  for (const user of resources) {
    for (const [argument, value] of Object.entries(user.body)) {
      if (NOT_NAMES.has(argument) || IDENTITY_ARGUMENTS.includes(argument)) continue;
      const texts = namingLeaves(argument, value).flatMap(({ key, text }) =>
        candidates(text).filter((candidate) => candidate.startsWith('arn:') || NAME_KEY.test(key)),
      );
      for (const named of resources) {
        if (named === user || named.provider !== user.provider) continue;
        const id = named.identities.find((identity) => texts.some((text) => names(text, identity)));
        if (id === undefined) continue;
        if (dependsOn(user.address).has(named.address) || dependsOn(named.address).has(user.address)) continue;
        problems.push(
          `${user.address}.${argument} names ${named.address} (${JSON.stringify(id)}) without depending on it`,
        );
      }
    }
  }
  return problems;
}
