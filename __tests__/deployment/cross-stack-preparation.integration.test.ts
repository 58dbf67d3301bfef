import * as fs from 'fs';
import { DataAwsAvailabilityZones } from '@cdktf/provider-aws/lib/data-aws-availability-zones';
import { DataAwsEc2InstanceType } from '@cdktf/provider-aws/lib/data-aws-ec2-instance-type';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, Aspects, Fn, Lazy, TerraformOutput, TerraformStack, Token, Tokenization } from 'cdktf';
import { AccountAwsProvider } from '../../modules/deployment/account-aws-provider';
import { AccountStack } from '../../modules/deployment/account-stack';
import { largeConfigInput } from '../analytics/large-config';
import { parseConfig } from '../../modules/org-config/load';
import { OrgConfig } from '../../modules/org-config/schema';
import { fileTexts, shippedConfig, SHIPPED_CONFIGS, synthConfig, tempDir } from '../support/synth';

/*
 * AccountStack.prepareStack() and toTerraform() replace cdktf's preparing pass and its Terraform
 * JSON with ones that resolve only what may hold a token, and AccountAwsProvider drops its unset
 * arguments before cdktf converts them. These tests hold them to cdktf's own: the same files for
 * every shipped config, and the same cross-stack outputs and remote state when stacks reference
 * each other.
 */

