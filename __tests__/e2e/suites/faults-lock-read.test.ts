import type { S3Client } from '@aws-sdk/client-s3';
import { StepFailed } from '../../../e2e/harness/stack-runner';
import { objectExists } from '../../../e2e/suites/faults';

/*
 * e2e:faults reads the state lock through its fault proxy: only S3's 404 says the lock is absent. A
 * request the faults failed (a 503, a reset) is asked again, never taken for "no lock".
 */

/** An S3 client whose HeadObject answers each call with the next of `answers` (a status code). */
function s3Answering(...answers: number[]): { s3: S3Client; calls: () => number } {
  let calls = 0;
  const send = () => {
    const status = answers[Math.min(calls, answers.length - 1)];
    calls += 1;
    if (status === 200) return Promise.resolve({});
    return Promise.reject(Object.assign(new Error(`status ${status}`), { $metadata: { httpStatusCode: status } }));
  };
  return { s3: { send } as unknown as S3Client, calls: () => calls };
}

test('an object S3 answers for exists', async () => {
  await expect(objectExists(s3Answering(200).s3, 'k', 0)).resolves.toBe(true);
});

test("only S3's 404 means absent", async () => {
  await expect(objectExists(s3Answering(404).s3, 'k', 0)).resolves.toBe(false);
});

test('a request the faults failed is asked again, and its answer counts', async () => {
  const answering = s3Answering(503, 500, 200);
  await expect(objectExists(answering.s3, 'k', 0)).resolves.toBe(true);
  expect(answering.calls()).toBe(3);
});

test('five failed requests stop the step, naming the key, rather than reading "absent"', async () => {
  const answering = s3Answering(503);
  await expect(objectExists(answering.s3, 'stacks/x.tflock', 0)).rejects.toThrow(StepFailed);
  await expect(objectExists(s3Answering(503).s3, 'stacks/x.tflock', 0)).rejects.toThrow(
    /HeadObject stacks\/x\.tflock failed 5 times/,
  );
  expect(answering.calls()).toBe(5);
});
