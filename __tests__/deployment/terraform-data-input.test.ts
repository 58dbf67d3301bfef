import * as childProcess from 'child_process';
import { DataResource, TerraformOutput, TerraformStack, Testing } from 'cdktf';
import { TerraformDataInput } from '../../modules/deployment/terraform-data-input';

describe('TerraformDataInput', () => {
  test("writes what cdktf's DataResource writes for the same input, and its output reads the same", () => {
    const ours = new TerraformStack(Testing.app(), 'ours');
    const input = new TerraformDataInput(ours, 'alias', { arn: 'arn:aws:kms:eu-west-1:222222222222:alias/audit-logs' });
    const theirs = new TerraformStack(Testing.app(), 'ours');
    const data = new DataResource(theirs, 'alias', {
      input: { arn: 'arn:aws:kms:eu-west-1:222222222222:alias/audit-logs' },
    });
    new TerraformOutput(ours, 'arn', { value: input.output.lookup('arn') });
    new TerraformOutput(theirs, 'arn', { value: data.output.lookup('arn') });
    expect(Testing.synth(ours)).toBe(Testing.synth(theirs));
    expect(Testing.synth(ours)).toContain('${terraform_data.alias.output[\\"arn\\"]}');
  });

  test("runs no process when the stack is validated: no check of the synthesizing machine's Terraform", () => {
    const stack = new TerraformStack(Testing.app(), 'stack');
    new TerraformDataInput(stack, 'alias', { arn: 'arn:aws:kms:eu-west-1:222222222222:alias/audit-logs' });
    const execSync = jest.spyOn(childProcess, 'execSync');
    try {
      expect(stack.node.findAll().flatMap((construct) => construct.node.validate())).toEqual([]);
      expect(execSync).not.toHaveBeenCalled();
      // DataResource's check would have run `terraform version`.
      new DataResource(stack, 'theirs', { input: {} });
      stack.node.findAll().flatMap((construct) => construct.node.validate());
      expect(execSync).toHaveBeenCalledWith(expect.stringMatching(/terraform version$/), expect.anything());
    } finally {
      execSync.mockRestore();
    }
  });
});
