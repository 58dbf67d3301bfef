import * as fs from 'fs';
import * as path from 'path';
import { AWS_CREATED_RESOURCES } from '../../modules/core/aws-created-resources';
import { awsFact } from '../../modules/core/aws-facts';
import { ROOT } from '../support/root';
import { item } from './aws-created-resources-fixtures';

/*
 * The inventory of what AWS makes for our stacks (modules/core/aws-created-resources.ts): every claim
 * rests on a fact of the catalog, every cause is a resource the stacks really synthesize, and each
 * item's removal and guardrail are what the facts say. The full example has every kind of cause.
 * The tests that read it synthesized whole (synthConfig) are in aws-created-resources.integration.test.ts.
 */

describe('the inventory', () => {
  test('ids are unique; every fact it names is in the catalog', () => {
    const ids = AWS_CREATED_RESOURCES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of AWS_CREATED_RESOURCES) {
      for (const id of [
        ...r.facts,
        ...r.removal.facts,
        ...(r.guardrail.fact === undefined ? [] : [r.guardrail.fact]),
      ]) {
        expect(awsFact(id).id).toBe(id);
      }
    }
  });

  test('each item is protected by AWS (a cited fact) or names its gap', () => {
    for (const r of AWS_CREATED_RESOURCES) {
      expect([r.id, r.guardrail.fact !== undefined || r.guardrail.gap !== undefined]).toEqual([r.id, true]);
    }
  });

  test('docs/guardrails.md and docs/decommission.md name every item', () => {
    for (const doc of ['guardrails.md', 'decommission.md']) {
      const text = fs.readFileSync(path.join(ROOT, 'docs', doc), 'utf8');
      for (const r of AWS_CREATED_RESOURCES)
        expect([doc, r.id, text.includes(`\`${r.id}\``)]).toEqual([doc, r.id, true]);
    }
  });
});

describe('Security Hub, made by the central configuration', () => {
  test('[securityhub-centrally-managed-only-administrator-configures] members need no SCP; the administrator is the gap', () => {
    const { guardrail } = item('organization-security-hub');
    expect(guardrail.fact).toBe('securityhub-centrally-managed-only-administrator-configures');
    expect(guardrail.gap).toContain("the audit account's administrators (Security Hub's administrator)");
  });
});

describe('CloudTrail and the service-linked roles', () => {
  test("[cloudtrail-organization-trail-members-cannot-change] AWS protects the members' view of the trail: no gap", () => {
    expect(item('organization-trail-in-members').guardrail).toEqual({
      protectedBy: 'AWS: a member account cannot change or delete it',
      fact: 'cloudtrail-organization-trail-members-cannot-change',
    });
  });

  test('[iam-service-linked-role-deletion-fails-while-used] every service-linked role is protected by AWS, none a gap', () => {
    const roles = AWS_CREATED_RESOURCES.filter((r) => r.id.endsWith('-service-linked-role'));
    expect(roles.map((r) => r.id)).toEqual([
      'config-multi-account-service-linked-role',
      'cloudtrail-service-linked-role',
      'security-hub-service-linked-role',
    ]);
    for (const r of roles) {
      expect(r.guardrail.gap).toBeUndefined();
      expect([
        'iam-service-linked-role-deletion-fails-while-used',
        'securityhub-service-linked-role-after-disabled-everywhere',
      ]).toContain(r.guardrail.fact);
    }
  });
});
