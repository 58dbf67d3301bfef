import { ORGANIZATION_STACK_NAME } from '@audit-logging/cdktf/toolkit-api/core';
import type { ComplianceEvidence } from '../evidence';
import { type ComplianceRule, gap, met, missing, type StackVerdict } from '../rule';
import { type EventSelector, resourcesOf, type SynthesizedStack } from '../stack-json';

/** S3 data events of every bucket, when the config claims them; else a gap with the reason. */
function s3DataEvents({ config, organization }: ComplianceEvidence): StackVerdict[] {
  if (config.trail.dataEvents.s3 === 'all') return [organizationHasDataEvents(organization)];
  return [
    gap(
      ORGANIZATION_STACK_NAME,
      config.trail.dataEvents.s3 === 'none'
        ? 'trail.dataEvents.s3 is "none": S3 data events are billed per event; set it to "all" to meet these controls'
        : 'trail.dataEvents.s3 lists some buckets, not all',
    ),
  ];
}

/** The organization's trails with a selector of S3 object data events. */
function organizationHasDataEvents(organization: SynthesizedStack | undefined): StackVerdict {
  const trails = resourcesOf(organization, 'aws_cloudtrail').filter(([, trail]) =>
    ((trail.advanced_event_selector ?? []) as EventSelector[]).some((selector) =>
      selector.field_selector.some((f) => f.field === 'resources.type' && f.equals?.includes('AWS::S3::Object')),
    ),
  );
  return trails.length > 0
    ? met(
        ORGANIZATION_STACK_NAME,
        trails.map(([address]) => address),
      )
    : missing(ORGANIZATION_STACK_NAME, 'no S3 data event selector');
}

/** CIS 4.8 and 4.9: the organization trail records the S3 object writes and reads of every bucket. */
export const S3_OBJECT_LEVEL_LOGGING: ComplianceRule = {
  id: 's3-object-level-logging',
  title: 'Object-level logging of S3 writes and reads',
  cis: ['4.8', '4.9'],
  securityHub: ['S3.22', 'S3.23'],
  judge: s3DataEvents,
};
