export * from './cis-catalog';
export * from './configured-alarms';
export * from './investigation-queries';
export * from './security-alarms';
export * from './delivery-heartbeat';
