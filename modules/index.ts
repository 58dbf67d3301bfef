export * from './config';
export * from './core';
export * from './deployment';
export * from './iam';
export * from './log-archive';
export * from './storage';
export * from './alarms';
