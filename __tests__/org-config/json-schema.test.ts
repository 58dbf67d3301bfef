import * as fs from 'fs';
import * as path from 'path';
import { configJsonSchema, configJsonSchemaText } from '../../modules/org-config/json-schema';
import { REGION_DENY_REGIONAL_SERVICES, regionDenyOpeningsSummary } from '../../modules/core/region-deny-exemptions';
import { ROOT } from '../support/root';

describe('audit-config.schema.json', () => {
  test('is up to date with the zod schema (run `npm run schema` to regenerate)', () => {
    expect(fs.readFileSync(path.join(ROOT, 'audit-config.schema.json'), 'utf8')).toBe(configJsonSchemaText());
  });

  test('rejects unknown keys, so editors flag typos', () => {
    const schema = configJsonSchema() as {
      additionalProperties: boolean;
      properties: Record<string, { additionalProperties?: boolean }>;
    };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.trail.additionalProperties).toBe(false);
  });

  test('requires only what has no default', () => {
    expect((configJsonSchema() as { required: string[] }).required.sort()).toEqual([
      'governedRegions',
      'homeRegion',
      'logArchive',
      'organization',
    ]);
  });

  test('lists the Regions and the control ids for completion', () => {
    const schema = configJsonSchema() as { properties: Record<string, any> };
    expect(schema.properties.homeRegion.enum).toContain('eu-west-1');
    expect(schema.properties.alarms.properties.controls.anyOf[1].items.enum).toContain('root-account-usage');
  });

  test('guardrails.denyOtherRegions names the Regional services it leaves open instead of claiming every Region closed', () => {
    const schema = configJsonSchema() as { properties: Record<string, any> };
    const text: string = schema.properties.guardrails.properties.denyOtherRegions.description;
    expect(text).not.toContain('no account can use a Region nobody records');
    expect(text).toContain(regionDenyOpeningsSummary());
    for (const { service } of REGION_DENY_REGIONAL_SERVICES) expect(text).toContain(service);
    expect(text).toContain('"control-tower"');
  });
});
