/*
 * The toolkit's entry point (`@audit-logging/cdktf/toolkit`): what runs beside Terraform and AWS
 * on the evidence, for teams that script it: verify a copy of the logs and its digest chain, run
 * the saved queries on it offline, check which days of evidence arrived.
 */
export * from './integrity';
export * from './investigate';
export * from './delivery';
