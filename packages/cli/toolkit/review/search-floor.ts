import { commandLine } from '../common/invocation';
import { searchFloor, searchFloorWords } from '../cost/search-cost';
import { changedResources, type StackPlan } from './plan-summary';

/*
 * The first-deploy review of the search tier (`logArchive.search`, docs/search.md): a plan that
 * creates its OpenSearch Serverless collection starts capacity that bills every hour, searched or
 * not (facts `aoss-floor-with-standby`, `aoss-floor-without-standby`, `osis-billed-for-units-in-use`).
 * plan-summary opens "Needs attention" with that floor, so whoever approves the change sees the
 * monthly cost before it starts.
 */

/** The Region whose search prices stand in when the plan does not say the collection's Region. */
const UNSTATED_REGION = 'us-east-1';

/** "Needs attention" lines for each collection a plan creates: the tier's monthly floor, with standby replicas on and off. */
export function searchFloorAttention(plans: readonly StackPlan[]): string[] {
  return plans.flatMap(({ stack, plan }) =>
    changedResources(plan)
      .filter(({ change, kind }) => kind === 'create' && change.type === 'aws_opensearchserverless_collection')
      .flatMap(({ change }) => {
        // The provider's default is ENABLED: a plan that does not say is priced with standby replicas.
        const standby = change.change.after?.standby_replicas !== 'DISABLED';
        const region = change.change.after?.region;
        const floor = searchFloor(standby, typeof region === 'string' ? region : UNSTATED_REGION);
        return [
          `**The search tier is created (${stack} \`${change.address}\`): a floor of ${searchFloorWords(floor, standby)}.** ` +
            'It bills from the first hour, whether anything is indexed or searched; `standbyReplicas: false` halves ' +
            `the collection's part, for non-production organizations. \`${commandLine('cost')}\` adds the storage ` +
            '(docs/search.md, "Cost").',
          '',
        ];
      }),
  );
}
