import { TerraformAsset, AssetType, TerraformStack, Testing } from 'cdktf';
import * as fs from 'fs';
import * as path from 'path';
import { tempDir } from './temp';
import { waitUntil } from './wait';

// jest maps `archiver` to a stand-in that loads it on first use (lazy-archiver.js): an asset
// cdktf zips still gets a real archive.
test('an archive asset still synthesizes a zip under the lazily loaded archiver', async () => {
  const source = tempDir('asset.');
  fs.writeFileSync(path.join(source, 'handler.py'), 'def handler(event, context):\n    return event\n');
  const app = Testing.app();
  const stack = new TerraformStack(app, 'assets');
  const asset = new TerraformAsset(stack, 'code', { path: source, type: AssetType.ARCHIVE });
  app.synth();
  const zip = path.join(app.outdir, 'stacks', 'assets', asset.path);
  // cdktf writes the archive as a stream: wait for its first bytes.
  await waitUntil(() => fs.existsSync(zip) && fs.statSync(zip).size > 0, `the zip ${zip}`, 5_000);
  expect(fs.readFileSync(zip).subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
});
