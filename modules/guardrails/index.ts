export * from './data-perimeter';
export * from './evidence-protection';
export * from './guardrails';
export * from './principals';
export * from './recording-protection';
export * from './trail-protection';
