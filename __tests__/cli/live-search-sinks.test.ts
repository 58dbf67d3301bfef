import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import { applyEdits, modify } from 'jsonc-parser';
import { updateLiveSearchSinks } from '../../packages/cli/toolkit/actions/live-search-sinks-action';
import { runCliInProcess } from '../support/cli';
import { endpointEnv } from '../support/fake-live-endpoint';
import { ROOT } from '../support/root';
import { tempDir } from '../support/temp';

/*
 * live-search-sinks writes the log archive's sinks into applicationLogs.liveSearch.sinkArns: from the
 * deploy record (offline), or from the log archive account through a fake OAM endpoint on loopback
 * that answers ListSinks as AWS does (rest-json, page by page); and refuses, writing nothing.
 */

const ARCHIVE = '210000000002';
const REGIONS = ['eu-central-1', 'eu-west-1', 'eu-north-1', 'us-east-1'];
const arn = (region: string, account = ARCHIVE) =>
  `arn:aws:oam:${region}:${account}:sink/${region === 'us-east-1' ? '1' : '2'}a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d`;
const SINKS = Object.fromEntries(REGIONS.map((region) => [region, arn(region)]));

/** examples/full.config.json in a folder of its own, with live search `enabled` and no sinkArns. */
function configWithoutSinks(enabled = true): string {
  let text = fs.readFileSync(path.join(ROOT, 'examples', 'full.config.json'), 'utf8');
  for (const [at, value] of [
    [['applicationLogs', 'liveSearch', 'sinkArns'], undefined],
    [['applicationLogs', 'liveSearch', 'enabled'], enabled],
  ] as const) {
    text = applyEdits(text, modify(text, [...at], value, { formattingOptions: { insertSpaces: true, tabSize: 2 } }));
  }
  const file = path.join(tempDir('live-search-sinks'), 'audit.config.json');
  fs.writeFileSync(file, text);
  return file;
}

/** A synth folder whose deploy record holds the log archive's outputs `outputs`. */
function deployRecord(outputs: Record<string, unknown> | undefined): string {
  const out = tempDir('live-search-out');
  const applied = { stackDigest: 'd', appliedAt: '2026-11-28T00:00:00.000Z', seconds: 1 };
  fs.writeFileSync(
    path.join(out, 'deploy-record.json'),
    JSON.stringify({ 'log-archive': { ...applied, ...(outputs === undefined ? {} : { outputs }) } }),
  );
  return out;
}

const sinkOutput = (sinks: Record<string, string>) => ({ live_search_sink_arns: { sensitive: false, value: sinks } });

const sinkArnsOf = (file: string) =>
  (JSON.parse(fs.readFileSync(file, 'utf8')) as { applicationLogs: { liveSearch: { sinkArns?: unknown } } })
    .applicationLogs.liveSearch.sinkArns;

describe('from the deploy record (offline)', () => {
  test('writes every governed Region its sink, prints the diff, and leaves the rest of the file as it was', async () => {
    const file = configWithoutSinks();
    const before = fs.readFileSync(file, 'utf8');
    const result = await runCliInProcess([
      'live-search-sinks',
      '--config',
      file,
      '--out',
      deployRecord(sinkOutput(SINKS)),
    ]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(sinkArnsOf(file)).toEqual(SINKS);
    // The sinkArns member added after enabled, in the file's own two-space indentation; nothing else changed.
    const after = fs.readFileSync(file, 'utf8');
    expect(after).toContain(`      "sinkArns": {\n        "eu-central-1": "${SINKS['eu-central-1']}",\n`);
    expect(after.replace(/,\n {6}"sinkArns": \{[^}]*\}/, '')).toBe(before);
    expect(result.stdout.split('\n').filter((line) => /^-[^-]/.test(line))).toEqual(['-      "enabled": true']);
    expect(result.stdout).toContain(`--- ${file}\n+++ ${file}\n@@ `);
    expect(result.stdout).toContain(`\n+        "us-east-1": "${SINKS['us-east-1']}"\n`);
    expect(result.stdout).toContain("Synth, plan and deploy the members' stacks to link them.");
    // Run again: nothing to change, and the file is not touched.
    const again = await runCliInProcess([
      'live-search-sinks',
      '--config',
      file,
      '--out',
      deployRecord(sinkOutput(SINKS)),
    ]);
    expect(again.stdout).toContain('already names these sinks; nothing to change');
    expect(fs.readFileSync(file, 'utf8')).toBe(after);
  });

  test('replaces sinks already there, and --dry-run prints the change without writing it', async () => {
    const file = configWithoutSinks();
    const old = { ...SINKS, 'eu-west-1': arn('eu-west-1').replace('sink/2', 'sink/3') };
    await runCliInProcess(['live-search-sinks', '--config', file, '--out', deployRecord(sinkOutput(old))]);
    const before = fs.readFileSync(file, 'utf8');
    const dry = await runCliInProcess([
      'live-search-sinks',
      '--config',
      file,
      '--out',
      deployRecord(sinkOutput(SINKS)),
      '--dry-run',
    ]);
    expect(dry.stdout).toContain(
      `-        "eu-west-1": "${old['eu-west-1']}",\n+        "eu-west-1": "${SINKS['eu-west-1']}",`,
    );
    expect(dry.stdout).toContain('not written (--dry-run)');
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
  });
});

