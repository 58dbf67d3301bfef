/**
 * Waits until `condition` holds, checking every 10 ms, and fails with `what` after `timeoutMs`.
 * Tests wait for an event this way, not for a fixed time: on a busy machine a child process or a
 * first request can take far longer to start than it does here.
 */
export async function waitUntil(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
