export * from './config';
export * from './core';
export * from './deployment';
