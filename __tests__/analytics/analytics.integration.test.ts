import * as path from 'path';
import { App } from 'cdktf';
import { LogArchiveStack } from '../../stacks/log-archive';
import { Terraform } from '../../packages/cli/toolkit/terraform/terraform';
import { tempDir } from '../support/synth';
import { enumConfigOf300Accounts } from './analytics-fixtures';

/* The tests of analytics.test.ts that run Terraform. */

describe('a config with 300 accounts and 17 Regions', () => {
  const big = enumConfigOf300Accounts();

  test('and terraform validates its log-archive stack', async () => {
    const outdir = tempDir('analytics-300');
    const app = new App({ outdir });
    new LogArchiveStack(app, big);
    app.synth();
    const result = await Terraform.find().validateAsync(path.join(outdir, 'stacks', 'log-archive'), {
      timeoutSeconds: 300,
    });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});
