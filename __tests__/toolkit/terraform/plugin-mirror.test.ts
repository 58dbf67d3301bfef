import * as fs from 'fs';
import * as path from 'path';
import { findPluginMirror, impliedMirrorDirs } from '../../../packages/cli/toolkit/terraform/plugin-mirror';
import { tempDir } from '../../support/temp';

/** A folder laid out as `terraform providers mirror` writes it, holding hashicorp/aws. */
function mirrorWithAws(): string {
  const dir = tempDir('mirror');
  fs.mkdirSync(path.join(dir, 'registry.terraform.io', 'hashicorp', 'aws'), { recursive: true });
  return dir;
}

describe('findPluginMirror', () => {
  const home = () => tempDir('home');
  const none = () => tempDir('no-mirror');

  test('TF_PLUGIN_MIRROR comes first', () => {
    const asked = mirrorWithAws();
    expect(findPluginMirror({ env: { TF_PLUGIN_MIRROR: asked }, home: home(), ciMirror: mirrorWithAws() })).toEqual({
      dir: asked,
      from: 'TF_PLUGIN_MIRROR',
    });
  });

  test('a TF_PLUGIN_MIRROR without the provider is an error that names it and the fix', () => {
    const empty = none();
    expect(() => findPluginMirror({ env: { TF_PLUGIN_MIRROR: empty }, home: home() })).toThrow(
      `TF_PLUGIN_MIRROR=${empty} holds no registry.terraform.io/hashicorp/aws; point it at a directory made by \`terraform providers mirror\``,
    );
  });

  test("then Terraform's own implied mirror directories, in Terraform's order", () => {
    const user = home();
    const data = tempDir('xdg');
    fs.mkdirSync(path.join(data, 'terraform', 'plugins', 'registry.terraform.io', 'hashicorp', 'aws'), {
      recursive: true,
    });
    const env = { XDG_DATA_DIRS: data };
    expect(findPluginMirror({ env, home: user, ciMirror: mirrorWithAws() })).toEqual({
      dir: path.join(data, 'terraform', 'plugins'),
      from: 'terraform',
    });
    fs.mkdirSync(path.join(user, '.terraform.d', 'plugins', 'registry.terraform.io', 'hashicorp', 'aws'), {
      recursive: true,
    });
    expect(findPluginMirror({ env, home: user })).toEqual({
      dir: path.join(user, '.terraform.d', 'plugins'),
      from: 'terraform',
    });
  });

  test('then the mirror CI knows, and otherwise none: Terraform installs the provider itself', () => {
    const ci = mirrorWithAws();
    const env = { XDG_DATA_DIRS: none(), XDG_DATA_HOME: none() };
    expect(findPluginMirror({ env, home: home(), ciMirror: ci })).toEqual({ dir: ci, from: 'ci' });
    expect(findPluginMirror({ env, home: home(), ciMirror: none() })).toBeUndefined();
  });

  test('the implied directories are those Terraform documents for Linux', () => {
    expect(impliedMirrorDirs({}, '/home/u')).toEqual([
      '/home/u/.terraform.d/plugins',
      '/home/u/.local/share/terraform/plugins',
      '/usr/local/share/terraform/plugins',
      '/usr/share/terraform/plugins',
    ]);
  });
});
