import * as path from 'path';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { ClientConfig, MotoAccount } from '../../../e2e/harness/aws';
import { MotoServer, startMoto } from '../../../e2e/harness/moto';
import { createOrganization } from '../../../e2e/harness/setup';
import { sendSigned, type SignedAnswer } from '../../support/signed-request';
import { tempDir } from '../../support/synth';

/*
 * e2e/harness/moto_oam_apis.py: the harness's moto answers CloudWatch Observability Access Manager
 * (items 30 and 31 of moto_server.py) as the OAM API reference describes it: one sink per account and
 * Region, a sink policy evaluated when a source account links (aws:PrincipalOrgID against moto's
 * organizations, ForAllValues oam:ResourceTypes), links only within a Region, no sink deletion while
 * links are attached, labels resolved from the account's name, tags on sinks and links, and every
 * request checked against botocore's model first (aws_model_check.py). There is no OAM client in the
 * toolkit's dependencies, so the requests are signed here with SigV4, as the AWS provider signs them.
 */

jest.setTimeout(60_000);

const REGION = 'eu-west-1';
const OTHER_REGION = 'us-east-1';
const MANAGEMENT = '330000000000';
const MONITORING = '330000000001';
const PAYMENTS = '330000000002';
const OUTSIDER = '330000000009';
const LOGS = 'AWS::Logs::LogGroup';
const METRICS = 'AWS::CloudWatch::Metric';

let moto: MotoServer;
let organizationId: string;
const accounts = new Map<string, MotoAccount>();

type Answer = SignedAnswer;

/** One OAM request of `account` in `region`, signed for the service `oam` (what routes it to the harness's OAM). */
async function oam(
  account: string,
  region: string,
  method: string,
  requestPath: string,
  body?: object,
  query: Record<string, string | string[]> = {},
): Promise<Answer> {
  const config: ClientConfig = await (accounts.get(account) as MotoAccount).client(region);
  return sendSigned(moto.endpoint, config, { service: 'oam', region, method, path: requestPath, body, query });
}

/** POST /<Operation> with a JSON body: every OAM operation but the tag ones (botocore's model, `http`). */
const call = (account: string, region: string, operation: string, input: object = {}) =>
  oam(account, region, 'POST', `/${operation}`, input);

/** The answer of a call that must succeed. */
async function ok(answer: Promise<Answer>): Promise<any> {
  const found = await answer;
  if (found.status !== 200) throw new Error(`HTTP ${found.status} ${found.error}: ${JSON.stringify(found.body)}`);
  return found.body;
}

const tagsPath = (arn: string) => `/tags/${encodeURIComponent(arn)}`;

/** The organization sink policy of AWS::Oam::Sink's example: the organization, and only the listed types. */
const organizationPolicy = (types: string[]) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: '*',
        Resource: '*',
        Action: ['oam:CreateLink', 'oam:UpdateLink'],
        Condition: {
          StringEquals: { 'aws:PrincipalOrgID': organizationId },
          'ForAllValues:StringEquals': { 'oam:ResourceTypes': types },
        },
      },
    ],
  });

beforeAll(async () => {
  moto = await startMoto(path.join(tempDir('moto-oam-'), 'moto.log'));
  for (const account of [MANAGEMENT, MONITORING, PAYMENTS, OUTSIDER]) {
    accounts.set(
      account,
      new MotoAccount(moto.endpoint, account, `arn:aws:iam::${account}:role/OrganizationAccountAccessRole`),
    );
  }
  const organizations = new OrganizationsClient(await (accounts.get(MANAGEMENT) as MotoAccount).client(REGION));
  organizationId = (
    await createOrganization(organizations, {
      accounts: [
        { name: 'monitoring', id: MONITORING },
        { name: 'payments', id: PAYMENTS },
      ],
      emailDomain: 'example.com',
    })
  ).organizationId;
});

afterAll(async () => {
  // The refusals below are what these tests make: the model check's exit code is not for them.
  await moto?.stop({ quiet: true });
});

let sinkArn: string;
let otherRegionSinkArn: string;
let linkArn: string;

