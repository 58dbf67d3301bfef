export { AuditKey, type AuditKeyProps, cloudWatchLogsKeyStatement, keyAdministrationStatement } from './audit-key';
export { EvidenceSigningKey, type EvidenceSigningKeyProps } from './evidence-signing-key';
export { evidenceSigningKeyPolicyStatements, type EvidenceSigningKeyPolicyProps } from './evidence-signing-key-policy';
export { firehoseStreamKeyPolicyStatements, type FirehoseStreamKeyPolicyProps } from './firehose-stream-key-policy';
