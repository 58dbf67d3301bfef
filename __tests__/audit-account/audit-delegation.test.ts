import { AuditDelegation, AuditDelegationProps } from '../../modules/audit-account';
import { AUDIT, MANAGEMENT, ORGANIZATION, synth } from '../support/audit-account-stacks';

describe('AuditDelegation', () => {
  const withDelegation = (props: Partial<AuditDelegationProps> = {}) =>
    synth(
      (stack) =>
        new AuditDelegation(stack, 'delegation', { auditAccountId: AUDIT, organizationId: ORGANIZATION, ...props }),
      MANAGEMENT,
    );

  test('registers the audit account for both AWS Config principals and as Security Hub administrator, each after its checks', () => {
    const json = withDelegation();
    expect(
      (Object.values(json.resource.aws_organizations_delegated_administrator) as any[]).map((d) => [
        d.account_id,
        d.service_principal,
      ]),
    ).toEqual([
      [AUDIT, 'config-multiaccountsetup.amazonaws.com'],
      [AUDIT, 'config.amazonaws.com'],
    ]);
    const hub = Object.values(json.resource.aws_securityhub_organization_admin_account)[0] as any;
    expect(hub.admin_account_id).toBe(AUDIT);
    expect(hub.lifecycle.precondition.map((p: { error_message: string }) => p.error_message)).toEqual([
      expect.stringContaining(`organization.id ${ORGANIZATION}`),
      expect.stringContaining(`The audit account ${AUDIT} is the organization's management account`),
      expect.stringContaining(
        'enable-aws-service-access --service-principal securityhub.amazonaws.com, from the management account',
      ),
    ]);
  });

  test('delegates one service alone, and refuses to delegate nothing', () => {
    const json = withDelegation({ securityHub: false });
    expect(json.resource.aws_securityhub_organization_admin_account).toBeUndefined();
    expect(Object.keys(json.resource.aws_organizations_delegated_administrator)).toHaveLength(2);
    expect(() => withDelegation({ config: false, securityHub: false })).toThrow('nothing to delegate');
    expect(() => withDelegation({ auditAccountId: '5555' })).toThrow('props.auditAccountId');
  });
});
