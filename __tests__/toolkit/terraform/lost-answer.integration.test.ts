import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import { runCliAsync } from '../../support/cli';
import { localStack, writeSynth } from '../../support/fake-synth';
import { tempDir } from '../../support/synth';

/*
 * A create AWS carried out but whose answer was lost: the provider's SDK retries it, and the retry
 * finds what the first call made. Real Terraform and the real AWS provider against an endpoint that
 * makes the Glue database on the first CreateDatabase and answers it with HTTP 500 (a server error
 * after AWS acted), then answers AlreadyExistsException, as Glue does for a name it holds.
 */

/** A Glue endpoint of one database name: the first create makes it and fails, later ones find it. */
function glueThatLosesTheFirstAnswer(): http.Server {
  let databases = 0;
  return http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const target = String(request.headers['x-amz-target'] ?? '');
      response.setHeader('Content-Type', 'application/x-amz-json-1.1');
      if (target !== 'AWSGlue.CreateDatabase') {
        response.statusCode = 400;
        response.end(JSON.stringify({ __type: 'InvalidInputException', message: `not served: ${target}` }));
      } else if (databases++ === 0) {
        response.statusCode = 500;
        response.end(JSON.stringify({ __type: 'InternalServiceException', message: 'Internal service error' }));
      } else {
        response.statusCode = 400;
        response.end(JSON.stringify({ __type: 'AlreadyExistsException', message: 'Database already exists.' }));
      }
    });
  });
}

describe('deploy after a create whose answer was lost', () => {
  let glue: http.Server;
  let endpoint: string;
  beforeAll(async () => {
    glue = glueThatLosesTheFirstAnswer();
    await new Promise<void>((resolve) => glue.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(glue.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => glue.close(() => resolve())));

  test('says this apply made the resource itself, with the retried call and the import that repairs it', async () => {
    // Given one stack whose only resource is a Glue database, on that endpoint
    const out = writeSynth(tempDir('deploy-lost-answer'), {
      'log-archive': localStack('log-archive', {
        aws_glue_catalog_database: { database: { name: 'audit_logs', catalog_id: '123456789012' } },
      }),
    });

    // When it is deployed (the provider reaches the endpoint through AWS_ENDPOINT_URL_GLUE, not an
    // endpoints block, which costs each provider process CPU: BENCHMARKS.md, "The provider's endpoints block")
    const result = await runCliAsync(['deploy', '--out', out, '--timeout', '90'], {
      env: {
        AWS_ACCESS_KEY_ID: 'testing',
        AWS_SECRET_ACCESS_KEY: 'testing',
        AWS_SESSION_TOKEN: '',
        AWS_PROFILE: '',
        AWS_ENDPOINT_URL_GLUE: endpoint,
      },
    });

    // Then the stack fails naming its own retried create as the cause, not a killed apply
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'terraform apply stopped: 1 resource exists in AWS but not in the state. This apply most likely made them ' +
        'itself:\n1 call of Glue CreateDatabase got HTTP 500 InternalServiceException, and its retry was told the ' +
        'resource exists.',
    );
    expect(result.stderr).not.toContain('was killed');
    // And gives the import of the database by its catalog and name
    expect(result.stderr).toContain(
      `  terraform -chdir=${path.join(out, 'stacks', 'log-archive')} import ` +
        "'aws_glue_catalog_database.database' '123456789012:audit_logs'",
    );
    // And without reviewed plans, the closing advice is to fix and resume
    expect(result.stderr).toContain('then run the same command with --resume.');
    expect(fs.existsSync(path.join(out, 'logs', 'log-archive.deploy.log'))).toBe(true);
  }, 120_000);
});
