import { ANALYST, all, synthSearch } from './search-cases';
import { resourcesOf } from '../support/stack-json';

/*
 * The order Terraform applies the search tier's notifications, queues and queue policies in. They
 * are one stack's, so Terraform's dependency graph decides it: a resource is created after what it
 * refers to or depends on, and destroyed before it. S3 verifies a notification configuration's
 * queues when it is put ([s3-notification-destination-verified-at-put]): the queue and its policy
 * first; turning search off removes the notifications first, so no bucket ever names a queue that
 * is gone. The moto run (search-tier.moto.test.ts) applies both, with the harness's S3 refusing a
 * configuration whose queue does not exist or admit it, as AWS does.
 */

const on = synthSearch({ analystRoleArns: [ANALYST] }, { applicationLogs: true });
const queues = resourcesOf(on, 'aws_sqs_queue');
const queuePolicies = resourcesOf(on, 'aws_sqs_queue_policy');

/** The id of the queue a `${aws_sqs_queue.<id>.<attribute>}` reference names. */
function queueOf(reference: string, attribute: string): string {
  const match = new RegExp(`^\\$\\{aws_sqs_queue\\.([^.}]+)\\.${attribute}\\}$`).exec(reference);
  expect([reference, match !== null]).toEqual([reference, true]);
  return match?.[1] ?? '';
}

describe('[s3-notification-destination-verified-at-put] the notifications, their queues and the queue policies', () => {
  test('each queue policy refers to its queue: made after it, removed before it', () => {
    expect(Object.keys(queuePolicies)).toHaveLength(Object.keys(queues).length);
    for (const policy of Object.values(queuePolicies)) expect(queues[queueOf(policy.queue_url, 'url')]).toBeDefined();
  });

  test('each notification names its queues by reference and depends on their policies: put after them, removed before them', () => {
    const notifications = all(on, 'aws_s3_bucket_notification');
    expect(notifications.length).toBeGreaterThan(0);
    for (const notification of notifications) {
      const named = (notification.queue as { queue_arn: string }[]).map((q) => queueOf(q.queue_arn, 'arn'));
      expect(named.length).toBeGreaterThan(0);
      const policiesOfNamed = Object.entries(queuePolicies)
        .filter(([, policy]) => named.includes(queueOf(policy.queue_url, 'url')))
        .map(([id]) => `aws_sqs_queue_policy.${id}`);
      expect(policiesOfNamed).toHaveLength(named.length);
      expect(notification.depends_on).toEqual(expect.arrayContaining(policiesOfNamed));
    }
  });

  test('every queue is named by a notification, so none is left for S3 to send to alone', () => {
    const named = all(on, 'aws_s3_bucket_notification').flatMap((n) =>
      (n.queue as { queue_arn: string }[]).map((q) => queueOf(q.queue_arn, 'arn')),
    );
    expect(named.sort()).toEqual(Object.keys(queues).sort());
  });
});
