import * as fs from 'fs';
import * as path from 'path';
import { planRoleOverride } from '../../../packages/cli/toolkit/terraform/plan-role';
import {
  defaultParallelism,
  expectedPeakMb,
  providerCount,
} from '../../../packages/cli/toolkit/terraform/stack-memory';
import { stackJson } from '../../support/fake-synth';
import { tempDir } from '../../support/temp';

describe('memory per stack', () => {
  test('the model of BENCHMARKS.md ("Plan memory per member stack"): 750 MB for terraform and one provider, 110 MB per further provider', () => {
    expect(expectedPeakMb(1)).toBe(750);
    expect(expectedPeakMb(17)).toBe(2510);
    const dir = tempDir('providers');
    fs.writeFileSync(
      path.join(dir, 'cdk.tf.json'),
      JSON.stringify(stackJson('member-a', { regions: ['eu-west-1', 'us-east-1', 'us-west-2'] })),
    );
    expect(providerCount(dir)).toBe(3);
  });

  test('the default parallelism: what fits in 80% of free memory, at most two per CPU, at least one', () => {
    expect(defaultParallelism(2460, { availableMb: 6000, cpus: 2 })).toBe(1);
    expect(defaultParallelism(2460, { availableMb: 16000, cpus: 4 })).toBe(5);
    expect(defaultParallelism(700, { availableMb: 20000, cpus: 2 })).toBe(4);
    expect(defaultParallelism(2460, { availableMb: 1000, cpus: 8 })).toBe(1);
  });
});

describe('read-only plan role', () => {
  test('every provider assumes the plan role of its own account; nothing else changes', () => {
    const json = stackJson('member-a', { account: '123456789012', regions: ['eu-west-1', 'us-east-1'] }) as {
      provider: { aws: object[] };
    };
    expect(planRoleOverride(json, 'AuditPlan')).toEqual({
      provider: {
        aws: [
          {
            assume_role: [
              { role_arn: 'arn:aws:iam::123456789012:role/AuditPlan', session_name: 'cdktf-audit-member-a' },
            ],
          },
          {
            alias: 'us-east-1',
            assume_role: [
              { role_arn: 'arn:aws:iam::123456789012:role/AuditPlan', session_name: 'cdktf-audit-member-a' },
            ],
          },
        ],
      },
    });
    expect(() => planRoleOverride({ provider: { aws: [{ alias: 'x' }] } }, 'AuditPlan')).toThrow(
      'provider aws.x assumes no role ARN; read-only plans need one',
    );
  });
});
