/*
 * The walk of every hop our evidence and our alerts travel, shared by the two coverages. Every
 * Terraform type the stacks synthesize is a hop of a path: the source (a trail, a recorder, a flow
 * log, an account policy), each role, rule, stream, key, bucket and replica it goes through, the
 * reader (Athena's workgroup and Glue's tables) and, for the alarms, each metric filter, alarm,
 * topic and subscription to the person. Each service a hop runs through is placed twice:
 * - by the prevention record (prevention-api-coverage.ts: every operation denied to an
 *   administrator or left open with its reason), or named in UNGUARDED_PATH_SERVICES with why no
 *   guardrail holds it;
 * - by the detections' coverage (evasion-api-coverage.ts: every operation caught or left out with
 *   its reason), or named in UNWATCHED_PATH_SERVICES with why no detection watches it.
 * Only the omissions live here; what each record places is its own. The hops are read from the
 * table of what the provider calls for each synthesized type (the CLI package's deploy-role
 * resource actions, whose derivation fails on a type it lacks), by the provider's service package:
 * __tests__/core/evidence-path-walk.test.ts.
 */

/** Services whose names in the provider's code (`internal/service/<name>`) are not botocore's. */
export const PROVIDER_SERVICE_ALIASES: Readonly<Record<string, string>> = {
  configservice: 'config',
};

const READER =
  'the evidence package re-derives its changes from the copy, offline, without it (docs/evidence-package.md)';

/**
 * Services on a path that no guardrail holds, by botocore name, with why. None of them holds
 * evidence: each reads the archive or makes a copy beside it.
 */
export const UNGUARDED_PATH_SERVICES: Readonly<Record<string, string>> = {
  athena: `the readers' workgroup and saved queries: they read the archive and change none of it; an administrator of the log archive who rewrites one changes what an investigator's query shows, not what the archive holds, and ${READER}: a product decision, the archive's analytics are its team's`,
  glue: `the tables Athena reads the archive through: a table rewritten changes what a query reads, no object of the archive, and ${READER}: a product decision, as for Athena`,
  quicksight:
    'dashboards over the Athena tables: a reader; a data set rewritten changes what a dashboard shows, no object of the archive: a product decision, as for Athena',
  scheduler:
    "starts the columnar copy's daily insert: a copy for analysis beside the archive, whose objects it never changes; a schedule stopped leaves the copy behind, not the evidence: a product decision",
};

const NO_EVIDENCE = 'nothing of the evidence or the alarms runs through it, so there is nothing to silence';

/**
 * Services on a path that no detection watches, by botocore name, with why. The first three are
 * gaps docs/detections.md names: the guardrails deny their changes, and nothing alarms when the
 * deploy role or break-glass makes one.
 */
export const UNWATCHED_PATH_SERVICES: Readonly<Record<string, string>> = {
  events:
    "the findings export's rule and the default bus that holds it: DenyFindingsExportChanges denies their changes to all but the deploy role and break-glass; no detection watches EventBridge (a gap, docs/detections.md)",
  ssm: 'the Session Manager preferences: DenySessionPreferenceChanges denies their changes to all but the deploy role and break-glass; no detection watches Systems Manager (a gap, docs/detections.md)',
  sqs: "the search tier's notification queues: DenySearchQueueChanges and DenySearchQueueDraining deny their changes to all but the deploy role and break-glass; no detection watches SQS (a gap, docs/detections.md)",
  athena: `a reader: ${NO_EVIDENCE}`,
  glue: `a reader: ${NO_EVIDENCE}`,
  quicksight: `a reader: ${NO_EVIDENCE}`,
  scheduler: `the columnar copy's schedule: ${NO_EVIDENCE}`,
};
