import * as fsp from 'fs/promises';
import * as path from 'path';
import { APPLICATION_LOGS_COLUMNS, APPLICATION_LOGS_TABLE_NAME } from '@audit-logging/cdktf/toolkit-api/analytics';
import { DayRange } from './log-files';
import { DuckDbEngine } from './duckdb-engine';
import { checkedDays, checkValues, InvestigateInputError, Investigation, sqlList } from './investigation';
import { duckDbType, parseHiveType } from './table-schema';

/**
 * `application-logs/<account>/<region>/<yyyy>/<MM>/<dd>/<object>`, as the archive's Firehose streams
 * write them (docs/application-logs.md): the partitions of the Athena table, from the key.
 * `application-logs/errors/...` (what a stream could not deliver) does not match: no account.
 */
const OBJECT_KEY = /(?:^|\/)application-logs\/(\d{12})\/([a-z]{2}(?:-[a-z]+)+-\d)\/(\d{4})\/(\d{2})\/(\d{2})\/[^/]+$/;

/** An object of application logs in a local copy, with the partitions its key gives. */
interface ApplicationLogObject {
  readonly file: string;
  readonly account: string;
  readonly region: string;
  /** `yyyy/MM/dd`. */
  readonly day: string;
}

/**
 * The application log objects under `root` (a copy of the member-logs bucket, or any folder with
 * `application-logs/` in it), in name order, and how many the day range left out before reading.
 */
async function findApplicationLogObjects(
  root: string,
  days?: DayRange,
): Promise<{ objects: ApplicationLogObject[]; outsideRange: number }> {
  const entries = await fsp.readdir(root, { recursive: true, withFileTypes: true });
  const objects: ApplicationLogObject[] = [];
  let outsideRange = 0;
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const match = OBJECT_KEY.exec(path.relative(root, file).split(path.sep).join('/'));
    if (match === null) continue;
    const day = `${match[3]}/${match[4]}/${match[5]}`;
    if (days !== undefined && (day < days.from || day > days.to)) {
      outsideRange += 1;
      continue;
    }
    objects.push({ file, account: match[1], region: match[2], day });
  }
  return { objects: objects.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)), outsideRange };
}

/** Where the objects' partitions load, joined to what DuckDB reads by file name. */
const OBJECTS_TABLE = 'application_log_objects';

/**
 * A folder of application logs loaded into DuckDB as the Athena table `application_logs`: one row
 * per envelope (one JSON line of an object, gzip or plain), the table's columns under their
 * lower-case names, and the partitions `account`, `region` and `day` from each object's key. The
 * saved queries (APPLICATION_LOGS_QUERIES) run on it as they run in Athena.
 */
export class OfflineApplicationLogs {
  /**
   * Loads the objects under `folder`, within `days` when given (every day otherwise). Throws
   * {@link InvestigateInputError} for a bad day or a folder without application logs.
   */
  public static async load(folder: string, given?: DayRange): Promise<OfflineApplicationLogs> {
    const days = checkedDays(given);
    const { objects, outsideRange } = await findApplicationLogObjects(folder, days);
    if (objects.length === 0 && outsideRange === 0) {
      throw new InvestigateInputError(
        `no application logs under ${folder}: give a copy of the member-logs bucket, the folder that holds application-logs/<account>/<region>/<yyyy>/<MM>/<dd>/`,
      );
    }
    const engine = await DuckDbEngine.open();
    try {
      const columns = APPLICATION_LOGS_COLUMNS.map((column) => ({
        ...column,
        duckType: duckDbType(parseHiveType(column.type)),
      }));
      await engine.run(
        `CREATE TABLE ${APPLICATION_LOGS_TABLE_NAME} (${columns.map((c) => `"${c.name}" ${c.duckType}`).join(', ')}, account VARCHAR, region VARCHAR, day VARCHAR)`,
      );
      if (objects.length > 0) {
        await engine.run(`CREATE TABLE ${OBJECTS_TABLE} (file VARCHAR, account VARCHAR, region VARCHAR, day VARCHAR)`);
        await engine.appendText(
          OBJECTS_TABLE,
          objects.map((o) => [o.file, o.account, o.region, o.day]),
        );
        // The envelope's keys as AWS writes them (camelCase), read into the table's names.
        const read = columns.map((c) => `'${c.key}': '${c.duckType}'`).join(', ');
        const select = columns.map((c) => `envelope."${c.key}"`).join(', ');
        await engine.run(
          `INSERT INTO ${APPLICATION_LOGS_TABLE_NAME} SELECT ${select}, o.account, o.region, o.day
           FROM read_json(${sqlList(objects.map((o) => o.file))}, format = 'newline_delimited', columns = {${read}}, filename = true) AS envelope
           JOIN ${OBJECTS_TABLE} AS o ON o.file = envelope.filename`,
        );
      }
      const counted = await engine.query(
        `SELECT count(*) AS envelopes, coalesce(sum(len(logevents)), 0) AS events FROM ${APPLICATION_LOGS_TABLE_NAME}`,
      );
      const [{ envelopes, events }] = counted.rows as { envelopes: number; events: number }[];
      return new OfflineApplicationLogs(engine, days, { read: objects.length, outsideRange }, envelopes, events);
    } catch (error) {
      engine.close();
      throw error;
    }
  }

  private constructor(
    private readonly engine: DuckDbEngine,
    private readonly days: DayRange,
    /** Objects read, and objects the day range left out by their keys. */
    public readonly files: { readonly read: number; readonly outsideRange: number },
    /** Envelopes (lines) in the table. */
    public readonly envelopes: number,
    /** Log events in those envelopes. */
    public readonly events: number,
  ) {}

  /**
   * Runs a saved query (Trino text for the table) as investigate runs the CloudTrail ones: its
   * first two `?` take the first and last day (those loaded, unless `days` narrows them), the rest
   * `values` in order. `records` in the answer counts log events.
   */
  public async run(
    sql: (table: string) => string,
    values: readonly string[],
    days: DayRange = this.days,
  ): Promise<Investigation> {
    const text = sql(APPLICATION_LOGS_TABLE_NAME);
    checkValues(text, values);
    const { columns, rows } = await this.engine.query(text, [checkedDays(days).from, days.to, ...values]);
    return { columns, rows, files: this.files, records: this.events };
  }

  public close(): void {
    this.engine.close();
  }
}
