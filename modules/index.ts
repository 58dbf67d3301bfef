/*
 * The constructs' entry point: every construct family's curated index (the constructs, their props
 * and the types those props name), the catalogs, the config loader and schema, the naming rules and
 * the errors. Helpers the constructs share among themselves stay in their files, out of the public
 * API.
 */
export * from './core';
export * from './catalogs';
export * from './org-config';
export * from './deployment';
export * from './iam';
export * from './log-archive';
export * from './storage';
export * from './alarms';
export * from './kms';
export * from './trail';
export * from './aws-config';
export * from './flow-logs';
export * from './session-manager';
export * from './application-logs';
export * from './analytics';
export * from './guardrails';
export * from './security-hub';
export * from './audit-account';
export * from './search';
