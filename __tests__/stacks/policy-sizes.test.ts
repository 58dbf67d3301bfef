import { Testing } from 'cdktf';
import { AWS_DOCUMENT_LIMITS, documentSizes, DocumentSize } from '../../modules/core/aws-limits';
import { GuardrailsStack } from '../../stacks/guardrails';
import { LogArchiveStack } from '../../stacks/log-archive';
import { MemberStack } from '../../stacks/member';
import { OrganizationStack } from '../../stacks/organization';
import { configWithAccounts } from '../analytics/large-config';
import { synthJson } from '../support/stack-json';

/*
 * Every document AWS limits stays under its limit at 1000 accounts (all of them with every member
 * feature, plus accounts outside the organization with their own trails, plus readers), and the
 * documents that members write into do not grow with the number of accounts in the organization.
 */
type Sized = Record<string, any>;
const synth = (stack: LogArchiveStack | OrganizationStack | GuardrailsStack | MemberStack): Sized => synthJson(stack);

function sizesFor(members: number, outside: number): DocumentSize[] {
  const config = configWithAccounts(members, { outside, allFeatures: true, readers: 5 });
  const app = Testing.app();
  const stacks = [
    new LogArchiveStack(app, config),
    new OrganizationStack(app, config),
    new GuardrailsStack(app, config),
    new MemberStack(app, config, config.members[0]),
    new MemberStack(app, config, config.members[config.members.length - 1]),
  ];
  return stacks.flatMap((stack) =>
    documentSizes(synth(stack)).map((s) => ({ ...s, address: `${stack.node.id} ${s.address}` })),
  );
}

describe('AWS document limits at 1000 accounts', () => {
  const sizes = sizesFor(1000, 10);

  test('every policy and Glue table parameter is under its limit', () => {
    const over = sizes.filter((s) => s.size >= s.limit);
    expect(over).toEqual([]);
    // Each kind is measured (none silently missing from the walk).
    expect(new Set(sizes.map((s) => s.kind))).toEqual(new Set(Object.keys(AWS_DOCUMENT_LIMITS)));
  });

  test('bucket and key policies do not grow with the accounts inside the organization', () => {
    const small = sizesFor(10, 10);
    const policies = (list: DocumentSize[]) =>
      list
        .filter((s) => s.kind === 's3-bucket-policy' || s.kind === 'kms-key-policy')
        .map((s) => `${s.address} ${s.size}`)
        .sort();
    expect(policies(sizes)).toEqual(policies(small));
  });
});
