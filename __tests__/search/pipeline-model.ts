import * as zlib from 'zlib';
import { parse } from 'yaml';
import { pipelineConfigurationBody } from '../../modules/search/pipeline-configuration';
import { archiveSearchSources } from '../../modules/search/search-sources';

/*
 * What one sub-pipeline of the body makes of an S3 object, for the processors and codecs the body
 * uses and nothing else: each step follows Data Prepper's source (opensearch-project/data-prepper,
 * read at 2.16.0), named beside it. A processor or an expression the model does not know fails the
 * run, so a body that grows a step is modelled before its documents are trusted. No engine runs
 * here: this checks our field mappings on real and documented objects, not the service.
 */

/** One event of the pipeline: the fields of the document it becomes. */
export type PipelineEvent = Record<string, unknown>;

type Step = Record<string, any>;

/** The sub-pipeline's S3 source, as the body writes it. */
interface S3Source {
  readonly codec: Record<string, unknown>;
  readonly compression: string;
}

/**
 * The events the source makes of one object (S3 source: the codec's events, then `s3/bucket` and
 * `s3/key` put on each by EventMetadataModifier).
 */
function sourceEvents(source: S3Source, object: { bucket: string; key: string; body: Buffer }): PipelineEvent[] {
  if (source.compression !== 'gzip') throw new Error(`the model reads gzip objects, not ${source.compression}`);
  const text = zlib.gunzipSync(object.body).toString('utf8');
  const codec = Object.keys(source.codec);
  let events: PipelineEvent[];
  if (codec[0] === 'newline') {
    // NewlineDelimitedInputCodec: BufferedReader.readLine, one `message` a line (no trailing empty line).
    const lines = text.split(/\r?\n/);
    if (lines[lines.length - 1] === '') lines.pop();
    events = lines.map((line) => ({ message: line }));
  } else if (codec[0] === 'json') {
    // JsonDecoder: each element of an array of the object (a CloudTrail file's `Records`) is an event.
    const arrays = Object.values(JSON.parse(text) as Record<string, unknown>).filter(Array.isArray);
    events = (arrays.flat() as PipelineEvent[]).map((record) => ({ ...record }));
  } else {
    throw new Error(`the model has no codec ${codec[0]}`);
  }
  return events.map((event) => ({ ...event, s3: { bucket: object.bucket, key: object.key } }));
}

/** The value at a Data Prepper key (`a/b`, with or without its leading `/`). */
function at(event: PipelineEvent, key: string): unknown {
  return key
    .replace(/^\//, '')
    .split('/')
    .reduce<unknown>((value, part) => (value as Record<string, unknown> | undefined)?.[part], event);
}

/** The two forms of condition the body writes: `startsWith(/k, "p") or ...` and `/k != "v"`. */
function dropped(expression: string, event: PipelineEvent): boolean {
  const startsWith = /^startsWith\((\/[\w/]+), "([^"]*)"\)$/;
  const notEqual = /^(\/[\w/]+) != "([^"]*)"$/;
  return expression.split(' or ').some((term) => {
    const prefix = startsWith.exec(term);
    if (prefix !== null) return String(at(event, prefix[1])).startsWith(prefix[2]);
    const differs = notEqual.exec(term);
    if (differs !== null) return at(event, differs[1]) !== differs[2];
    throw new Error(`the model does not read the expression ${term}`);
  });
}

/** The instant a date processor's match gives, for the patterns the body uses. */
function dateOf(value: unknown, patterns: readonly string[]): string | undefined {
  if (value === undefined || value === null) return undefined;
  // DateProcessor: a number of 11 to 13 digits with epoch_milli, 10 or fewer with epoch_second.
  if (/^\d+$/.test(String(value))) {
    const digits = String(value).length;
    if (digits > 10 && digits <= 13 && patterns.includes('epoch_milli')) {
      return new Date(Number(value)).toISOString();
    }
    if (digits <= 10 && patterns.includes('epoch_second')) return new Date(Number(value) * 1000).toISOString();
    return undefined;
  }
  if (patterns.includes("yyyy-MM-dd'T'HH:mm:ss'Z'") && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(String(value))) {
    return new Date(String(value)).toISOString();
  }
  return undefined;
}

