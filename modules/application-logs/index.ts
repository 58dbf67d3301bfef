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
  DESTINATION_POLICY_MAX_BYTES,
} from './application-logs-delivery';
