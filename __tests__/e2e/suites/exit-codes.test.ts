import * as fs from 'fs';
import * as path from 'path';
import type { RecordedCall } from '../../../e2e/harness/moto';
import { harnessReport, type ModelCheckReport, type MotoServer } from '../../../e2e/harness/moto';
import { exitWith, HARNESS_HEADING } from '../../../e2e/harness/suite';
import { main as deployMain } from '../../../e2e/suites/deploy';
import { main as faultsMain } from '../../../e2e/suites/faults';
import { DOCUMENTS, keptDocuments, main as localMain, type LocalParts } from '../../../e2e/suites/local';
import { main as onboardingMain } from '../../../e2e/suites/onboarding';
import type { Terraform } from '../../../packages/cli/toolkit/terraform/terraform';
import { tempDir } from '../../support/temp';
import { RECORDED_STACKS, recordedCalls } from '../../toolkit/deploy-role-fixtures';

/*
 * Every suite on moto decides its exit code from its steps and from the harness's own checks (the
 * deploy-role proof, the model check), whatever its steps made of them: a fake moto answers with
 * the calls and model check a test chooses, and the real report (harnessReport) judges them.
 */

const CLEAN_CHECK: ModelCheckReport = {
  botocore: '1.0.0',
  patternEngine: 'regex',
  requests: 3,
  operations: 2,
  byOperation: { 's3 PutBucketPolicy': 2, 'sts GetCallerIdentity': 1 },
  refusedRequests: 0,
  refused: [],
  unresolved: {},
  uncheckedPatterns: {},
};

const REFUSED_CHECK: ModelCheckReport = {
  ...CLEAN_CHECK,
  refusedRequests: 1,
  refused: [
    {
      service: 'logs',
      operation: 'PutAccountPolicy',
      violations: [{ member: 'policyName', value: '', constraint: 'min length 1' }],
    },
  ],
};

/** The log archive's own PutBucketPolicy, which its derived deploy policy allows. */
function allowedCall(): RecordedCall {
  const call = recordedCalls().find(
    (c) => c.sessionName === 'cdktf-audit-log-archive' && c.operation === 'PutBucketPolicy',
  );
  if (call === undefined) throw new Error('the recorded run has no PutBucketPolicy of the log archive');
  return call;
}

/** The same call on a bucket no stack names: the derived policy denies it. */
function deniedCall(): RecordedCall {
  return { ...allowedCall(), hints: { Bucket: 'someone-elses-bucket' } };
}

type Answers = { readonly calls: RecordedCall[]; readonly check: ModelCheckReport };

const PASSING: Answers = { calls: [allowedCall()], check: CLEAN_CHECK };
const FAILING_PROOF: Answers = { calls: [deniedCall()], check: CLEAN_CHECK };
const REFUSED_REQUEST: Answers = { calls: [allowedCall()], check: REFUSED_CHECK };

/** A moto that is not started: its record and model check are `answers`, judged by the real report. */
function fakeMoto(logFile: string, answers: Answers, events: string[] = []): MotoServer {
  const server: MotoServer = {
    endpoint: 'http://127.0.0.1:9',
    pid: -1,
    modelCheck: () => Promise.resolve(answers.check),
    calls: () => Promise.resolve(answers.calls),
    report: (options) => {
      events.push('report');
      return harnessReport({ calls: server.calls, modelCheck: server.modelCheck, logFile }, options);
    },
    stop: () => {
      events.push('stop');
      return Promise.resolve(undefined);
    },
  };
  return server;
}

/** The stacks the recorded run deployed, where a suite's steps would have synthesized them. */
function synthesizedInto(stacksDir: string): void {
  fs.cpSync(RECORDED_STACKS, stacksDir, { recursive: true });
}

let output: string[];
beforeEach(() => {
  output = [];
  const capture = (chunk: string | Uint8Array) => {
    output.push(String(chunk));
    return true;
  };
  jest.spyOn(process.stdout, 'write').mockImplementation(capture);
  jest.spyOn(process.stderr, 'write').mockImplementation(capture);
});
afterEach(() => {
  jest.restoreAllMocks();
  process.exitCode = undefined;
});

