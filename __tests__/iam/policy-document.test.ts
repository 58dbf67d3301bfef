import { escapePolicyVariables, policyVariable, renderPolicy } from '../../modules/iam/policy-document';

describe('policy variables in rendered policies', () => {
  test('are escaped for Terraform, so that AWS receives ${aws:...} literally', () => {
    const rendered = renderPolicy([
      {
        Sid: 'Own',
        Effect: 'Allow',
        Action: 's3:PutObject',
        Resource: `arn:aws:s3:::b/${policyVariable('aws:SourceAccount')}/*`,
      },
    ]);
    expect(rendered).toContain('"arn:aws:s3:::b/$${aws:SourceAccount}/*"');
  });

  test('leave cdktf tokens and text without variables alone', () => {
    expect(escapePolicyVariables('{"K":"${TfToken[TOKEN.12]}","L":"$x{y}","M":"${aws:userid}"}')).toBe(
      '{"K":"${TfToken[TOKEN.12]}","L":"$x{y}","M":"$${aws:userid}"}',
    );
  });
});
