import type { ComplianceRule } from '../rule';
import type { EventSelector, ResourceBody } from '../stack-json';
import { eachTrail } from '../each-trail';

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
