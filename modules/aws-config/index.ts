export * from './config-recording';
