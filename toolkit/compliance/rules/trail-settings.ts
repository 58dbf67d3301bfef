import { type ComplianceRule, met, missing } from '../rule';
import { type EventSelector, type ResourceBody, resourcesOf } from '../stack-json';

/*
 * The rules on the settings of the trails (CIS 4.1, 4.2, 4.5 and Security Hub CloudTrail.5): each
 * trail stack, the organization's and each outside member's, has a trail with the setting.
 */

/** Every trail stack has a trail that passes `check`; `what` says what the trail lacks when none does. */
function eachTrail(check: (trail: ResourceBody) => boolean, what: string): ComplianceRule['judge'] {
  return ({ trailStacks }) =>
    trailStacks.map(([where, stack]) => {
      const trails = resourcesOf(stack, 'aws_cloudtrail').filter(([, trail]) => check(trail));
      return trails.length > 0
        ? met(
            where,
            trails.map(([address]) => address),
          )
        : missing(where, `no trail ${what}`);
    });
}

/** A basic event selector, as synthesized. */
type BasicEventSelector = {
  read_write_type?: string;
  include_management_events?: boolean;
  exclude_management_event_sources?: string[];
};

/**
 * Whether a trail's selectors take every management event, read and write. A trail with no selector
 * of either kind takes them all ("By default, trails created without specific event selectors will
 * be configured to log all read and write management events": EventSelector, CloudTrail API
 * Reference), and so does a basic selector left at its defaults (ReadWriteType All,
 * IncludeManagementEvents true).
 */
function everyManagementEvent(trail: ResourceBody): boolean {
  const advanced = (trail.advanced_event_selector ?? []) as EventSelector[];
  const basic = (trail.event_selector ?? []) as BasicEventSelector[];
  if (advanced.length === 0 && basic.length === 0) return true;
  return (
    advanced.some(
      (selector) =>
        selector.field_selector.some((f) => f.field === 'eventCategory' && f.equals?.includes('Management')) &&
        selector.field_selector.every((f) => f.field !== 'readOnly'),
    ) ||
    basic.some(
      (selector) =>
        (selector.read_write_type ?? 'All') === 'All' &&
        (selector.include_management_events ?? true) &&
        (selector.exclude_management_event_sources ?? []).length === 0,
    )
  );
}

/** Multi-Region, taking every management event, read and write. */
const recordsAllRegionsAndManagementEvents = (trail: ResourceBody): boolean =>
  trail.is_multi_region_trail === true && everyManagementEvent(trail);

/** CIS 4.1: a multi-Region trail of every management event, read and write. */
export const TRAIL_ALL_REGIONS: ComplianceRule = {
  id: 'trail-all-regions',
  title: 'CloudTrail records every Region, read and write management events',
  cis: ['4.1'],
  securityHub: ['CloudTrail.1'],
  judge: eachTrail(recordsAllRegionsAndManagementEvents, 'that is multi-Region with all management events'),
};

/** CIS 4.2: a trail that validates its log files. */
export const TRAIL_LOG_FILE_VALIDATION: ComplianceRule = {
  id: 'trail-log-file-validation',
  title: 'CloudTrail log file validation',
  cis: ['4.2'],
  securityHub: ['CloudTrail.4'],
  judge: eachTrail((trail) => trail.enable_log_file_validation === true, 'with log file validation'),
};

/** CIS 4.5: a trail whose logs a KMS key encrypts. */
export const TRAIL_KMS: ComplianceRule = {
  id: 'trail-kms',
  title: 'CloudTrail logs encrypted with a KMS key',
  cis: ['4.5'],
  securityHub: ['CloudTrail.2'],
  judge: eachTrail((trail) => typeof trail.kms_key_id === 'string' && trail.kms_key_id !== '', 'with a KMS key'),
};

/** Security Hub CloudTrail.5: a trail that delivers to CloudWatch Logs. */
export const TRAIL_CLOUDWATCH_LOGS: ComplianceRule = {
  id: 'trail-cloudwatch-logs',
  title: 'CloudTrail delivers to CloudWatch Logs',
  cis: [],
  securityHub: ['CloudTrail.5'],
  judge: eachTrail((trail) => typeof trail.cloud_watch_logs_group_arn === 'string', 'that delivers to CloudWatch Logs'),
};