/** One processor over the events, as the plugin of its name does it. */
function processed(step: Step, events: PipelineEvent[], received: string): PipelineEvent[] {
  const [name] = Object.keys(step);
  const options = step[name] as Step;
  switch (name) {
    case 'drop_events':
      return events.filter((event) => !dropped(options.drop_when as string, event));
    case 'parse_json':
      // ParseJsonProcessor: the parsed object's keys at the root (no destination given).
      return events.map((event) => ({ ...event, ...(JSON.parse(String(at(event, options.source))) as object) }));
    case 'delete_entries':
      return events.map((event) =>
        Object.fromEntries(Object.entries(event).filter(([key]) => !(options.with_keys as string[]).includes(key))),
      );
    case 'split_event':
      // SplitEventProcessor (2.16): without a delimiter, an array field makes one event per element,
      // each a copy of the event with the element in the field's place; an empty array stays as it is.
      if (options.delimiter !== undefined || options.delimiter_regex !== undefined) {
        throw new Error('the model splits arrays only');
      }
      return events.flatMap((event) => {
        const value = event[options.field as string];
        if (!Array.isArray(value) || value.length === 0) return [event];
        return value.map((element) => ({ ...event, [options.field as string]: element }));
      });
    case 'rename_keys':
      return events.map((event) =>
        (options.entries as { from_key: string; to_key: string }[]).reduce((renamed, { from_key, to_key }) => {
          if (!(from_key in renamed) || to_key in renamed) return renamed;
          const { [from_key]: value, ...rest } = renamed;
          return { ...rest, [to_key]: value };
        }, event),
      );
    case 'date':
      return events.map((event) => {
        const time =
          options.from_time_received === true
            ? received
            : (options.match as { key: string; patterns: string[] }[])
                .map(({ key, patterns }) => dateOf(at(event, key), patterns))
                .find((found) => found !== undefined);
        return time === undefined ? event : { ...event, [options.destination as string]: time };
      });
    default:
      throw new Error(`the model has no processor ${name}`);
  }
}

/** The documents one sub-pipeline of the body writes for the objects given, in order. */
export function documentsOf(
  subPipeline: { source: { s3: Record<string, any> }; processor: Step[] },
  objects: readonly { bucket: string; key: string; body: Buffer }[],
  received = '2026-11-28T00:00:00.000Z',
): PipelineEvent[] {
  return objects.flatMap((object) =>
    subPipeline.processor.reduce<PipelineEvent[]>(
      (events, step) => processed(step, events, received),
      sourceEvents(subPipeline.source.s3 as S3Source, object),
    ),
  );
}

/** Every dotted path of a document's fields (`logEvent.message`), arrays looked through. */
export function fieldPaths(document: unknown, prefix = ''): string[] {
  if (Array.isArray(document)) return document.flatMap((element) => fieldPaths(element, prefix));
  if (document === null || typeof document !== 'object') return [];
  return Object.entries(document).flatMap(([key, value]) => {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    return [path, ...fieldPaths(value, path)];
  });
}

/**
 * The pipeline's configuration for an archive whose members send application logs, as the body's
 * YAML reads (pipelineConfiguration is what the stack renders): the sub-pipelines by name, without
 * synthesizing a stack.
 */
export function sampleConfiguration(): Record<string, any> {
  const sources = archiveSearchSources({
    logBucketName: 'acme-audit',
    memberLogsBucketName: 'acme-audit-member-logs',
    organizationTrailPrefix: 'AWSLogs/o-abcdefghij/',
    applicationLogsPrefix: 'application-logs',
    flowLogsPrefix: 'vpc-flow-logs',
  });
  const body = pipelineConfigurationBody({
    region: 'eu-west-1',
    roleArn: 'arn:aws:iam::222222222222:role/pipeline',
    collectionEndpoint: 'https://collection.eu-west-1.aoss.amazonaws.com',
    networkPolicyName: 'network',
    sources: sources.map((source) => ({
      ...source,
      queueUrl: `https://sqs.eu-west-1.amazonaws.com/222222222222/${source.id}`,
    })),
    deadLetterBucketName: 'dead-letters',
    backfill: false,
  });
  return parse(body) as Record<string, any>;
}
