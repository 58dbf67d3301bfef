/**
 * The toolkit's entry point (`@audit-logging/cdktf-cli/toolkit`, the CLI package's), for teams that script the evidence
 * tools the CLI runs: verify a copy of the logs and its digest chain (verify-logs), run the saved
 * queries on it offline (investigate), check which days of evidence arrived (verify-delivery),
 * map the synthesized stacks to the CIS controls (compliance), add missed days to the Athena
 * columnar copy (columnar-copy), summarize Terraform plans for a review (plan-summary), and write the
 * stacks of a large organization on every core (synthesizeStacksInParallel), or the whole synth the
 * command runs (synthesize, reporting through a {@link ToolkitIo}). It loads
 * native DuckDB (`@duckdb/node-api`) and the AWS SDK, which the constructs' entry point never does.
 *
 * @packageDocumentation
 * @module @audit-logging/cdktf-cli/toolkit
 */

// verify-logs: the digest chain and the log files it covers.
export { type CloudTrailPublicKey, DigestFormatError, parsePublicKeys } from './integrity/digest-file';
export { formatReport } from './integrity/report-text';
export {
  type Notice,
  type Problem,
  type ProblemKind,
  type StreamReport,
  type VerifyOptions,
  type VerifyReport,
  verifyTree,
} from './integrity/verify-tree';

// investigate: the saved queries, run over a copy of the logs with native DuckDB.
export { APPLICATION_LOGS_QUERIES, ATHENA_QUERIES, type AthenaQuery } from '@audit-logging/cdktf/toolkit-api/analytics';
export { OfflineApplicationLogs } from './investigate/application-logs';
export {
  exportCopy,
  INVESTIGATE_TABLES,
  investigateCopy,
  type InvestigateCopyOptions,
  type InvestigateQuery,
  type InvestigateResult,
  type ParquetExport,
} from './actions/investigate-action';
export { type ResultRow } from './investigate/duckdb-engine';
export {
  investigate,
  InvestigateInputError,
  type InvestigateOptions,
  type Investigation,
  OfflineLogs,
} from './investigate/investigation';
export { type DayRange, LogFileUnreadable } from './investigate/log-files';
export { formatResult, RESULT_FORMATS, type ResultFormat } from './investigate/result-format';

// columnar-copy: add days to the Athena columnar copy with the statement its schedule runs.
export {
  type AthenaQueryTarget,
  AthenaQueryRunner,
  type BackfilledDay,
  BackfillFailed,
  type BackfillOptions,
  backfillColumnarCopy,
  daysBetween,
  type QueryOutcome,
  type QueryRunner,
} from './columnar-copy';

// discover: the organization read (read-only) into a new config, or merged into the existing one.
export {
  DiscoverInputError,
  type Discovery,
  discoverOrganization,
  type DiscoverOptions,
} from './actions/discover-action';
export { type Finding } from './discovery/decisions';

// evidence: a period's package for an auditor, built and verified.
export {
  buildEvidence,
  type BuildEvidenceOptions,
  type EvidenceCheck,
  verifyEvidence,
  type VerifyEvidenceOptions,
} from './actions/evidence-action';
export { EvidenceInputError, type EvidenceSummary } from './evidence/evidence-package';
export {
  type EvidenceVerification,
  verificationText,
  verifyEvidencePackage,
  type VerifyFinding,
  type VerifyOptions as EvidenceVerifyOptions,
} from './evidence/package-verification';
export { type ManifestMismatch, type PackageManifest } from './evidence/package-manifest';
export { type SignatureCheck, type SigningKey } from './evidence/manifest-signature';

// verify-delivery: which days of evidence arrived in the archive, per account, Region and kind.
export {
  type ArchiveLister,
  type ArchiveListing,
  ArchiveAccessError,
  ArchiveCopyMissing,
  ArchiveReadError,
  type ListingCounts,
  S3ArchiveLister,
} from './delivery/archive-lister';
export {
  type ApplicationLogsFound,
  type ApplicationLogsPlace,
  checkDelivery,
  type CheckDeliveryOptions,
  type DeliveryGap,
  type DeliveryReport,
  EVIDENCE_KINDS,
  type EvidenceKind,
} from './delivery/delivery-check';
export { formatDeliveryReport } from './delivery/delivery-report';
export {
  type DeliveryExclusion,
  type DeliveryExpectation,
  deliveryExpectation,
  type DeliverySelection,
  type DeliveryTarget,
} from './delivery/delivery-targets';
export { DeliveryInputError, type DeliveryWindow, deliveryWindow, MAX_WINDOW_DAYS } from './delivery/delivery-window';

