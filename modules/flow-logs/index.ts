export { type FlowLogVpc, VpcFlowLogs, type VpcFlowLogsProps } from './vpc-flow-logs';
export { ENABLE_VPC_FLOW_LOGS_RUNBOOK } from './flow-logs-runbook';
export {
  type RemediationRegion,
  VpcFlowLogsRemediation,
  type VpcFlowLogsRemediationProps,
} from './flow-logs-remediation';