describe('refusals: nothing written, the field named, exit 2', () => {
  test('live search off', async () => {
    const file = configWithoutSinks(false);
    const before = fs.readFileSync(file, 'utf8');
    const result = await runCliInProcess([
      'live-search-sinks',
      '--config',
      file,
      '--out',
      deployRecord(sinkOutput(SINKS)),
    ]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('applicationLogs.liveSearch.enabled is not true: live search is off');
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
  });

  test('a governed Region with no sink', async () => {
    const file = configWithoutSinks();
    const before = fs.readFileSync(file, 'utf8');
    const fewer = Object.fromEntries(Object.entries(SINKS).filter(([region]) => region !== 'us-east-1'));
    const result = await runCliInProcess([
      'live-search-sinks',
      '--config',
      file,
      '--out',
      deployRecord(sinkOutput(fewer)),
    ]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('applicationLogs.liveSearch.sinkArns.us-east-1: ');
    expect(result.stderr).toContain('has no sink audit-live-search in us-east-1');
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
  });

  test('a deploy record without the log archive outputs, or without its sinks output', async () => {
    const file = configWithoutSinks();
    const none = await runCliInProcess(['live-search-sinks', '--config', file, '--out', deployRecord(undefined)]);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('deploy-record.json has no outputs of the log-archive stack');
    const off = await runCliInProcess(['live-search-sinks', '--config', file, '--out', deployRecord({})]);
    expect(off.status).toBe(2);
    expect(off.stderr).toContain('had no output live_search_sink_arns');
    expect(sinkArnsOf(file)).toBeUndefined();
  });

  test('a config file that is not writable (simulated: the tests may run as root)', async () => {
    const file = configWithoutSinks();
    const before = fs.readFileSync(file, 'utf8');
    const access = jest.spyOn(fs, 'accessSync').mockImplementation((what) => {
      if (what === file) throw Object.assign(new Error('denied'), { code: 'EACCES' });
    });
    try {
      const result = await runCliInProcess([
        'live-search-sinks',
        '--config',
        file,
        '--out',
        deployRecord(sinkOutput(SINKS)),
      ]);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain(`${file} is not writable (EACCES): nothing was written`);
      expect(fs.readFileSync(file, 'utf8')).toBe(before);
    } finally {
      access.mockRestore();
    }
  });

  test("a sink of another account, which the config's own check refuses", async () => {
    const file = configWithoutSinks();
    const before = fs.readFileSync(file, 'utf8');
    const foreign = { ...SINKS, 'eu-west-1': arn('eu-west-1', '999999999999') };
    const result = await runCliInProcess([
      'live-search-sinks',
      '--config',
      file,
      '--out',
      deployRecord(sinkOutput(foreign)),
    ]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('applicationLogs.liveSearch.sinkArns.eu-west-1');
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
  });
});

/** Answers oam:ListSinks for each Region (named by the request's credential scope), two pages each. */
async function fakeOam(account = ARCHIVE): Promise<{ url: string; requests: string[]; close: () => Promise<void> }> {
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      const scope = /Credential=test\/\d{8}\/([a-z0-9-]+)\/oam\/aws4_request/.exec(
        String(request.headers.authorization),
      );
      requests.push(`${request.method} ${request.url} ${scope?.[1] ?? 'unsigned'} ${body}`);
      response.setHeader('content-type', 'application/json');
      if (scope === null) {
        response.writeHead(403);
        response.end(JSON.stringify({ __type: 'AccessDeniedException', message: 'missing signature' }));
        return;
      }
      const region = scope[1];
      const { NextToken } = JSON.parse(body) as { NextToken?: string };
      // A sink of someone else's first, on a page of its own: the command takes the one it names.
      response.end(
        JSON.stringify(
          NextToken === undefined
            ? {
                Items: [{ Arn: `arn:aws:oam:${region}:${account}:sink/other`, Id: 'other', Name: 'other' }],
                NextToken: 'p2',
              }
            : { Items: [{ Arn: arn(region, account), Id: 'x', Name: 'audit-live-search' }] },
        ),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('[oam-list-sinks-own-account] --live: from the log archive account (oam:ListSinks in each governed Region)', () => {
  test('writes the sink this product names in each Region, page by page, each request signed for oam there', async () => {
    const oam = await fakeOam();
    try {
      const file = configWithoutSinks();
      const result = await runCliInProcess(['live-search-sinks', '--config', file, '--live'], {
        env: endpointEnv(oam.url),
      });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(sinkArnsOf(file)).toEqual(SINKS);
      expect(oam.requests).toEqual(
        REGIONS.flatMap((region) => [
          `POST /ListSinks ${region} {"MaxResults":100}`,
          `POST /ListSinks ${region} {"MaxResults":100,"NextToken":"p2"}`,
        ]),
      );
      expect(result.stdout).toContain(`from the log archive account ${ARCHIVE}`);
    } finally {
      await oam.close();
    }
  });

  test("refuses another account's sinks: the credentials are not the log archive's", async () => {
    const oam = await fakeOam('999999999999');
    try {
      const file = configWithoutSinks();
      const result = await runCliInProcess(['live-search-sinks', '--config', file, '--live'], {
        env: endpointEnv(oam.url),
      });
      expect(result.status).toBe(2);
      expect(result.stderr).toContain(`is account 999999999999's, not the log archive's (${ARCHIVE})`);
      expect(sinkArnsOf(file)).toBeUndefined();
    } finally {
      await oam.close();
    }
  });
});

describe('the action, through its API (updateLiveSearchSinks)', () => {
  test('a dry run works out the change and writes nothing; the run writes it; a second run finds nothing to change', async () => {
    const file = configWithoutSinks();
    const before = fs.readFileSync(file, 'utf8');
    const out = deployRecord(sinkOutput(SINKS));
    const dry = await updateLiveSearchSinks({ config: file, out, dryRun: true });
    expect(dry).toMatchObject({ file, field: 'applicationLogs.liveSearch.sinkArns', sinks: SINKS, written: false });
    expect(dry.from).toBe(`the log archive's last deploy from ${out}`);
    expect(dry.diff).toContain(`+        "eu-central-1": "${SINKS['eu-central-1']}",`);
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
    const run = await updateLiveSearchSinks({ config: file, out });
    expect([run.written, run.diff]).toEqual([true, dry.diff]);
    expect(sinkArnsOf(file)).toEqual(SINKS);
    expect(await updateLiveSearchSinks({ config: file, out })).toMatchObject({ diff: '', written: false });
  });

  test('a governed Region without a sink is refused, naming the field, and the file stays as it was', async () => {
    const file = configWithoutSinks();
    const before = fs.readFileSync(file, 'utf8');
    const withoutOne = Object.fromEntries(Object.entries(SINKS).filter(([region]) => region !== 'eu-north-1'));
    await expect(updateLiveSearchSinks({ config: file, out: deployRecord(sinkOutput(withoutOne)) })).rejects.toThrow(
      /applicationLogs\.liveSearch\.sinkArns\.eu-north-1/,
    );
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
  });
});
