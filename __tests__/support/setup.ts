import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdktf';
// The matcher types (toHaveResourceWithProperties, ...) for every test file.
import 'cdktf/lib/testing/adapters/jest';
import { removeAfterFile } from './temp';

Testing.setupJest();

// Testing.app (and synthScope, which calls it) makes an output directory in the temp dir that
// nothing removes: the same directory, removed when the test file ends.
const app = Testing.app.bind(Testing);
Testing.app = (options = {}) =>
  app({
    ...options,
    outdir: options.outdir || removeAfterFile(fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf.outdir.'))),
  });
