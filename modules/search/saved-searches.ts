import { INVESTIGATION_QUERIES } from '../alarms/investigation-queries';
import {
  APPLICATION_LOGS_INSIGHTS_QUERIES,
  REQUEST_ID_PLACEHOLDER,
} from '../analytics/application-logs-insights-queries';
import { APPLICATION_LOGS_QUERIES, ERROR_WORDS } from '../analytics/application-logs-queries';
import { ATHENA_QUERIES } from '../analytics/athena-queries';
import { watchedCalls } from '../catalogs/evasion-api-coverage';
import { AUDIT_TAMPERING_QUERY_NAME, SYSTEM_CHANGES_QUERY_NAME } from '../core/naming';
import { LOG_EVENT_FIELD } from './pipeline-configuration';
import { SEARCH_SOURCE_IDS } from './search-sources';

/*
 * The saved questions of the other tiers (Athena's saved queries, which `investigate` runs offline;
 * the Logs Insights queries on the trail's log group and on the application logs), as OpenSearch
 * query DSL over the search tier's indexes, by the same names: a team moving between tiers finds
 * the same questions. Each answer is the body of `POST <index>/_search`, over the fields the
 * pipeline writes (a CloudTrail record as CloudTrail wrote it; an application log event with its
 * envelope); where it answers otherwise than the other tiers, `differs` says how.
 */

/** Where a question is saved today. */
export type SavedQueryTier = 'athena' | 'trail-logs-insights' | 'application-logs-insights';

/** One question, as the search tier answers it. */
export interface SavedSearch {
  /** The name the other tiers save it under. */
  readonly name: string;
  /** The tiers that hold it. */
  readonly tiers: readonly SavedQueryTier[];
  /** What it answers: the first tier's description. */
  readonly description: string;
  /** The index it searches: a source of the tier. */
  readonly index: string;
  /** The body of `POST <index>/_search`: `query`, `sort`, and `aggs` for a question that counts. */
  readonly request: Readonly<Record<string, unknown>>;
  /** The text the reader replaces before running it (a principal, an address, a request id). */
  readonly placeholders: readonly string[];
  /** Where the answer is not the other tiers' answer, and why. */
  readonly differs?: string;
}

/** The part of a principal's ARN that actions-by-principal looks for, which the reader replaces. */
export const PRINCIPAL_PLACEHOLDER = 'REPLACE-WITH-PART-OF-THE-ARN';
/** The source IP address activity-from-ip looks for, which the reader replaces. */
export const IP_ADDRESS_PLACEHOLDER = 'REPLACE-WITH-THE-IP-ADDRESS';

// OpenSearch maps a new string field as text with a `keyword` subfield, which holds values of at
// most 256 characters (docs/search.md, "Saved searches"): exact values and counts read the subfield.
const keyword = (field: string) => `${field}.keyword`;
const term = (field: string, value: string) => ({ term: { [keyword(field)]: value } });
const terms = (field: string, values: readonly string[]) => ({ terms: { [keyword(field)]: [...values] } });
const wildcard = (field: string, pattern: string) => ({ wildcard: { [keyword(field)]: { value: pattern } } });
const prefix = (field: string, value: string) => ({ prefix: { [keyword(field)]: value } });
const exists = (field: string) => ({ exists: { field } });
const anyOf = (...queries: object[]) => ({ bool: { should: queries, minimum_should_match: 1 } });
const calls = (eventSource: string, eventNames: readonly string[]) => ({
  bool: { filter: [term('eventSource', eventSource), terms('eventName', eventNames)] },
});
const filtered = (
  filter: readonly object[],
  mustNot: readonly object[] = [],
  order: 'asc' | 'desc' = 'asc',
  size = 10000,
) => ({
  query: { bool: { filter, ...(mustNot.length === 0 ? {} : { must_not: mustNot }) } },
  sort: [{ '@timestamp': order }],
  size,
});
/** Counts by each field in turn (nested terms), most first, with what each innermost bucket adds. */
const countedBy = (fields: readonly string[], size: number, inner: Record<string, object> = {}): object => {
  const [field, ...rest] = fields;
  const nested = rest.length === 0 ? inner : { [rest[0]]: countedBy(rest, size, inner) };
  return { terms: { field: keyword(field), size, order: { _count: 'desc' } }, aggs: nested };
};
const counts = (filter: readonly object[], fields: readonly string[], size: number, inner = {}) => ({
  query: { bool: { filter } },
  size: 0,
  aggs: { [fields[0]]: countedBy(fields, size, inner) },
});
const timeSpan = { first_seen: { min: { field: '@timestamp' } }, last_seen: { max: { field: '@timestamp' } } };

