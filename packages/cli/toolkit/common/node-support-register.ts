/*
 * Loaded first (`node -r`) by the repository's long runs on moto (npm run local, npm run e2e): on a
 * Node.js past its end of life, one line for the whole run, and the AWS SDK quiet in it and in every
 * command it starts (they inherit the variable).
 */
import { unsupportedNodeNotice } from './node-support';

const notice = unsupportedNodeNotice();
if (notice !== undefined) process.stderr.write(`${notice}\n`);
