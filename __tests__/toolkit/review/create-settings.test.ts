import * as fs from 'fs';
import * as path from 'path';
import { CREATE_SETTINGS, createSettings } from '../../../packages/cli/toolkit/review/create-settings';
import { DATA_BEARING_TYPES } from '../../../packages/cli/toolkit/review/plan-summary';
import type { ResourceChange } from '../../../packages/cli/toolkit/review/plan-summary';
import { ROOT } from '../../support/root';

/*
 * What the plan summary shows of a create: the table of the settings a security reviewer reads,
 * per type (toolkit/review/create-settings.ts).
 */

const create = (
  type: string,
  after: Record<string, unknown>,
  unknown: Record<string, unknown> = {},
): ResourceChange => ({
  address: `${type}.it`,
  mode: 'managed',
  type,
  change: { actions: ['create'], before: null, after, after_unknown: unknown },
});

describe('CREATE_SETTINGS', () => {
  test.each(Object.entries(CREATE_SETTINGS))(
    '%s: every setting is an argument of the type in provider 5.100.0',
    (type, names) => {
      // The generated bindings of @cdktf/provider-aws 20.1.0 (hashicorp/aws 5.100.0): one folder per type.
      const binding = path.join(
        ROOT,
        'node_modules',
        '@cdktf',
        'provider-aws',
        'lib',
        type.replace(/^aws_/, '').replace(/_/g, '-'),
        'index.d.ts',
      );
      const text = fs.readFileSync(binding, 'utf8');
      for (const name of names) {
        const camel = name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
        expect([type, name, new RegExp(`readonly ${camel}\\??:`).test(text)]).toEqual([type, name, true]);
      }
    },
  );

  test('covers what holds or guards the evidence: every data-bearing type of the summary, recorders, policies', () => {
    // The types whose delete or replace the summary puts first (DATA_BEARING_TYPES): their creates
    // are what the reviewer approves the evidence on.
    for (const type of [
      ...DATA_BEARING_TYPES,
      'aws_config_configuration_recorder',
      'aws_organizations_policy_attachment',
    ])
      expect([type, Object.keys(CREATE_SETTINGS).includes(type)]).toEqual([type, true]);
  });
});

describe('createSettings', () => {
  test('name = value in the table order, unknown values said so, nulls and empty lists left out', () => {
    expect(
      createSettings(
        create(
          'aws_kms_key',
          { deletion_window_in_days: 30, enable_key_rotation: true, multi_region: null, key_usage: 'ENCRYPT_DECRYPT' },
          {},
        ),
      ),
    ).toEqual(['enable_key_rotation = true', 'deletion_window_in_days = 30', 'key_usage = "ENCRYPT_DECRYPT"']);
    expect(createSettings(create('aws_cloudtrail', { name: 't', kms_key_id: null }, { kms_key_id: true }))).toEqual([
      'name = "t"',
      'kms_key_id = (known after apply)',
    ]);
  });

  test('a long value is cut with its length; an update, a delete or an unlisted type shows nothing', () => {
    const rule = [{ id: 'x'.repeat(200) }];
    const [shown] = createSettings(create('aws_s3_bucket_lifecycle_configuration', { rule }));
    expect(shown).toMatch(/^rule = \[\{"id":"x+\.\.\. \(211 characters\)$/);
    const update: ResourceChange = {
      address: 'aws_kms_key.k',
      mode: 'managed',
      type: 'aws_kms_key',
      change: { actions: ['update'], before: { enable_key_rotation: false }, after: { enable_key_rotation: true } },
    };
    expect(createSettings(update)).toEqual([]);
    expect(createSettings(create('aws_cloudwatch_metric_alarm', { alarm_name: 'a' }))).toEqual([]);
  });
});
