// What a user calls: the organization policies construct and its props.
export { Guardrails, type GuardrailsProps } from './guardrails';
export { type TrailProtectionProps } from './trail-protection';
