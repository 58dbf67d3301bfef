export * from './account-stack';
export * from './synth-traces';