type Answer = Omit<SavedSearch, 'name' | 'tiers' | 'description' | 'index'>;

const IAM = 'iam.amazonaws.com';
const EC2 = 'ec2.amazonaws.com';
const CLOUDTRAIL = 'cloudtrail.amazonaws.com';
const NO_CALLER =
  "A record without a caller ARN (an AWS service's call) is counted in no principal's bucket, where Athena counts them under a null ARN.";
const REFUSED = [wildcard('errorCode', 'AccessDenied*'), wildcard('errorCode', '*UnauthorizedOperation')];

/** The questions over the trail's records, by the name the other tiers give them. */
const CLOUDTRAIL_ANSWERS: Readonly<Record<string, Answer>> = {
  'actions-by-principal': {
    request: filtered([
      anyOf(
        wildcard('userIdentity.arn', `*${PRINCIPAL_PLACEHOLDER}*`),
        wildcard('userIdentity.sessionContext.sessionIssuer.arn', `*${PRINCIPAL_PLACEHOLDER}*`),
      ),
    ]),
    placeholders: [PRINCIPAL_PLACEHOLDER],
  },
  'root-user-activity': {
    request: filtered(
      [term('userIdentity.type', 'Root')],
      [exists('userIdentity.invokedBy'), term('eventType', 'AwsServiceEvent')],
    ),
    placeholders: [],
  },
  'denied-calls-by-principal': {
    request: counts(
      [exists('errorCode')],
      ['userIdentity.arn', 'eventSource', 'eventName', 'errorCode'],
      100,
      timeSpan,
    ),
    placeholders: [],
    differs: `Counted per principal, then call and error, most first; Athena orders the access denials first, which a filter on errorCode AccessDenied* gives here. ${NO_CALLER}`,
  },
  'console-signins-without-mfa': {
    request: filtered([
      term('eventName', 'ConsoleLogin'),
      term('additionalEventData.MFAUsed', 'No'),
      term('responseElements.ConsoleLogin', 'Success'),
    ]),
    placeholders: [],
  },
  'evidence-deletions': {
    request: filtered([
      terms('eventName', [
        'DeleteBucket',
        'DeleteTrail',
        'ScheduleKeyDeletion',
        'DisableKey',
        'DeleteLogGroup',
        'DeleteLogStream',
      ]),
    ]),
    placeholders: [],
  },
  'iam-policy-changes': {
    request: filtered([
      calls(IAM, [
        ...['CreatePolicy', 'DeletePolicy', 'CreatePolicyVersion', 'DeletePolicyVersion', 'SetDefaultPolicyVersion'],
        ...['AttachRolePolicy', 'DetachRolePolicy', 'AttachUserPolicy', 'DetachUserPolicy', 'AttachGroupPolicy'],
        ...['DetachGroupPolicy', 'PutRolePolicy', 'DeleteRolePolicy', 'PutUserPolicy', 'DeleteUserPolicy'],
        ...['PutGroupPolicy', 'DeleteGroupPolicy', 'UpdateAssumeRolePolicy', 'PutRolePermissionsBoundary'],
        'DeleteRolePermissionsBoundary',
      ]),
    ]),
    placeholders: [],
  },
  [AUDIT_TAMPERING_QUERY_NAME]: {
    request: filtered([
      anyOf(
        calls(CLOUDTRAIL, ['StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors', 'PutInsightSelectors']),
        calls('config.amazonaws.com', [
          ...['StopConfigurationRecorder', 'DeleteConfigurationRecorder', 'DeleteDeliveryChannel'],
          ...['PutDeliveryChannel', 'PutConfigurationRecorder'],
        ]),
      ),
    ]),
    placeholders: [],
  },
  [SYSTEM_CHANGES_QUERY_NAME]: {
    request: filtered([anyOf(...watchedCalls().map(({ eventSource, eventNames }) => calls(eventSource, eventNames)))]),
    placeholders: [],
  },
  'network-changes': {
    request: filtered(
      [
        term('eventSource', EC2),
        anyOf(
          ...['*SecurityGroup*', '*NetworkAcl*', '*Route*', '*Gateway*', '*Vpc*'].map((p) => wildcard('eventName', p)),
        ),
      ],
      [prefix('eventName', 'Describe'), prefix('eventName', 'Get')],
    ),
    placeholders: [],
  },
  'top-callers-and-errors': {
    request: counts([], ['recipientAccountId', 'userIdentity.arn'], 1000, {
      errors: { filter: exists('errorCode') },
      distinct_calls: { cardinality: { field: keyword('eventName') } },
    }),
    placeholders: [],
    differs: NO_CALLER,
  },
  'activity-from-ip': {
    request: filtered([term('sourceIPAddress', IP_ADDRESS_PLACEHOLDER)]),
    placeholders: [IP_ADDRESS_PLACEHOLDER],
  },
  'vpc-endpoint-denials': {
    request: filtered([term('errorCode', 'VpceAccessDenied')]),
    placeholders: [],
  },
  'root-activity': {
    request: filtered([term('userIdentity.type', 'Root')], [], 'desc', 200),
    placeholders: [],
  },
  'access-denied-by-principal': {
    request: counts([anyOf(...REFUSED)], ['userIdentity.arn', 'eventSource', 'eventName'], 100),
    placeholders: [],
    differs:
      'Logs Insights matches AccessDenied or UnauthorizedOperation anywhere in errorCode; here errorCode starts with AccessDenied or ends with UnauthorizedOperation, the forms CloudTrail writes.',
  },
  'console-sign-ins': {
    request: filtered([term('eventName', 'ConsoleLogin')], [], 'desc', 200),
    placeholders: [],
  },
  'iam-changes': {
    request: filtered(
      [term('eventSource', IAM)],
      ['Get', 'List', 'Generate', 'Simulate'].map((verb) => prefix('eventName', verb)),
      'desc',
      200,
    ),
    placeholders: [],
  },
  'trail-changes': {
    request: filtered(
      [
        calls(CLOUDTRAIL, [
          ...['CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StartLogging', 'StopLogging'],
          ...['PutEventSelectors', 'PutInsightSelectors'],
        ]),
      ],
      [],
      'desc',
      200,
    ),
    placeholders: [],
  },
  'security-group-changes': {
    request: filtered(
      [
        calls(EC2, [
          ...['AuthorizeSecurityGroupIngress', 'AuthorizeSecurityGroupEgress', 'RevokeSecurityGroupIngress'],
          ...['RevokeSecurityGroupEgress', 'CreateSecurityGroup', 'DeleteSecurityGroup', 'ModifySecurityGroupRules'],
        ]),
      ],
      [],
      'desc',
      200,
    ),
    placeholders: [],
  },
};