/** Runs `build` with cdktf's own preparing pass, Terraform JSON and provider arguments in place of ours. */
function withCdktfPreparation<T>(build: () => T): T {
  const spies = [
    jest.spyOn(AccountStack.prototype, 'prepareStack').mockImplementation(function (this: AccountStack) {
      TerraformStack.prototype.prepareStack.call(this);
    }),
    jest.spyOn(AccountStack.prototype, 'toTerraform').mockImplementation(function (this: AccountStack) {
      return TerraformStack.prototype.toTerraform.call(this);
    }),
    jest.spyOn(AccountAwsProvider.prototype as any, 'synthesizeAttributes').mockImplementation(function (
      this: AccountAwsProvider,
    ) {
      return (AwsProvider.prototype as any).synthesizeAttributes.call(this);
    }),
  ];
  try {
    return build();
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

/** Synthesizes `config` with AccountStack's pass and with cdktf's; returns both trees. */
function bothPasses(config: OrgConfig): { ours: Record<string, string>; cdktf: Record<string, string> } {
  const ours = tempDir('prepare-ours');
  const cdktf = tempDir('prepare-cdktf');
  try {
    synthConfig(config, ours);
    withCdktfPreparation(() => synthConfig(config, cdktf));
    return { ours: fileTexts(ours), cdktf: fileTexts(cdktf) };
  } finally {
    fs.rmSync(ours, { recursive: true, force: true });
    fs.rmSync(cdktf, { recursive: true, force: true });
  }
}

describe('AccountStack preparation and Terraform JSON', () => {
  const configs: [string, () => OrgConfig][] = [
    ...[...SHIPPED_CONFIGS, 'examples/e2e.config.json'].map((file): [string, () => OrgConfig] => [
      file,
      () => shippedConfig(file),
    ]),
    // Every feature on, in fewer accounts than a real organization: each member stack is built by
    // the same code, and cdktf's pass (the slow one AccountStack replaces) grows with the count.
    [
      '3 members with every feature, 1 outside',
      () => parseConfig(JSON.stringify(largeConfigInput(3, { outside: 1, allFeatures: true, readers: 2 }))),
    ],
  ];

  test.each(configs)('writes the same files as cdktf’s passes: %s', (_name, config) => {
    const { ours, cdktf } = bothPasses(config());
    expect(Object.keys(ours).length).toBeGreaterThan(2);
    expect(ours).toEqual(cdktf);
  });

  /**
   * Two account stacks, the second using the first's attributes in every shape a token takes: a
   * string, a number, a number inside a string, a list, a list inside an array, a map, a map key,
   * a string among plain strings, and a lazy value and function call that produce a reference.
   */
  function crossReferencingApp(outdir: string): App {
    const app = new App({ outdir });
    const source = new AccountStack(app, 'source', { accountId: '111111111111', region: 'eu-west-1' });
    const queue = new SqsQueue(source, 'queue', { name: 'source' });
    const zones = new DataAwsAvailabilityZones(source, 'zones', {});
    const instanceType = new DataAwsEc2InstanceType(source, 'type', { instanceType: 't3.micro' });

    const user = new AccountStack(app, 'user', { accountId: '222222222222', region: 'eu-west-1' });
    new SqsQueue(user, 'queue', {
      name: queue.name,
      delaySeconds: queue.delaySeconds,
      tags: { [queue.id]: 'key' },
    });
    new TerraformOutput(user, 'size', { value: `at most ${queue.maxMessageSize} bytes` });
    new SqsQueue(user, 'tagged', { name: 'tagged', tags: queue.tagsAll });
    new TerraformOutput(user, 'zones', { value: zones.names });
    new TerraformOutput(user, 'mixed', { value: ['plain', queue.arn, 'plain'] });
    new TerraformOutput(user, 'nested', { value: [zones.zoneIds, 'plain'] });
    new TerraformOutput(user, 'cores', { value: instanceType.validCores });
    new TerraformOutput(user, 'lazy', { value: Lazy.stringValue({ produce: () => queue.url }) });
    new TerraformOutput(user, 'function', { value: Fn.upper(queue.redrivePolicy) });
    return app;
  }

  test('registers the same cross-stack outputs and remote state as cdktf’s pass', () => {
    const oursDir = tempDir('cross-ours');
    const cdktfDir = tempDir('cross-cdktf');
    try {
      crossReferencingApp(oursDir).synth();
      withCdktfPreparation(() => crossReferencingApp(cdktfDir).synth());
      const ours = fileTexts(oursDir);
      expect(ours).toEqual(fileTexts(cdktfDir));

      const source = JSON.parse(ours['stacks/source/cdk.tf.json']) as Record<string, any>;
      const user = JSON.parse(ours['stacks/user/cdk.tf.json']) as Record<string, any>;
      // One output per attribute used across: name, delay, id, max size, tags, names, arn, zone ids,
      // valid cores, url, redrive policy.
      expect(Object.keys(source.output)).toHaveLength(11);
      expect(Object.keys(user.data.terraform_remote_state)).toHaveLength(1);
      expect(JSON.stringify(user.resource)).not.toContain('aws_sqs_queue.queue');
    } finally {
      fs.rmSync(oursDir, { recursive: true, force: true });
      fs.rmSync(cdktfDir, { recursive: true, force: true });
    }
  });

  test('hands the resolver only values that hold a token', () => {
    const dir = tempDir('prepare-spy');
    const resolve = jest.spyOn(Tokenization, 'resolve');
    try {
      const app = crossReferencingApp(dir);
      for (const stack of app.node.children as AccountStack[]) stack.prepareStack();
      const resolved = resolve.mock.calls.map(([value]) => value);
      expect(resolved.length).toBeGreaterThan(5);
      for (const value of resolved) {
        const holdsToken =
          Token.isUnresolved(value) || /TfToken\[|e\+\d/.test(JSON.stringify(value) ?? '') || Array.isArray(value);
        expect({ value, holdsToken }).toEqual({ value, holdsToken: true });
      }
    } finally {
      resolve.mockRestore();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  /** The files `build`'s app synthesizes to, through our passes or, `likeCdktf`, cdktf's own. */
  function synthesizedTree(likeCdktf: boolean, build: (app: App) => void): Record<string, string> {
    const dir = tempDir('json-tree');
    try {
      const app = new App({ outdir: dir });
      build(app);
      if (likeCdktf) withCdktfPreparation(() => app.synth());
      else app.synth();
      return fileTexts(dir);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  /** The error `build`'s app fails to synthesize with (token numbers made alike), or 'no error'. */
  function synthFailure(likeCdktf: boolean, build: (app: App) => void): string {
    try {
      synthesizedTree(likeCdktf, build);
      return 'no error';
    } catch (error) {
      return String(error).replace(/TOKEN\.\d+/g, 'TOKEN.n');
    }
  }

  test('a misused list token fails with cdktf’s own error, as in cdktf’s pass', () => {
    const build = (app: App): void => {
      const source = new AccountStack(app, 'source', { accountId: '111111111111', region: 'eu-west-1' });
      const zones = new DataAwsAvailabilityZones(source, 'zones', {});
      const user = new AccountStack(app, 'user', { accountId: '222222222222', region: 'eu-west-1' });
      // A list token spread into an array: cdktf asks for Fn.concat instead.
      new TerraformOutput(user, 'spread', { value: [...zones.names, 'plain'] });
    };
    const ours = synthFailure(false, build);
    expect(ours).toContain('Cannot add elements to list token');
    expect(ours).toEqual(synthFailure(true, build));
  });

  test('a map token’s placeholder misused as a plain value fails with cdktf’s own error', () => {
    for (const value of [Token.STRING_MAP_TOKEN_VALUE, Token.ANY_MAP_TOKEN_VALUE, Token.NUMBER_MAP_TOKEN_VALUE]) {
      const build = (app: App): void => {
        const stack = new AccountStack(app, 'placeholder', { accountId: '111111111111', region: 'eu-west-1' });
        new TerraformOutput(stack, 'misused', { value });
      };
      const ours = synthFailure(false, build);
      expect(ours).toContain('map token');
      expect(ours).toEqual(synthFailure(true, build));
    }
  });

  test('a stack with its own override, a provider alias and values cdktf drops are written as cdktf writes them', () => {
    const build = (app: App): void => {
      const stack = new AccountStack(app, 'overridden', { accountId: '111111111111', region: 'eu-west-1' });
      const queue = new SqsQueue(stack, 'queue', { name: 'q', provider: stack.providerForRegion('us-east-1') });
      new TerraformOutput(stack, 'arn', { value: queue.arn });
      // undefined members and elements are dropped; empty objects and arrays are kept.
      new TerraformOutput(stack, 'shapes', {
        value: { gone: undefined, list: [1, undefined, 'a'], empty: {}, none: [] },
      });
      stack.addOverride('terraform.required_version', '>= 1.5');
      stack.addOverride('output.arn.description', queue.name);
      const plain = new AccountStack(app, 'plain', { accountId: '222222222222', region: 'eu-west-1' });
      new TerraformOutput(plain, 'shapes', {
        value: { gone: undefined, list: [1, undefined, 'a'], empty: {}, none: [] },
      });
    };
    const ours = synthesizedTree(false, build);
    expect(ours).toEqual(synthesizedTree(true, build));
    const overridden = JSON.parse(ours['stacks/overridden/cdk.tf.json']) as Record<string, any>;
    expect(overridden.terraform.required_version).toBe('>= 1.5');
    expect(overridden.output.arn.description).toBe('${aws_sqs_queue.queue.name}');
    const plain = JSON.parse(ours['stacks/plain/cdk.tf.json']) as Record<string, any>;
    expect(plain.output.shapes.value).toEqual({ list: [1, 'a'], empty: {}, none: [] });
  });

  test('an aspect that changes an element after preparation is written as cdktf writes it', () => {
    const build = (app: App): void => {
      const stack = new AccountStack(app, 'aspect', { accountId: '111111111111', region: 'eu-west-1' });
      const queue = new SqsQueue(stack, 'queue', { name: 'before' });
      // cdktf runs aspects after every stack is prepared, before the stack is written.
      Aspects.of(stack).add({
        visit: (node) => {
          if (node === queue) queue.name = 'after';
        },
      });
    };
    const ours = synthesizedTree(false, build);
    expect(ours).toEqual(synthesizedTree(true, build));
    expect(JSON.parse(ours['stacks/aspect/cdk.tf.json']).resource.aws_sqs_queue.queue.name).toBe('after');
  });
});
