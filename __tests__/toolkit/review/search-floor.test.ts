import * as fs from 'fs';
import * as path from 'path';
import type { PlanJson, StackPlan } from '../../../packages/cli/toolkit/review/plan-summary';
import { searchFloorAttention } from '../../../packages/cli/toolkit/review/search-floor';
import { runCliInProcess } from '../../support/cli';
import { tempDir } from '../../support/temp';

/*
 * The first-deploy review of the search tier: plan-summary's "Needs attention" states the tier's
 * monthly floor when a plan creates its collection, and says nothing of it otherwise.
 */

/** A plan of the log archive that does `actions` to a collection with `after`. */
function collectionPlan(actions: string[], after: Record<string, unknown> | null): PlanJson {
  return {
    format_version: '1.2',
    resource_changes: [
      {
        address: 'aws_opensearchserverless_collection.search_collection_1EC6AA51',
        mode: 'managed',
        type: 'aws_opensearchserverless_collection',
        change: { actions, before: actions.includes('create') ? null : { name: 'audit-logs' }, after },
      },
    ],
  };
}

const created = (standby: string | undefined): StackPlan[] => [
  {
    stack: 'log-archive',
    plan: collectionPlan(['create'], {
      name: 'audit-logs',
      type: 'TIMESERIES',
      ...(standby === undefined ? {} : { standby_replicas: standby }),
    }),
  },
];

describe('searchFloorAttention', () => {
  test('[aoss-floor-with-standby] a created collection with standby replicas: 518.40 USD a month, the collection 345.60 (172.80 without)', () => {
    const [line] = searchFloorAttention(created('ENABLED'));
    expect(line).toContain(
      '**The search tier is created (log-archive `aws_opensearchserverless_collection.search_collection_1EC6AA51`): ' +
        "a floor of 518.40 USD a month even idle, at us-east-1's prices: the collection's 345.60 with standby replicas on " +
        "(172.80 off) and the pipeline's 172.80, before storage.**",
    );
    expect(line).toContain('`standbyReplicas: false` halves');
    // A plan that leaves the attribute to the provider gets its default, ENABLED.
    expect(searchFloorAttention(created(undefined))).toEqual(searchFloorAttention(created('ENABLED')));
  });

  test('[aoss-floor-without-standby] standby replicas off: 345.60 USD a month, the collection 172.80', () => {
    expect(searchFloorAttention(created('DISABLED'))[0]).toContain(
      "a floor of 345.60 USD a month even idle, at us-east-1's prices: the collection's 172.80 with standby replicas off (345.60 on)",
    );
  });

  test('nothing when no plan creates the collection: an update, a delete, or another stack', () => {
    expect(
      searchFloorAttention([{ stack: 'log-archive', plan: collectionPlan(['update'], { name: 'audit-logs' }) }]),
    ).toEqual([]);
    expect(searchFloorAttention([{ stack: 'log-archive', plan: collectionPlan(['delete'], null) }])).toEqual([]);
    expect(
      searchFloorAttention([{ stack: 'organization', plan: { format_version: '1.2', resource_changes: [] } }]),
    ).toEqual([]);
  });
});

describe('cdktf-audit-logging plan-summary, a first deploy of the search tier', () => {
  test('opens "Needs attention" with the floor', async () => {
    const dir = tempDir('plan-summary-search');
    fs.writeFileSync(path.join(dir, 'log-archive.json'), JSON.stringify(created('ENABLED')[0].plan));
    const result = await runCliInProcess(['plan-summary', dir, '--synth', 'none']);
    expect(result.status).toBe(0);
    const attention = result.stdout.slice(result.stdout.indexOf('## Needs attention'));
    expect(attention).toMatch(
      /^## Needs attention\n\n\*\*The search tier is created \(log-archive .*a floor of 518\.40 USD a month even idle/,
    );
  });
});
