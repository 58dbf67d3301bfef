export {
  ConfigRecording,
  type ConfigRecordingProps,
  type ExistingRecorder,
  type RecordingRegion,
} from './config-recording';
export { OrganizationConfigAggregator, type OrganizationConfigAggregatorProps } from './organization-config-aggregator';
export {
  EVALUATION_FREQUENCIES,
  OrganizationConfigRules,
  type OrganizationConfigRulesProps,
  type RuleRegion,
} from './organization-config-rules';
