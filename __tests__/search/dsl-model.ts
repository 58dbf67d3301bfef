import type { PipelineEvent } from './pipeline-model';

/*
 * The query DSL clauses and aggregations the saved searches use, evaluated over documents as
 * OpenSearch's default mapping indexes them: a string field is text (analyzed) with a `keyword`
 * subfield of values up to 256 characters (ignore_above). The text analysis is the standard
 * analyzer's, approximated: lowercase runs of letters, digits and `_`, joined by `.` or `'` between
 * them (UAX #29 keeps `example.com` and `don't` whole; `-`, `=`, `:` and spaces break). A clause the
 * model does not know fails, so a saved search that grows one is modelled before it is trusted.
 */

const KEYWORD_LIMIT = 256;

/** The value at a dotted path, `.keyword` read as its field. */
function valueAt(document: PipelineEvent, field: string): unknown {
  return field
    .replace(/\.keyword$/, '')
    .split('.')
    .reduce<unknown>((value, part) => (value as Record<string, unknown> | undefined)?.[part], document);
}

/** The keyword a document holds for a `.keyword` field, if it is indexed. */
function keywordOf(document: PipelineEvent, field: string): string | undefined {
  const value = valueAt(document, field);
  return typeof value === 'string' && value.length <= KEYWORD_LIMIT ? value : undefined;
}

/** The standard analyzer's tokens of a text, as approximated above. */
function tokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}_]+(?:[.'][\p{L}\p{N}_]+)*/gu) ?? [];
}

const glob = (pattern: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    's',
  );

/** Whether a document matches a query clause. */
export function matches(query: Record<string, any>, document: PipelineEvent): boolean {
  const [clause] = Object.keys(query);
  const body = query[clause];
  const [[field, value]] = clause === 'bool' || clause === 'exists' ? [['', undefined]] : Object.entries(body);
  switch (clause) {
    case 'bool': {
      const all = (list?: object[]) => (list ?? []).every((q) => matches(q as Record<string, any>, document));
      const should = (body.should ?? []) as Record<string, any>[];
      const enough = should.filter((q) => matches(q, document)).length >= (body.minimum_should_match ?? 0);
      const none = ((body.must_not ?? []) as Record<string, any>[]).every((q) => !matches(q, document));
      return all(body.filter) && all(body.must) && enough && none;
    }
    case 'exists':
      return valueAt(document, body.field) !== undefined && valueAt(document, body.field) !== null;
    case 'term':
      return keyword(field) && keywordOf(document, field) === value;
    case 'terms':
      if (field.endsWith('.keyword')) return (value as string[]).includes(keywordOf(document, field) as string);
      return tokens(String(valueAt(document, field) ?? '')).some((t) => (value as string[]).includes(t));
    case 'wildcard':
      return keyword(field) && glob((value as { value: string }).value).test(keywordOf(document, field) ?? '\u0000');
    case 'prefix':
      return keyword(field) && (keywordOf(document, field) ?? '\u0000').startsWith(value as string);
    case 'match_phrase': {
      const phrase = tokens(value as string);
      const text = tokens(String(valueAt(document, field) ?? ''));
      return text.some((_, i) => phrase.every((t, j) => text[i + j] === t));
    }
    default:
      throw new Error(`the model has no query clause ${clause}`);
  }
}

/** A clause on a keyword subfield; the model refuses an exact clause on an analyzed field. */
function keyword(field: string): boolean {
  if (!field.endsWith('.keyword')) throw new Error(`an exact clause on the analyzed field ${field}`);
  return true;
}

/** A terms aggregation's buckets, nested, as flat rows: the bucket keys by field, and the count. */
export function termsRows(
  aggregation: Record<string, any>,
  documents: readonly PipelineEvent[],
  keys: Record<string, string> = {},
): { keys: Record<string, string>; count: number; documents: PipelineEvent[] }[] {
  const { field } = aggregation.terms as { field: string };
  const buckets = new Map<string, PipelineEvent[]>();
  for (const document of documents) {
    const key = keywordOf(document, field);
    if (key !== undefined) buckets.set(key, [...(buckets.get(key) ?? []), document]);
  }
  const inner = Object.values((aggregation.aggs ?? {}) as Record<string, Record<string, any>>).find(
    (a) => 'terms' in a,
  );
  return [...buckets].flatMap(([key, inBucket]) => {
    const named = { ...keys, [field.replace(/\.keyword$/, '')]: key };
    return inner === undefined
      ? [{ keys: named, count: inBucket.length, documents: inBucket }]
      : termsRows(inner, inBucket, named);
  });
}
