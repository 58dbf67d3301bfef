export { type FlowLogVpc, VpcFlowLogs, type VpcFlowLogsProps } from './vpc-flow-logs';