test('one sink per account and Region: a second sink in the Region is refused, another Region has its own', async () => {
  const sink = await ok(call(MONITORING, REGION, 'CreateSink', { Name: 'monitoring', Tags: { team: 'platform' } }));
  expect(sink.Arn).toMatch(new RegExp(`^arn:aws:oam:${REGION}:${MONITORING}:sink/${sink.Id}$`));
  expect(sink.Tags).toEqual({ team: 'platform' });
  sinkArn = sink.Arn;
  const second = await call(MONITORING, REGION, 'CreateSink', { Name: 'another' });
  expect([second.status, second.error]).toEqual([409, 'ConflictException']);
  otherRegionSinkArn = (await ok(call(MONITORING, OTHER_REGION, 'CreateSink', { Name: 'monitoring' }))).Arn;
  expect(otherRegionSinkArn).toContain(`:oam:${OTHER_REGION}:${MONITORING}:sink/`);

  expect((await ok(call(MONITORING, REGION, 'ListSinks'))).Items).toEqual([
    { Arn: sinkArn, Id: sink.Id, Name: 'monitoring' },
  ]);
  // GetSink answers the tags only when asked (IncludeTags, default false), as the provider reads them.
  expect(await ok(call(MONITORING, REGION, 'GetSink', { Identifier: sinkArn }))).toEqual({
    Arn: sinkArn,
    Id: sink.Id,
    Name: 'monitoring',
  });
  const unknown = await call(MONITORING, REGION, 'GetSink', { Identifier: `${sinkArn.slice(0, -4)}0000` });
  expect([unknown.status, unknown.error]).toEqual([404, 'ResourceNotFoundException']);
});

test('PutSinkPolicy replaces the whole policy; GetSinkPolicy answers it with the sink', async () => {
  await ok(
    call(MONITORING, REGION, 'PutSinkPolicy', { SinkIdentifier: sinkArn, Policy: organizationPolicy([METRICS]) }),
  );
  const put = await ok(
    call(MONITORING, REGION, 'PutSinkPolicy', { SinkIdentifier: sinkArn, Policy: organizationPolicy([LOGS]) }),
  );
  expect(put).toEqual({ SinkArn: sinkArn, SinkId: sinkArn.split('/')[1], Policy: organizationPolicy([LOGS]) });
  expect(await ok(call(MONITORING, REGION, 'GetSinkPolicy', { SinkIdentifier: sinkArn }))).toEqual(put);
});

test('an organization member links its log groups under the organization policy, labelled with its account name', async () => {
  const link = await ok(
    call(PAYMENTS, REGION, 'CreateLink', {
      SinkIdentifier: sinkArn,
      ResourceTypes: [LOGS],
      LabelTemplate: '$AccountName',
      LinkConfiguration: { LogGroupConfiguration: { Filter: "LogGroupName LIKE 'aws/lambda/%'" } },
      Tags: { team: 'payments' },
    }),
  );
  linkArn = link.Arn;
  expect(link).toEqual({
    Arn: expect.stringMatching(new RegExp(`^arn:aws:oam:${REGION}:${PAYMENTS}:link/${link.Id}$`)),
    Id: link.Id,
    Label: 'payments',
    LabelTemplate: '$AccountName',
    ResourceTypes: [LOGS],
    SinkArn: sinkArn,
    LinkConfiguration: { LogGroupConfiguration: { Filter: "LogGroupName LIKE 'aws/lambda/%'" } },
    Tags: { team: 'payments' },
  });
  // GetLink answers the tags only when asked (IncludeTags), as GetSink does.
  const read = { ...link };
  delete read.Tags;
  expect(await ok(call(PAYMENTS, REGION, 'GetLink', { Identifier: linkArn }))).toEqual(read);
  expect((await ok(call(PAYMENTS, REGION, 'ListLinks'))).Items).toEqual([
    { Arn: linkArn, Id: link.Id, Label: 'payments', ResourceTypes: [LOGS], SinkArn: sinkArn },
  ]);
  expect((await ok(call(MONITORING, REGION, 'ListAttachedLinks', { SinkIdentifier: sinkArn }))).Items).toEqual([
    { Label: 'payments', LinkArn: linkArn, ResourceTypes: [LOGS] },
  ]);
  const again = await call(PAYMENTS, REGION, 'CreateLink', {
    SinkIdentifier: sinkArn,
    ResourceTypes: [LOGS],
    LabelTemplate: '$AccountName',
  });
  expect([again.status, again.error]).toEqual([409, 'ConflictException']);

  // UpdateLink is evaluated against the policy too; a filter of "*" deletes the filter.
  const updated = await ok(
    call(PAYMENTS, REGION, 'UpdateLink', {
      Identifier: linkArn,
      ResourceTypes: [LOGS],
      LinkConfiguration: { LogGroupConfiguration: { Filter: '*' } },
    }),
  );
  expect(updated.LinkConfiguration).toBeUndefined();
  const widened = await call(PAYMENTS, REGION, 'UpdateLink', { Identifier: linkArn, ResourceTypes: [LOGS, METRICS] });
  expect([widened.status, widened.error]).toEqual([403, 'AccessDeniedException']);
  expect(widened.body.message).toContain('oam:UpdateLink');
});

