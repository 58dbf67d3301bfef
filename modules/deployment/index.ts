export * from './account-stack';
export * from './cross-stack-preparation';
export * from './synth-traces';
export * from './state-bucket';
