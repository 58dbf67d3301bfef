export {
  AccountLogSubscription,
  type AccountLogSubscriptionProps,
  excludedLogGroupProblems,
  selectionCriteria,
  SELECTION_CRITERIA_MAX_BYTES,
  type SubscriptionRegion,
} from './account-log-subscription';
export {
  ApplicationLogsDelivery,
  type ApplicationLogsDeliveryProps,
  applicationLogsStreamName,
  type DeliveryRegion,
  destinationRoleTrustPolicy,
  type DestinationTrustProps,
} from './application-logs-delivery';
export { DESTINATION_POLICY_MAX_BYTES, type DestinationGrant } from './destination-grant';
export { type LinkRegion, LiveSearchLink, type LiveSearchLinkProps } from './live-search-link';
export {
  LiveSearchSink,
  type LiveSearchSinkProps,
  LOG_GROUP_RESOURCE_TYPE,
  type SavedInsightsQuery,
  type SinkRegion,
} from './live-search-sink';
