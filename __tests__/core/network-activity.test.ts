import { NETWORK_ACTIVITY_EVENT_SOURCES } from '../../modules/core/network-activity-sources';
import { estimateCost, countStacks } from '../../packages/cli/toolkit/cost/cost-estimate';
import { resourcesOf, shippedConfig, synthStack } from '../support/synth';

/*
 * trail.networkActivityEvents: one advanced event selector per event source, as CloudTrail requires
 * (eventCategory NetworkActivity and eventSource, Equals, one source each), beside management and data
 * events; none when the list is empty. The cost lists them as not estimated.
 */

const trailOf = (config: ReturnType<typeof shippedConfig>) =>
  Object.values(resourcesOf(synthStack(config, 'organization'), 'aws_cloudtrail'))[0] as {
    advanced_event_selector: { name: string; field_selector: { field: string; equals?: string[] }[] }[];
  };

test('the full example records network activity of EC2, KMS and S3, one selector each', () => {
  const config = shippedConfig('examples/full.config.json');
  const selectors = trailOf(config).advanced_event_selector.filter((s) =>
    s.field_selector.some((f) => f.field === 'eventCategory' && f.equals?.includes('NetworkActivity')),
  );
  expect(selectors).toEqual(
    config.trail.networkActivityEvents.map((source) => ({
      name: `Network activity events of ${source}`,
      field_selector: [
        { field: 'eventCategory', equals: ['NetworkActivity'] },
        { field: 'eventSource', equals: [source] },
      ],
    })),
  );
  expect(config.trail.networkActivityEvents).toEqual(['ec2.amazonaws.com', 'kms.amazonaws.com', 's3.amazonaws.com']);
  expect(config.trail.networkActivityEvents.every((s) => NETWORK_ACTIVITY_EVENT_SOURCES.includes(s))).toBe(true);
  const cost = estimateCost(config, countStacks([]), {});
  const line = cost.lines.find((l) => l.driver.startsWith('network activity events'));
  expect(line).toMatchObject({ service: 'CloudTrail', driver: 'network activity events of 3 event source(s)' });
  expect(line?.usd).toBeUndefined();
});

test('the starter records none', () => {
  const config = shippedConfig('examples/starter.config.json');
  expect(config.trail.networkActivityEvents).toEqual([]);
  expect(
    trailOf(config).advanced_event_selector.some((s) =>
      s.field_selector.some((f) => f.equals?.includes('NetworkActivity')),
    ),
  ).toBe(false);
});
