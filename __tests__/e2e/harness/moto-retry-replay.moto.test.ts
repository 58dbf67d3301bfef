import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as path from 'path';
import { CreateDatabaseCommand, GetDatabasesCommand, GlueClient } from '@aws-sdk/client-glue';
import { answeredAgain, MotoServer, startMoto } from '../../../e2e/harness/moto';
import { tempDir } from '../../support/synth';
import { waitUntil } from '../../support/wait';

/*
 * e2e/harness/moto_retry_replay.py: the harness's moto answers a retried call (the same
 * amz-sdk-invocation-id) with the 2xx answer its first attempt got, when that answer was lost on the
 * way, and runs everything else as moto does.
 */

jest.setTimeout(120_000);

const GLUE_AUTHORIZATION =
  'AWS4-HMAC-SHA256 Credential=test/20261125/eu-west-1/glue/aws4_request, SignedHeaders=host, Signature=0';

let dir: string;
let moto: MotoServer;
let lossy: http.Server;
let lossyUrl: string;
/** Requests of these X-Amz-Target values lose their first answer: moto acts, the client never hears. */
const loseFirstAnswerOf = new Set<string>();
const lostAnswers: string[] = [];

beforeAll(async () => {
  dir = tempDir('moto-retry-replay-');
  moto = await startMoto(path.join(dir, 'moto.log'));
  const target = new URL(moto.endpoint);
  // A proxy that passes every request to moto and, once per listed operation, drops the client's
  // connection after moto has answered: a create carried out whose answer was lost.
  lossy = http.createServer((request, response) => {
    const upstream = http.request(
      { host: target.hostname, port: target.port, method: request.method, path: request.url, headers: request.headers },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          const operation = String(request.headers['x-amz-target'] ?? '');
          if (loseFirstAnswerOf.delete(operation)) {
            lostAnswers.push(operation);
            request.socket.destroy();
            return;
          }
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          response.end(Buffer.concat(chunks));
        });
      },
    );
    request.pipe(upstream);
  });
  await new Promise<void>((resolve) => lossy.listen(0, '127.0.0.1', resolve));
  lossyUrl = `http://127.0.0.1:${(lossy.address() as net.AddressInfo).port}`;
});

afterAll(async () => {
  lossy?.closeAllConnections();
  await new Promise((resolve) => lossy?.close(resolve));
  // This test loses answers on purpose: moto's count of them is no news here.
  await moto?.stop({ quiet: true });
});

function glue(endpoint: string): GlueClient {
  return new GlueClient({
    endpoint,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
}

/** One Glue call sent by hand, with the invocation id and attempt headers an SDK sends, or none. */
async function glueCall(
  operation: string,
  body: object,
  attempt?: { invocation: string; number: number },
): Promise<{ status: number; text: string }> {
  const headers: Record<string, string> = {
    'content-type': 'application/x-amz-json-1.1',
    'x-amz-target': `AWSGlue.${operation}`,
    authorization: GLUE_AUTHORIZATION,
  };
  if (attempt !== undefined) {
    headers['amz-sdk-invocation-id'] = attempt.invocation;
    headers['amz-sdk-request'] = `attempt=${attempt.number}; max=3`;
  }
  const response = await fetch(moto.endpoint, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: response.status, text: await response.text() };
}

test("an SDK create whose answer is lost succeeds on its retry, made once, and moto's log says so", async () => {
  loseFirstAnswerOf.add('AWSGlue.CreateDatabase');
  await glue(lossyUrl).send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'lost_answer' } }));
  expect(lostAnswers).toEqual(['AWSGlue.CreateDatabase']);
  const databases = await glue(moto.endpoint).send(new GetDatabasesCommand({}));
  expect(databases.DatabaseList?.filter(({ Name }) => Name === 'lost_answer')).toHaveLength(1);
  const log = fs.readFileSync(path.join(dir, 'moto.log'), 'utf8');
  expect(log).toMatch(
    /moto: answered again POST \/ glue AWSGlue\.CreateDatabase \(attempt=2; max=\d+, invocation [0-9a-f-]+\): 200 OK/,
  );
  expect(answeredAgain(log)).toBe(1);
});

test('a second call of the same create, another invocation, is refused as AWS refuses it', async () => {
  await expect(
    glue(moto.endpoint).send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'lost_answer' } })),
  ).rejects.toMatchObject({ name: 'AlreadyExistsException' });
  const first = await glueCall('CreateDatabase', { DatabaseInput: { Name: 'no_header' } });
  const again = await glueCall('CreateDatabase', { DatabaseInput: { Name: 'no_header' } });
  expect([first.status, again.status]).toEqual([200, 400]);
  expect(again.text).toContain('AlreadyExistsException');
});

test('only a 2xx answer is kept: the retry of a refused call runs again', async () => {
  const attempt = (number: number) => ({ invocation: '5d1f6c2e-0000-4000-8000-000000000001', number });
  const refused = await glueCall('GetDatabase', { Name: 'made_between' }, attempt(1));
  expect(refused.status).toBe(400);
  expect(refused.text).toContain('EntityNotFoundException');
  await glueCall('CreateDatabase', { DatabaseInput: { Name: 'made_between' } });
  const retried = await glueCall('GetDatabase', { Name: 'made_between' }, attempt(2));
  expect(retried.status).toBe(200);
  expect(JSON.parse(retried.text).Database.Name).toBe('made_between');
});