/** Each suite on moto: its main, and where its steps leave the stacks that the proof reads. */
const SUITES: readonly {
  readonly name: string;
  readonly run: (answers: Answers, steps: (work: string) => Promise<void>) => Promise<number>;
}[] = [
  {
    name: 'e2e (deploy.ts)',
    run: (answers, steps) => {
      const work = tempDir('suite-deploy-');
      return deployMain(
        {
          startMoto: (logFile) => Promise.resolve(fakeMoto(logFile, answers)),
          steps: () => steps(path.join(work, 'out-deployed', 'stacks')),
        },
        work,
      );
    },
  },
  {
    name: 'e2e:faults (faults.ts)',
    run: (answers, steps) => {
      const work = tempDir('suite-faults-');
      return faultsMain(
        {
          startMoto: (logFile) => Promise.resolve(fakeMoto(logFile, answers)),
          steps: () => steps(path.join(work, 'out', 'stacks')),
        },
        work,
      );
    },
  },
  {
    name: 'e2e:onboarding (onboarding.ts)',
    run: (answers, steps) => {
      const work = tempDir('suite-onboarding-');
      return onboardingMain(
        {
          startMoto: (logFile) => Promise.resolve(fakeMoto(logFile, answers)),
          steps: () => steps(path.join(work, 'cdktf.out', 'stacks')),
        },
        work,
      );
    },
  },
  {
    name: 'local (local.ts)',
    run: (answers, steps) => {
      const dir = path.join(tempDir('suite-local-'), 'run');
      return localMain(['--dir', dir], localParts(dir, answers, steps));
    },
  },
];

/** The walkthrough's parts, faked: the steps leave the documents and the stacks a run leaves. */
function localParts(
  dir: string,
  answers: Answers,
  steps: (stacksDir: string) => Promise<void> = (stacksDir) => Promise.resolve(synthesizedInto(stacksDir)),
  events: string[] = [],
): LocalParts {
  return {
    startMoto: (logFile) => Promise.resolve(fakeMoto(logFile, answers, events)),
    deployAndRead: async () => {
      events.push('deploy');
      await steps(path.join(dir, 'cdktf.out', 'stacks'));
      for (const document of keptDocuments(true)) {
        fs.mkdirSync(path.dirname(path.join(dir, document.file)), { recursive: true });
        fs.writeFileSync(path.join(dir, document.file), 'written by the fake walkthrough\n');
      }
      return {
        out: path.join(dir, 'cdktf.out'),
        config: path.join(dir, 'audit.config.json'),
        env: {},
        terraform: {} as Terraform,
        withAudit: true,
        managementExports: 'AWS_ACCESS_KEY_ID=management',
        auditExports: 'AWS_ACCESS_KEY_ID=audit',
      };
    },
    decommission: () => {
      events.push('decommission');
      return Promise.resolve();
    },
    hold: () => {
      events.push('hold');
      return Promise.resolve();
    },
  };
}

describe.each(SUITES)('$name exits non-zero when a proof fails', ({ run }) => {
  const deploys = (stacksDir: string) => Promise.resolve(synthesizedInto(stacksDir));

  test('steps that pass and a harness that finds nothing: exit 0', async () => {
    expect(await run(PASSING, deploys)).toBe(0);
    expect(output.join('')).toContain(HARNESS_HEADING);
    expect(output.join('')).toMatch(/deploy-role proof: 1 calls of 1 stacks evaluated .*; 0 denied/);
  });

  test('a call the derived deploy policy denies fails the run, though every step passed', async () => {
    expect(await run(FAILING_PROOF, deploys)).toBe(1);
    expect(output.join('')).toContain('denied log-archive: s3:PutBucketPolicy on arn:aws:s3:::someone-elses-bucket');
    expect(output.join('')).toContain('FAILED (harness) deploy-role proof');
  });

  test("a request AWS's model refuses fails the run, though every step passed", async () => {
    expect(await run(REFUSED_REQUEST, deploys)).toBe(1);
    expect(output.join('')).toContain('refused logs PutAccountPolicy: policyName = "": min length 1');
    expect(output.join('')).toContain('FAILED (harness) model check: 1 request refused');
  });

  test('a step that fails fails the run, and the harness still reports', async () => {
    const failing = () => Promise.reject(new Error('a step did not do what it should'));
    expect(await run(PASSING, failing)).toBe(1);
    expect(output.join('')).toContain('a step did not do what it should');
    expect(output.join('')).toContain(HARNESS_HEADING);
  });
});

