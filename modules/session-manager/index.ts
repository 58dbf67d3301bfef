export * from './session-manager-logging';