test('a kept answer is given only to the same call: another path or method with that id runs', async () => {
  const invocation = '5d1f6c2e-0000-4000-8000-000000000002';
  const made = await glueCall('CreateDatabase', { DatabaseInput: { Name: 'same_id' } }, { invocation, number: 1 });
  expect(made.status).toBe(200);
  const other = await fetch(`${moto.endpoint}/?other=1`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'AWSGlue.CreateDatabase',
      authorization: GLUE_AUTHORIZATION,
      'amz-sdk-invocation-id': invocation,
      'amz-sdk-request': 'attempt=2; max=3',
    },
    body: JSON.stringify({ DatabaseInput: { Name: 'same_id' } }),
  });
  expect(other.status).toBe(400);
  expect(await other.text()).toContain('AlreadyExistsException');
});

test("a query-protocol create (IAM) answered again is named by its Action in moto's log", async () => {
  const send = (attempt: number) =>
    fetch(moto.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
        authorization:
          'AWS4-HMAC-SHA256 Credential=test/20261125/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0',
        'amz-sdk-invocation-id': '5d1f6c2e-0000-4000-8000-000000000003',
        'amz-sdk-request': `attempt=${attempt}; max=25`,
      },
      body: new URLSearchParams({
        Action: 'CreateRole',
        Version: '2010-05-08',
        RoleName: 'lost-answer',
        AssumeRolePolicyDocument: '{"Version":"2012-10-17","Statement":[]}',
      }).toString(),
    });
  const first = await send(1);
  const retry = await send(2);
  expect([first.status, retry.status]).toEqual([200, 200]);
  expect(await retry.text()).toBe(await first.text());
  expect(fs.readFileSync(path.join(dir, 'moto.log'), 'utf8')).toMatch(
    /moto: answered again POST \/ iam CreateRole \(attempt=2; max=25, invocation 5d1f6c2e-0000-4000-8000-000000000003\): 200 OK/,
  );
});

/** Waits until a dump of moto's threads (SIGUSR1: faulthandler, moto_server.py) written after `since` shows `frame`. */
async function waitForMotoThread(frame: RegExp, what: string, since: number): Promise<void> {
  const logFile = path.join(dir, 'moto.log');
  await waitUntil(() => {
    process.kill(moto.pid, 'SIGUSR1');
    return frame.test(fs.readFileSync(logFile, 'utf8').slice(since));
  }, what);
}

test('a retry that arrives while its first attempt still runs waits for it, and gets its answer', async () => {
  const since = fs.statSync(path.join(dir, 'moto.log')).size;
  const invocation = '5d1f6c2e-0000-4000-8000-000000000004';
  const body = JSON.stringify({ DatabaseInput: { Name: 'slow_first' } });
  const target = new URL(moto.endpoint);
  // The first attempt sends its headers and part of its body: moto's thread for it is inside the
  // call, waiting for the rest.
  const first = net.connect(Number(target.port), target.hostname);
  await new Promise<void>((resolve, reject) => first.once('connect', resolve).once('error', reject));
  let firstAnswer = '';
  first.on('data', (chunk: Buffer) => (firstAnswer += chunk.toString('utf8')));
  const firstEnded = new Promise<void>((resolve) => first.once('close', () => resolve()));
  first.write(
    [
      'POST / HTTP/1.1',
      `Host: ${target.host}`,
      'Content-Type: application/x-amz-json-1.1',
      'X-Amz-Target: AWSGlue.CreateDatabase',
      `Authorization: ${GLUE_AUTHORIZATION}`,
      `amz-sdk-invocation-id: ${invocation}`,
      'amz-sdk-request: attempt=1; max=3',
      `Content-Length: ${Buffer.byteLength(body)}`,
      'Connection: close',
      '',
      body.slice(0, 10),
    ].join('\r\n'),
  );
  await waitForMotoThread(/moto_retry_replay\.py", line \d+ in run_and_keep/, 'the first attempt inside moto', since);
  // Its retry (the SDK gave up on the first) waits for the first attempt instead of running the create.
  const retry = glueCall('CreateDatabase', JSON.parse(body) as object, { invocation, number: 2 });
  await waitForMotoThread(
    /line \d+ in wait\n\s+File "[^"]*moto_retry_replay\.py", line \d+ in __call__/,
    'the retry waiting for the first attempt',
    since,
  );
  first.write(body.slice(10));
  await firstEnded;
  const answered = await retry;
  expect(firstAnswer).toMatch(/^HTTP\/1\.1 200 /);
  expect(answered.status).toBe(200);
  expect(firstAnswer.endsWith(answered.text)).toBe(true);
  const databases = await glue(moto.endpoint).send(new GetDatabasesCommand({}));
  expect(databases.DatabaseList?.filter(({ Name }) => Name === 'slow_first')).toHaveLength(1);
  expect(fs.readFileSync(path.join(dir, 'moto.log'), 'utf8')).toContain(
    `moto: answered again POST / glue AWSGlue.CreateDatabase (attempt=2; max=3, invocation ${invocation}): 200 OK`,
  );
});

test('a connection reset before its request line is logged as dropped, with no traceback', async () => {
  const log = () => fs.readFileSync(path.join(dir, 'moto.log'), 'utf8');
  const target = new URL(moto.endpoint);
  const socket = net.connect(Number(target.port), target.hostname);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  socket.write('POS');
  socket.resetAndDestroy();
  await waitUntil(
    () => log().includes('moto: the client dropped the connection while '),
    "moto's line about the dropped connection",
  );
  expect(log()).not.toContain('Traceback');
});
