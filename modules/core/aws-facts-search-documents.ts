import type { AwsFact } from './aws-fact';

/*
 * The catalog rows (see aws-facts.ts) for what the search tier makes of the archive's objects and
 * how it is searched: the processors OpenSearch Ingestion runs, the Data Prepper version it does
 * not publish, and the query languages of a collection. Each is cited and pinned by a test.
 */

const GUIDE = 'https://docs.aws.amazon.com/opensearch-service/latest/developerguide';
const PIPELINE_CONFIGURATION = 'modules/search/pipeline-configuration.ts';
const SAVED_SEARCHES = 'modules/search/saved-searches.ts';
const DOCS = 'docs/search.md';
const PIPELINE_TEST = '__tests__/search/pipeline-configuration.test.ts';

export const SEARCH_DOCUMENT_FACTS: readonly AwsFact[] = [
  {
    id: 'osis-split-event-supported',
    kind: 'scope',
    subject: 'OpenSearch Ingestion processors',
    fact: "OpenSearch Ingestion runs a listed subset of Data Prepper's processors, split_event among them (with parse_json, drop_events, delete_entries, rename_keys and date), with every option Data Prepper's reference gives unless the page restricts it; it restricts none of these.",
    consequence:
      "The application logs' sub-pipeline parses each envelope, drops control messages and splits logEvents with split_event: one document per log event, carrying the envelope's owner, logGroup and logStream, its time the event's own.",
    source: {
      url: `${GUIDE}/pipeline-config-reference.html`,
      sentence:
        'Unless otherwise specified below, all options described in the Data Prepper configuration reference for the supported plugins listed above are allowed in OpenSearch Ingestion pipelines.',
    },
    reliedOnBy: [PIPELINE_CONFIGURATION, DOCS],
    testedBy: [PIPELINE_TEST, '__tests__/search/pipeline-documents.test.ts'],
  },
  {
    id: 'osis-minor-version-unpublished',
    kind: 'default',
    subject: 'OpenSearch Ingestion Data Prepper version',
    fact: 'A pipeline runs the latest minor version OpenSearch Ingestion supports of the Data Prepper major version its body names (version "2"); AWS does not say which minor version that is.',
    consequence:
      'split_event splits an array (no delimiter) from Data Prepper 2.16; nothing here shows the service runs it. docs/search.md says to validate the body (aws osis validate-pipeline) before the first deploy, and what an older version answers.',
    source: {
      url: `${GUIDE}/creating-pipeline.html`,
      sentence: "We don't publicly display the minor version that your pipeline is running.",
    },
    reliedOnBy: [PIPELINE_CONFIGURATION, DOCS],
    testedBy: [PIPELINE_TEST],
  },
  {
    id: 'aoss-sql-and-ppl',
    kind: 'scope',
    subject: 'OpenSearch Serverless query languages',
    fact: 'A collection answers read-only SQL and PPL queries (POST /_plugins/_sql and /_plugins/_ppl, joins and subqueries included) besides the query DSL, under the aoss:ReadDocument permission.',
    consequence:
      "The saved searches are query DSL, the language of Discover's saved searches and of _search, each checked as JSON over the fields the pipeline writes; the analysts' read permission also lets them use SQL or PPL.",
    source: {
      url: `${GUIDE}/serverless-sql.html`,
      sentence:
        'OpenSearch SQL plugin provides SQL query and Piped Processing Language (PPL) capabilites that enable you to execute read-only SQL and PPL queries as well as execute SQL joins and subqueries.',
    },
    reliedOnBy: [SAVED_SEARCHES, DOCS],
    testedBy: ['__tests__/search/saved-searches.test.ts'],
  },
];