test('an account outside the organization is refused (AccessDeniedException) until a statement names it', async () => {
  const input = { SinkIdentifier: sinkArn, ResourceTypes: [LOGS], LabelTemplate: '$AccountName' };
  const refused = await call(OUTSIDER, REGION, 'CreateLink', input);
  expect([refused.status, refused.error]).toEqual([403, 'AccessDeniedException']);
  expect(refused.body.message).toContain(`arn:aws:iam::${OUTSIDER}:root is not authorized to perform: oam:CreateLink`);

  const policy = JSON.parse(organizationPolicy([LOGS]));
  policy.Statement.push({
    Effect: 'Allow',
    Principal: { AWS: [`arn:aws:iam::${OUTSIDER}:root`] },
    Resource: '*',
    Action: 'oam:*',
    Condition: { 'ForAllValues:StringEquals': { 'oam:ResourceTypes': [LOGS] } },
  });
  await ok(call(MONITORING, REGION, 'PutSinkPolicy', { SinkIdentifier: sinkArn, Policy: JSON.stringify(policy) }));
  const link = await ok(call(OUTSIDER, REGION, 'CreateLink', input));
  // Outside an organization the label's variables resolve to the account id.
  expect(link.Label).toBe(OUTSIDER);
  await ok(call(OUTSIDER, REGION, 'DeleteLink', { Identifier: link.Arn }));
  await ok(call(MONITORING, REGION, 'PutSinkPolicy', { SinkIdentifier: sinkArn, Policy: organizationPolicy([LOGS]) }));
});

test('a member asking for metrics too is refused: every requested type must be one the policy lists', async () => {
  await ok(
    call(MONITORING, OTHER_REGION, 'PutSinkPolicy', {
      SinkIdentifier: otherRegionSinkArn,
      Policy: organizationPolicy([LOGS]),
    }),
  );
  const refused = await call(PAYMENTS, OTHER_REGION, 'CreateLink', {
    SinkIdentifier: otherRegionSinkArn,
    ResourceTypes: [LOGS, METRICS],
    LabelTemplate: '$AccountName',
  });
  expect([refused.status, refused.error]).toEqual([403, 'AccessDeniedException']);
  const logsOnly = await ok(
    call(PAYMENTS, OTHER_REGION, 'CreateLink', {
      SinkIdentifier: otherRegionSinkArn,
      ResourceTypes: [LOGS],
      LabelTemplate: '$AccountName <$AccountEmailNoDomain> $AccountEmail',
    }),
  );
  expect(logsOnly.Label).toBe(`payments <aws+${PAYMENTS}> aws+${PAYMENTS}@example.com`);
  await ok(call(PAYMENTS, OTHER_REGION, 'DeleteLink', { Identifier: logsOnly.Arn }));
});

test('a link to the sink of another Region is refused', async () => {
  const refused = await call(PAYMENTS, OTHER_REGION, 'CreateLink', {
    SinkIdentifier: sinkArn,
    ResourceTypes: [LOGS],
    LabelTemplate: '$AccountName',
  });
  expect([refused.status, refused.error]).toEqual([400, 'InvalidParameterException']);
  expect(refused.body.message).toContain(`is in ${REGION}, the link would be in ${OTHER_REGION}`);
});

test('a sink policy with a condition the harness cannot evaluate is refused loudly, and the policy stays', async () => {
  const policy = JSON.parse(organizationPolicy([LOGS]));
  policy.Statement[0].Condition = { StringLike: { 'aws:PrincipalOrgID': 'o-*' } };
  const refused = await call(MONITORING, REGION, 'PutSinkPolicy', {
    SinkIdentifier: sinkArn,
    Policy: JSON.stringify(policy),
  });
  expect([refused.status, refused.error]).toEqual([501, 'HarnessCannotEvaluateSinkPolicy']);
  expect(refused.body.message).toContain('cannot evaluate the condition StringLike on aws:PrincipalOrgID');
  expect((await ok(call(MONITORING, REGION, 'GetSinkPolicy', { SinkIdentifier: sinkArn }))).Policy).toBe(
    organizationPolicy([LOGS]),
  );
});

