import { RESOURCE_ACTIONS } from '../../packages/cli/toolkit/deploy-role/resource-actions';
import { coveredServices } from '../../modules/catalogs/evasion-api-coverage';
import {
  PROVIDER_SERVICE_ALIASES,
  UNGUARDED_PATH_SERVICES,
  UNWATCHED_PATH_SERVICES,
} from '../../modules/catalogs/evidence-path-services';
import { preventionServices } from '../../modules/catalogs/prevention-api-coverage';
import { readRepoFile } from '../support/docs';

/*
 * The walk of every hop our evidence and alerts travel (modules/catalogs/evidence-path-services.ts):
 * each Terraform type the stacks synthesize, by the service whose package in the provider's code
 * holds it (RESOURCE_ACTIONS: the deploy role's derivation fails on a synthesized type the table
 * lacks), is placed by the prevention record or named unguarded with its reason, and watched by the
 * detections' coverage or named unwatched with its reason.
 */

/** The botocore service of a hop: the provider's package of its type, under botocore's name. */
function serviceOf(type: string, source: string): string {
  const match = /^internal\/service\/([a-z0-9]+)\//.exec(source);
  if (match === null) throw new Error(`${type}: its source ${source} names no service package`);
  return PROVIDER_SERVICE_ALIASES[match[1]] ?? match[1];
}

/** Every service a hop runs through, with the types of ours that run through it. */
const WALK = new Map<string, string[]>();
for (const [type, row] of Object.entries(RESOURCE_ACTIONS)) {
  const service = serviceOf(type, row.source);
  WALK.set(service, [...(WALK.get(service) ?? []), type]);
}

const walked = [...WALK.keys()].sort();

describe('the walk of every hop our evidence and alerts travel', () => {
  test('reads a hop from every synthesized type, and names the services of the paths it must', () => {
    expect(Object.keys(RESOURCE_ACTIONS).length).toBeGreaterThan(50);
    // The source, the archive, the alarms to the person, the findings, the readers.
    for (const service of [
      'cloudtrail',
      'config',
      's3',
      'kms',
      'logs',
      'cloudwatch',
      'sns',
      'events',
      'athena',
      'glue',
    ])
      expect(walked).toContain(service);
    expect(WALK.get('config')).toContain('aws_config_configuration_recorder');
  });

  test('every service on a path is placed by the prevention record, or named unguarded with its reason', () => {
    const placed = preventionServices();
    const unplaced = walked.filter(
      (service) => !placed.includes(service) && UNGUARDED_PATH_SERVICES[service] === undefined,
    );
    expect(unplaced.map((service) => `${service} (${(WALK.get(service) ?? []).join(', ')})`)).toEqual([]);
  });

  test('every service on a path is watched by the detections, or named unwatched with its reason', () => {
    const watched = coveredServices();
    const unwatched = walked.filter(
      (service) => !watched.includes(service) && UNWATCHED_PATH_SERVICES[service] === undefined,
    );
    expect(unwatched.map((service) => `${service} (${(WALK.get(service) ?? []).join(', ')})`)).toEqual([]);
  });

  test('each omission is of a service on a path that its record does not place, with a reason', () => {
    const stale = (names: Record<string, string>, placed: readonly string[]) =>
      Object.entries(names)
        .filter(([service, reason]) => !walked.includes(service) || placed.includes(service) || reason.length < 40)
        .map(([service]) => service);
    expect(stale(UNGUARDED_PATH_SERVICES, preventionServices())).toEqual([]);
    expect(stale(UNWATCHED_PATH_SERVICES, coveredServices())).toEqual([]);
  });

  test('a gap named in an unwatched reason is named in docs/detections.md', () => {
    const gaps = Object.entries(UNWATCHED_PATH_SERVICES).filter(([, reason]) => reason.includes('a gap'));
    expect(gaps.length).toBeGreaterThan(0);
    const doc = readRepoFile('docs/detections.md');
    for (const [service] of gaps) expect([service, doc.includes(`\`${service}\``)]).toEqual([service, true]);
  });

  test('given a type of a service neither record places, then the walk names it with its type', () => {
    const source = 'internal/service/lambda/function.go';
    expect(serviceOf('aws_lambda_function', source)).toBe('lambda');
    expect(preventionServices()).not.toContain('lambda');
    expect(UNGUARDED_PATH_SERVICES.lambda).toBeUndefined();
    expect(serviceOf('aws_config_config_rule', 'internal/service/configservice/config_rule.go')).toBe('config');
    expect(() => serviceOf('aws_x', 'somewhere/else.go')).toThrow(
      'aws_x: its source somewhere/else.go names no service package',
    );
  });
});