const EVENT = (field: string) => `${LOG_EVENT_FIELD}.${field}`;
const NO_REGION =
  'By account (owner) and log group: the envelope names no Region, so the documents hold it only in the object key (s3.key).';

/** The questions over the application logs, one document per log event. */
const APPLICATION_LOGS_ANSWERS: Readonly<Record<string, Answer>> = {
  'application-errors-by-log-group': {
    // The message field is analyzed: lowercase whole words, as the other tiers' (?i)\b...\b match.
    request: counts([{ terms: { [EVENT('message')]: [...ERROR_WORDS] } }], ['owner', 'logGroup'], 1000, {
      first_ms: { min: { field: EVENT('timestamp') } },
      last_ms: { max: { field: EVENT('timestamp') } },
    }),
    placeholders: [],
    differs: NO_REGION,
  },
  'application-request-across-accounts': {
    request: filtered([{ match_phrase: { [EVENT('message')]: REQUEST_ID_PLACEHOLDER } }]),
    placeholders: [REQUEST_ID_PLACEHOLDER],
    differs:
      'Finds the text as whole words (a request id, a trace id, an order number), where Athena and Logs Insights find it inside any word too.',
  },
  'application-loudest-log-groups': {
    request: counts([], ['owner', 'logGroup'], 100),
    placeholders: [],
    differs: `Counts events only: no field holds a message's length, which only a script at query time would compute. ${NO_REGION}`,
  },
};

/** An Athena description without the values it asks for: here the time range gives the days, the filter the rest. */
const withoutDays = (description: string) => description.replace(/ Asks for the first and last day.*$/s, '');

/** Every saved question of the other tiers, by name, with the tiers that hold it and its first description. */
function questions(): { name: string; tiers: SavedQueryTier[]; description: string; index: string }[] {
  const found = new Map<string, { name: string; tiers: SavedQueryTier[]; description: string; index: string }>();
  const add = (name: string, tier: SavedQueryTier, description: string, index: string) => {
    const question = found.get(name) ?? { name, tiers: [], description, index };
    question.tiers.push(tier);
    found.set(name, question);
  };
  for (const query of ATHENA_QUERIES) {
    add(query.name, 'athena', withoutDays(query.description), SEARCH_SOURCE_IDS.cloudTrail);
  }
  for (const query of INVESTIGATION_QUERIES) {
    add(query.id, 'trail-logs-insights', query.question, SEARCH_SOURCE_IDS.cloudTrail);
  }
  for (const query of APPLICATION_LOGS_QUERIES) {
    add(query.name, 'athena', withoutDays(query.description), SEARCH_SOURCE_IDS.applicationLogs);
  }
  for (const query of APPLICATION_LOGS_INSIGHTS_QUERIES) {
    add(query.name, 'application-logs-insights', query.description, SEARCH_SOURCE_IDS.applicationLogs);
  }
  return [...found.values()];
}