describe('npm run local -- --keep-running keeps a deployment', () => {
  const lineIndex = (pattern: RegExp) =>
    output
      .join('')
      .split('\n')
      .findIndex((line) => pattern.test(line));

  test('it ends before decommission, names what it did not remove, and suggests what reads the deployment', async () => {
    const dir = path.join(tempDir('keep-running-'), 'run');
    const events: string[] = [];
    expect(await localMain(['--dir', dir, '--keep-running'], localParts(dir, PASSING, undefined, events))).toBe(0);
    expect(events).toEqual(['deploy', 'report', 'hold', 'stop']);
    const text = output.join('');
    expect(text).toMatch(/decommission +not run: --keep-running keeps the deployment as it stands/);
    expect(text).toContain(`npm run compliance -- --live --config ${dir}/audit.config.json`);
    expect(text).toContain(`npm run cli -- decommission --out ${dir}/cdktf.out`);
    // removal.md was not made by this run: the guide does not send the user to it.
    expect(text).not.toContain(DOCUMENTS.removal.file);
    expect(text).toContain("the audit account's credentials, for compliance --live: export AWS_ENDPOINT_URL=");
  });

  test('without it, the deployment is removed before the harness reports, and nothing holds', async () => {
    const dir = path.join(tempDir('no-keep-running-'), 'run');
    const events: string[] = [];
    expect(await localMain(['--dir', dir], localParts(dir, PASSING, undefined, events))).toBe(0);
    expect(events).toEqual(['deploy', 'decommission', 'report', 'stop']);
    expect(output.join('')).toContain(`${dir}/${DOCUMENTS.removal.file}`);
  });

  test("the harness's lines come before the guidance, under their own heading", async () => {
    const dir = path.join(tempDir('harness-lines-'), 'run');
    expect(await localMain(['--dir', dir, '--keep-running'], localParts(dir, PASSING))).toBe(0);
    const heading = lineIndex(new RegExp(HARNESS_HEADING.replace(/[()]/g, '\\$&')));
    const proof = lineIndex(/^deploy-role proof:/);
    const modelCheck = lineIndex(/^model check:/);
    const firstGuide = lineIndex(/what next/);
    expect(heading).toBeGreaterThanOrEqual(0);
    expect(proof).toBeGreaterThan(heading);
    expect(modelCheck).toBeGreaterThan(heading);
    expect(firstGuide).toBeGreaterThan(Math.max(proof, modelCheck));
  });

  test('a failing proof is not held open as if all were well: exit 1, no guidance, no hold', async () => {
    const dir = path.join(tempDir('keep-running-failed-'), 'run');
    const events: string[] = [];
    expect(await localMain(['--dir', dir, '--keep-running'], localParts(dir, FAILING_PROOF, undefined, events))).toBe(
      1,
    );
    expect(events).not.toContain('hold');
    expect(lineIndex(/what next/)).toBe(-1);
  });
});

describe('a suite run as the program keeps its exit code', () => {
  const settled = () => new Promise((resolve) => setImmediate(resolve));

  test('a failing main sets 1', async () => {
    exitWith(() => Promise.resolve(1));
    await settled();
    expect(process.exitCode).toBe(1);
  });

  test('a main that returns 0 does not lower a 1 set before it (by moto.stop, say)', async () => {
    process.exitCode = 1;
    exitWith(() => Promise.resolve(0));
    await settled();
    expect(process.exitCode).toBe(1);
  });

  test('a main that throws sets 1', async () => {
    exitWith(() => Promise.reject(new Error('unexpected')));
    await settled();
    expect(process.exitCode).toBe(1);
  });
});
