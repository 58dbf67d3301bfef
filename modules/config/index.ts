export * from './cis-controls';
export * from './json-path';
export * from './load';
export * from './schema';
export * from './warnings';
