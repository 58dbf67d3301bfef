export { SessionManagerLogging, type SessionManagerLoggingProps, type SessionRegion } from './session-manager-logging';