test('tags round-trip on sinks and links', async () => {
  await ok(oam(MONITORING, REGION, 'PUT', tagsPath(sinkArn), { Tags: { cost: 'audit', team: 'observability' } }));
  await ok(oam(MONITORING, REGION, 'DELETE', tagsPath(sinkArn), undefined, { tagKeys: ['cost'] }));
  expect(await ok(oam(MONITORING, REGION, 'GET', tagsPath(sinkArn)))).toEqual({ Tags: { team: 'observability' } });
  expect((await ok(call(MONITORING, REGION, 'GetSink', { Identifier: sinkArn, IncludeTags: true }))).Tags).toEqual({
    team: 'observability',
  });

  await ok(oam(PAYMENTS, REGION, 'PUT', tagsPath(linkArn), { Tags: { owner: 'payments' } }));
  expect(await ok(oam(PAYMENTS, REGION, 'GET', tagsPath(linkArn)))).toEqual({
    Tags: { team: 'payments', owner: 'payments' },
  });
  // A link is the source account's: the monitoring account does not hold it.
  const elsewhere = await oam(MONITORING, REGION, 'GET', tagsPath(linkArn));
  expect([elsewhere.status, elsewhere.error]).toEqual([404, 'ResourceNotFoundException']);
});

test("requests that break the model are refused by the model check with AWS's ValidationException", async () => {
  const longLabel = await call(PAYMENTS, OTHER_REGION, 'CreateLink', {
    SinkIdentifier: otherRegionSinkArn,
    ResourceTypes: [],
    LabelTemplate: 'x'.repeat(65),
  });
  expect([longLabel.status, longLabel.error]).toEqual([400, 'ValidationException']);
  expect(longLabel.body.message).toContain("at 'resourceTypes' failed to satisfy constraint");
  expect(longLabel.body.message).toContain("at 'labelTemplate' failed to satisfy constraint");
  const longFilter = await call(PAYMENTS, OTHER_REGION, 'CreateLink', {
    SinkIdentifier: otherRegionSinkArn,
    ResourceTypes: ['AWS::Logs::Everything'],
    LabelTemplate: '$AccountName',
    LinkConfiguration: { LogGroupConfiguration: { Filter: 'x'.repeat(2001) } },
  });
  expect(longFilter.body.message).toContain("at 'resourceTypes.1' failed to satisfy constraint");
  expect(longFilter.body.message).toContain("at 'linkConfiguration.logGroupConfiguration.filter'");
});

test('DeleteSink is refused while a link is attached; after DeleteLink it succeeds, and every request was model-checked', async () => {
  const refused = await call(MONITORING, REGION, 'DeleteSink', { Identifier: sinkArn });
  expect([refused.status, refused.error]).toEqual([409, 'ConflictException']);
  expect(refused.body.message).toBe('You must delete all links to a sink before you can delete that sink.');
  // Only the source account holds the link.
  const notTheirs = await call(MONITORING, REGION, 'DeleteLink', { Identifier: linkArn });
  expect([notTheirs.status, notTheirs.error]).toEqual([404, 'ResourceNotFoundException']);
  await ok(call(PAYMENTS, REGION, 'DeleteLink', { Identifier: linkArn }));
  await ok(call(MONITORING, REGION, 'DeleteSink', { Identifier: sinkArn }));
  expect((await ok(call(MONITORING, REGION, 'ListSinks'))).Items).toEqual([]);
  // The Terraform provider reads a deleted sink as gone by this answer.
  const gone = await call(MONITORING, REGION, 'GetSink', { Identifier: sinkArn });
  expect([gone.status, gone.error]).toEqual([404, 'ResourceNotFoundException']);

  const report = await moto.modelCheck();
  for (const operation of ['CreateSink', 'PutSinkPolicy', 'CreateLink', 'UpdateLink', 'DeleteSink', 'TagResource']) {
    expect(report.byOperation[`oam ${operation}`]).toBeGreaterThan(0);
  }
  expect(report.byOperation['oam UntagResource']).toBe(1);
  expect(report.byOperation['oam ListTagsForResource']).toBe(3);
  expect(Object.keys(report.unresolved)).toEqual([]);
});
