import * as path from 'path';

/** The repository root. Its own module, so that a test that needs only paths loads no stack. */
export const ROOT = path.resolve(__dirname, '..', '..');
