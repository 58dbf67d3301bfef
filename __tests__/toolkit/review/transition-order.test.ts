import { transitionOrder, type TransitionOrder } from '../../../modules/core/transition-order';
import { planSummaryMarkdown } from '../../../packages/cli/toolkit/review/plan-summary';
import { transitionMarkdown, transitionSteps, wavesFor } from '../../../packages/cli/toolkit/review/transition-order';
import { stackJson } from '../../support/fake-synth';

/*
 * How the commands tell and apply a change's order: the waves of the stacks a deploy selects, the
 * steps synth prints, and plan-summary's "Needs attention". Small stacks: a sink and a link.
 */

const ARCHIVE = '222222222222';
const SINK = `arn:aws:oam:eu-west-1:${ARCHIVE}:sink/0f1e2d3c-4b5a-4c5d-8e9f-0a1b2c3d4e5f`;
const archive = (sink: boolean) =>
  stackJson('log-archive', {
    account: ARCHIVE,
    resources: sink ? { aws_oam_sink: { s: { name: 'audit-live-search' } } } : {},
  });
const member = (name: string, account: string, link: boolean) =>
  stackJson(name, { account, resources: link ? { aws_oam_link: { l: { sink_identifier: SINK } } } : {} });
const synth = (on: boolean) => ({
  'log-archive': archive(on),
  organization: stackJson('organization'),
  'member-a': member('member-a', '100000000001', on),
  'member-b': member('member-b', '100000000002', on),
});
const off: TransitionOrder = transitionOrder(synth(true), synth(false));

describe('a removal wave', () => {
  test('the members that link go ahead of the log archive, in every selection of stacks', () => {
    expect(off.ahead).toEqual(['member-a', 'member-b']);
    expect(wavesFor(off, ['log-archive', 'organization', 'member-a', 'member-b'])).toEqual([
      ['member-a', 'member-b'],
      ['log-archive'],
      ['organization'],
    ]);
    expect(wavesFor(off, ['log-archive', 'member-b'])).toEqual([['member-b'], ['log-archive']]);
    // Without an order, the waves of a first deploy.
    expect(wavesFor(undefined, ['member-a', 'log-archive'])).toEqual([['log-archive'], ['member-a']]);
  });

  test('the steps name the stacks, the resource, and the fact AWS refuses the other order by', () => {
    const steps = transitionSteps(off);
    expect(steps[0]).toBe('Apply member-a, member-b first, ahead of the usual waves (a removal wave):');
    expect(steps).toContain(
      '  - member-a before log-archive: member-a stops naming the live search sink of log-archive (eu-west-1), which log-archive removes (AWS refuses the other order: oam-delete-links-before-sink)',
    );
    expect(steps.at(-1)).toBe('Order: member-a member-b, then log-archive, then organization');
  });

  test('plan-summary opens "Needs attention" with it, and no longer says nothing needs attention', () => {
    const markdown = planSummaryMarkdown([], [], transitionMarkdown(off));
    const attention = markdown.slice(markdown.indexOf('## Needs attention'));
    expect(attention).toContain('**This change must be applied in an order of its own across stacks**');
    expect(attention).toContain('- Apply member-a, member-b first');
    expect(attention).not.toContain('Nothing:');
    expect(transitionMarkdown(transitionOrder(synth(true), synth(true)))).toEqual([]);
  });
});

describe('a change with no order', () => {
  test('names both ways between the stacks, and the fields of each part of the split', () => {
    // The sink goes (the link first) while a destination comes (the member's policy after it).
    const destination = `arn:aws:logs:eu-west-1:${ARCHIVE}:destination:audit-application-logs`;
    const after = {
      ...synth(false),
      'log-archive': stackJson('log-archive', {
        account: ARCHIVE,
        resources: { aws_cloudwatch_log_destination: { d: { name: 'audit-application-logs' } } },
      }),
      'member-a': stackJson('member-a', {
        account: '100000000001',
        resources: {
          aws_cloudwatch_log_account_policy: {
            p: { policy_document: JSON.stringify({ DestinationArn: destination }) },
          },
        },
      }),
    };
    const steps = transitionSteps(transitionOrder(synth(true), after));
    expect(steps[0]).toBe(
      'No order applies this change in one deploy: a stack must apply both before and after another.',
    );
    expect(steps).toContain(
      '  - log-archive before member-a: member-a starts naming the CloudWatch Logs destination of log-archive (eu-west-1), which log-archive makes (AWS refuses the other order: logs-destination-policy-before-senders)',
    );
    expect(steps.at(-1)).toMatch(
      /^Split it in two deploys: first only the part that removes \(among applicationLogs\.liveSearch, .*\), synth and deploy; then the part that makes \(among applicationLogs\.enabled, /,
    );
  });
});

describe('a renamed deploy role', () => {
  test("synth's step names the deploy-role command as it runs here (a clone: its npm script)", () => {
    const renamed: TransitionOrder = {
      ...off,
      roleChanges: [
        { stack: 'member-a', from: 'arn:aws:iam::100000000001:role/old', to: 'arn:aws:iam::100000000001:role/new' },
      ],
    };
    expect(transitionSteps(renamed).join('\n')).toContain(
      'The deploy role changes (old to new, deployment.roleName) in 1 stacks: create it in every account first (npm run deploy-role), then deploy',
    );
  });
});