// compliance: the CIS controls each synthesized stack meets.
export { complianceMatrix, type ControlRow } from './compliance/compliance-matrix';
export { type ControlStatus, type StackVerdict } from './compliance/rule';
export { type SynthesizedStack } from './compliance/stack-json';
export { complianceMarkdown } from './compliance/compliance-report';
export {
  type LiveCompliance,
  liveCompliance,
  type LiveComplianceOptions,
  type SynthCompliance,
  synthCompliance,
  type SynthComplianceOptions,
} from './actions/compliance-action';
export { LiveReadError, type LiveReadOptions } from './compliance/live-compliance';
export { type LiveReport } from './compliance/live-state';

// cost: the monthly cost of what the synthesized stacks build, each price with its source.
export { estimateSynthCost, type SynthCost, type SynthCostOptions } from './actions/cost-action';
export { type CostEstimate, type CostVolumes } from './cost/cost-estimate';
export { type SearchFloor } from './cost/search-cost';
export { type ArchiveVolumes } from './cost/archive-volumes';
export { type CostLine, PRICE_DATA, type PriceDataRow, type PriceItem } from './cost/prices';
export {
  type LiveSource,
  type ReportProvenance,
  reportProvenance,
  type SynthesizedSource,
} from './compliance/provenance';

// plan-summary: what a set of Terraform plans creates, changes and destroys, for a review.
export {
  COMMENT_MARKER,
  type PlanSummary,
  PlanSummaryInputError,
  type PlanSummaryOptions,
  summarizePlans,
} from './actions/plan-summary-action';
export { type DriftReport } from './review/drift-report';
export {
  type ChangeKind,
  planSummaryMarkdown,
  type PlanJson,
  type PolicyDiff,
  type ResourceChange,
  type StackPlan,
  type UnplannedStack,
} from './review/plan-summary';

// The actions report through one interface: the CLI prints the messages, a script records them.
export { CONSOLE_IO, type MessageLevel, RecordingIo, type ToolkitIo, type ToolkitMessage } from './common/toolkit-io';
export { StrictConfigWarnings } from './common/config-warnings';

// synth, the action `cdktf-audit-logging synth` and `cdktf synth` (main.ts) run: config in, a stack
// per account, the provenance and the change's order out.
export { synthesize, type SynthOptions, type SynthResult } from './actions/synth-action';
export type {
  DroppedProvider,
  OrderConstraint,
  StackMove,
  TransitionOrder,
} from '@audit-logging/cdktf/toolkit-api/core';
export { UnorderedChange } from './actions/synth-transition';
export { SynthOutputError } from './synth/synthesized-stacks';

// plan and deploy, the actions the commands run: the stacks selected, run in waves, a typed result.
export { StackSelectionError } from './actions/stack-selection';
export {
  listPlanBatches,
  PlanInputError,
  type PlanList,
  type PlanOptions,
  type PlanResult,
  type PlanSelection,
  planStacks,
} from './actions/plan-action';
export { DeployInputError, type DeployOptions, type DeployResult, deployStacks } from './actions/deploy-action';
export {
  type DecommissionOptions,
  type DecommissionResult,
  planDecommission,
  type RemovalOutcome,
} from './actions/decommission-action';
export { type DeployPolicy } from './deploy-role/deploy-policy';
export { type AccountDeployPolicy } from './deploy-role/deploy-role-report';
export {
  type DeployRoleAccount,
  DeployRoleInputError,
  type DeployRoleOptions,
  type DeployRoleResult,
  writeDeployRole,
} from './actions/deploy-role-action';
export {
  bootstrapState,
  type MigrateStateOptions,
  migrateState,
  StateInputError,
  type StateMigration,
  type StateOptions,
} from './actions/state-action';
export { type Bootstrapped, type Migrated } from './terraform/state-migration';
export {
  addColumnarCopyDays,
  ColumnarCopyInputError,
  type ColumnarCopyOptions,
  type ColumnarCopyResult,
  columnarCopyStatements,
  ColumnarCopyUnreachable,
} from './actions/columnar-copy-action';
export {
  type LiveSearchSinksOptions,
  type LiveSearchSinksUpdate,
  updateLiveSearchSinks,
} from './actions/live-search-sinks-action';
export {
  checkEvidenceDelivery,
  type EvidenceDelivery,
  type EvidenceDeliveryOptions,
} from './actions/verify-delivery-action';
export {
  type LogCopyVerification,
  verifyLogCopy,
  type VerifyLogCopyOptions,
  VerifyLogsInputError,
} from './actions/verify-logs-action';
export { type Remains } from './terraform/decommission';
export { type Applied } from './terraform/apply';
export { type StackOutcome, type StackResult } from './terraform/stack-waves';

// synth: the organization's stacks written on every core, the same files as synthesizeStacks.
export {
  MAX_SYNTH_THREADS,
  PARALLEL_FROM_MEMBERS,
  type ParallelSynthesisOptions,
  startSynthWorkers,
  type SynthShareResult,
  synthesizeStacksInParallel,
  type SynthWorkers,
} from './synth/parallel-synthesis';
