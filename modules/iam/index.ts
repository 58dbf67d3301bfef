// The policy statement types the constructs take, and the functions that render them.
export {
  type ConditionOperator,
  type PolicyCondition,
  type PolicyDocument,
  policyDocument,
  type PolicyPrincipal,
  type PolicyStatement,
  renderPolicy,
} from './policy-document';
