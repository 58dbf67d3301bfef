import { CloudtrailAdvancedEventSelector } from '@cdktf/provider-aws/lib/cloudtrail';

/** Data events of one kind: every resource, none, or the listed ARNs (prefixes for S3). */
export type DataEventScope = 'all' | 'none' | readonly string[];

/** What a trail records. */
export interface TrailEventSelection {
  /** Management event sources left out (CloudTrail allows `kms.amazonaws.com` and `rdsdata.amazonaws.com`). */
  readonly excludeManagementEventSources: readonly string[];
  /** S3 object data events. */
  readonly s3: DataEventScope;
  /** Lambda invoke data events. */
  readonly lambda: DataEventScope;
  /** ARN of the trail's own bucket, whose object events are never recorded. */
  readonly logBucketArn: string;
  /**
   * Event sources whose network activity events (calls through VPC endpoints) are recorded.
   * @default [] - none
   */
  readonly networkActivitySources?: readonly string[];
}

/**
 * Advanced event selectors: management events (read and write) minus the excluded sources, then
 * S3 and Lambda data events as configured, then network activity events of the sources named. S3 data events never include the trail's own bucket:
 * every delivery would be logged, and that log delivered again.
 */
export function advancedEventSelectors(selection: TrailEventSelection): CloudtrailAdvancedEventSelector[] {
  const selectors: CloudtrailAdvancedEventSelector[] = [
    managementEventSelector(selection.excludeManagementEventSources),
  ];
  if (selection.s3 !== 'none') {
    selectors.push({
      name:
        selection.s3 === 'all' ? 'S3 data events, except the log bucket' : 'S3 data events under the listed prefixes',
      fieldSelector: [
        { field: 'eventCategory', equalTo: ['Data'] },
        { field: 'resources.type', equalTo: ['AWS::S3::Object'] },
        selection.s3 === 'all'
          ? { field: 'resources.ARN', notStartsWith: [`${selection.logBucketArn}/`] }
          : { field: 'resources.ARN', startsWith: [...selection.s3] },
      ],
    });
  }
  if (selection.lambda !== 'none') {
    selectors.push({
      name: 'Lambda invoke data events',
      fieldSelector: [
        { field: 'eventCategory', equalTo: ['Data'] },
        { field: 'resources.type', equalTo: ['AWS::Lambda::Function'] },
        ...(selection.lambda === 'all' ? [] : [{ field: 'resources.ARN', equalTo: [...selection.lambda] }]),
      ],
    });
  }
  // One selector per source: CloudTrail takes eventSource with Equals only, one source each
  // ("Logging network activity events"). Provider 5.x accepts no errorCode field selector, so the
  // denied calls cannot be selected alone: every call of the source through an endpoint is logged.
  for (const source of selection.networkActivitySources ?? []) {
    selectors.push({
      name: `Network activity events of ${source}`,
      fieldSelector: [
        { field: 'eventCategory', equalTo: ['NetworkActivity'] },
        { field: 'eventSource', equalTo: [source] },
      ],
    });
  }
  return selectors;
}

/**
 * The name the CloudTrail console gives the management events selector. Scanners look for it by
 * name: Prowler's cloudtrail_multi_region_enabled_logging_management_events passes an advanced
 * selector only when it is named so and has no readOnly field, and the CIS AWS Foundations Benchmark's
 * audit procedure shows it as the expected output.
 */
export const MANAGEMENT_EVENTS_SELECTOR_NAME = 'Management events selector';

/** Management events, read and write, minus the excluded event sources. */
export function managementEventSelector(excludedSources: readonly string[]): CloudtrailAdvancedEventSelector {
  return {
    name: MANAGEMENT_EVENTS_SELECTOR_NAME,
    fieldSelector: [
      { field: 'eventCategory', equalTo: ['Management'] },
      ...(excludedSources.length === 0 ? [] : [{ field: 'eventSource', notEquals: [...excludedSources] }]),
    ],
  };
}
