// What a user calls: the trail constructs and their props.
export { type DataEventScope, type TrailEventSelection } from './event-selectors';
export { OrganizationTrail, type OrganizationTrailProps } from './organization-trail';
export { StandaloneTrail, type StandaloneTrailProps } from './standalone-trail';
export { addTrailLogDelivery, type TrailLogDelivery, type TrailLogDeliveryProps } from './trail-log-delivery';