/**
 * The saved searches: every question of the other tiers, answered over its index. A question with
 * no answer here is an error naming it (a test keeps every catalog's names answered).
 */
export function savedSearches(): SavedSearch[] {
  return questions().map((question) => {
    const answers = question.index === SEARCH_SOURCE_IDS.cloudTrail ? CLOUDTRAIL_ANSWERS : APPLICATION_LOGS_ANSWERS;
    const answer = answers[question.name];
    if (answer === undefined) {
      throw new Error(
        `no saved search answers ${JSON.stringify(question.name)}: add it to modules/search/saved-searches.ts`,
      );
    }
    return { ...question, ...answer };
  });
}

/** The names answered here, by index, for a check that none is left over from a renamed query. */
export const ANSWERED_NAMES: Readonly<Record<string, readonly string[]>> = {
  [SEARCH_SOURCE_IDS.cloudTrail]: Object.keys(CLOUDTRAIL_ANSWERS),
  [SEARCH_SOURCE_IDS.applicationLogs]: Object.keys(APPLICATION_LOGS_ANSWERS),
};

/** The id of the Dashboards index pattern of an index. */
const indexPatternId = (index: string) => `index-pattern-${index}`;

/** The Discover columns of a search over each index: the other tiers' first columns. */
const COLUMNS: Readonly<Record<string, readonly string[]>> = {
  [SEARCH_SOURCE_IDS.cloudTrail]: [
    ...['recipientAccountId', 'awsRegion', 'eventSource', 'eventName', 'userIdentity.type', 'userIdentity.arn'],
    ...['sourceIPAddress', 'userAgent', 'errorCode'],
  ],
  [SEARCH_SOURCE_IDS.applicationLogs]: ['owner', 'logGroup', 'logStream', EVENT('message')],
};

/**
 * One saved search as an OpenSearch Dashboards `search` saved object: Discover shows the documents
 * its query matches, through a query DSL filter; a question that counts keeps its request body
 * (with the `aggs`) in the description, for Dev Tools.
 */
function searchObject(search: SavedSearch): object {
  const { query, aggs } = search.request as { query: object; aggs?: object };
  const sort = (search.request.sort as Record<string, string>[] | undefined)?.flatMap((s) => Object.entries(s));
  const description = [
    search.description,
    ...(search.placeholders.length === 0 ? [] : [`Replace ${search.placeholders.join(', ')} in the filter.`]),
    ...(search.differs === undefined ? [] : [search.differs]),
    ...(aggs === undefined
      ? []
      : [`The counts: in Dev Tools, POST ${search.index}/_search ${JSON.stringify(search.request)}`]),
  ].join(' ');
  const filter = {
    meta: {
      type: 'custom',
      key: 'query',
      value: JSON.stringify(query),
      disabled: false,
      negate: false,
      alias: search.name,
    },
    query,
    $state: { store: 'appState' },
  };
  return {
    type: 'search',
    id: `saved-search-${search.name}`,
    attributes: {
      title: search.name,
      description,
      columns: COLUMNS[search.index],
      sort: sort ?? [['@timestamp', 'desc']],
      kibanaSavedObjectMeta: {
        searchSourceJSON: JSON.stringify({
          query: { query: '', language: 'kuery' },
          filter: [filter],
          indexRefName: 'kibanaSavedObjectMeta.searchSourceJSON.index',
        }),
      },
    },
    references: [
      { name: 'kibanaSavedObjectMeta.searchSourceJSON.index', type: 'index-pattern', id: indexPatternId(search.index) },
    ],
  };
}

/**
 * The saved searches as the NDJSON file OpenSearch Dashboards imports (Dashboards Management, Saved
 * objects, Import; or `POST /_dashboards/api/saved_objects/_import`): an index pattern per index,
 * timed by `@timestamp`, then a `search` object per question. docs/search-saved-objects.ndjson is
 * this text.
 */
export function savedObjectsNdjson(searches: readonly SavedSearch[] = savedSearches()): string {
  const indexes = [...new Set(searches.map((search) => search.index))];
  const patterns = indexes.map((index) => ({
    type: 'index-pattern',
    id: indexPatternId(index),
    attributes: { title: index, timeFieldName: '@timestamp' },
  }));
  return [...patterns, ...searches.map(searchObject)].map((object) => `${JSON.stringify(object)}\n`).join('');
}
