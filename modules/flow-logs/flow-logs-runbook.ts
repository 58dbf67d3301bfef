/**
 * The AWS-owned Automation runbook that gives each VPC of its `VPCIds` (StringList) a flow log with
 * one CreateFlowLogs call (ResourceType VPC; to S3, `LogDestination` = `LogDestinationArn` and no
 * role), and reports success even where a call failed. The runbook reference has no page for it;
 * its parameters and its one step are those of the document as `ssm:GetDocument` returns it (as
 * kept in the public copy ceshihao/ssm-public-documents@465d0b5, documents/AWS-EnableVPCFlowLogs.json).
 */
export const ENABLE_VPC_FLOW_LOGS_RUNBOOK = 'AWS-EnableVPCFlowLogs';
