import type { AthenaClient } from '@aws-sdk/client-athena';
import { sdkClientOptions } from '../common/aws-sdk';
import type { QueryOutcome, QueryRunner } from './backfill';

/** Where {@link AthenaQueryRunner} runs its statements. */
export interface AthenaQueryTarget {
  readonly region: string;
  /** The workgroup (its settings decide the results location and encryption). */
  readonly workgroup: string;
  /** The database unqualified table names are read in. */
  readonly database: string;
  /** Attempts per request, with backoff. */
  readonly maxAttempts?: number;
  /** How long to wait between checks of a running query at most, in ms (tests shorten it). */
  readonly maxPollMs?: number;
}

/**
 * Runs statements in an Athena workgroup and waits for each: StartQueryExecution, then
 * GetQueryExecution until it ends (every 0.5 s at first, backing off to 5 s), then the rows of a
 * SELECT from GetQueryResults. `AWS_ENDPOINT_URL` and the environment's credentials apply.
 */
export class AthenaQueryRunner implements QueryRunner {
  private client: AthenaClient | undefined;

  public constructor(
    private readonly target: AthenaQueryTarget,
    client?: AthenaClient,
  ) {
    this.client = client;
  }

  public async run(sql: string): Promise<QueryOutcome> {
    const athena = await import('@aws-sdk/client-athena');
    this.client ??= new athena.AthenaClient(sdkClientOptions(this.target.region, this.target.maxAttempts));
    const started = await this.client.send(
      new athena.StartQueryExecutionCommand({
        QueryString: sql,
        WorkGroup: this.target.workgroup,
        QueryExecutionContext: { Database: this.target.database },
      }),
    );
    const id = started.QueryExecutionId;
    if (id === undefined) throw new Error('Athena started no query (no QueryExecutionId)');
    let wait = Math.min(500, this.target.maxPollMs ?? 5_000);
    for (;;) {
      const { QueryExecution: execution } = await this.client.send(
        new athena.GetQueryExecutionCommand({ QueryExecutionId: id }),
      );
      const state = execution?.Status?.State;
      if (state === 'SUCCEEDED' || state === 'FAILED' || state === 'CANCELLED') {
        const outcome = {
          state,
          reason: execution?.Status?.StateChangeReason,
          bytesScanned: execution?.Statistics?.DataScannedInBytes ?? 0,
        } as const;
        if (state !== 'SUCCEEDED' || execution?.StatementType !== 'DML') return { ...outcome, rows: [] };
        const results = await this.client.send(new athena.GetQueryResultsCommand({ QueryExecutionId: id }));
        const rows = (results.ResultSet?.Rows ?? []).map((row) => (row.Data ?? []).map((d) => d.VarCharValue ?? null));
        // A SELECT's first row is its header.
        return { ...outcome, rows: rows.slice(1) };
      }
      await new Promise((resolve) => setTimeout(resolve, wait));
      wait = Math.min(wait * 2, this.target.maxPollMs ?? 5_000);
    }
  }
}
