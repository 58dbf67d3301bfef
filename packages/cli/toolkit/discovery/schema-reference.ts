import * as fs from 'fs';
import * as path from 'path';

/**
 * The `$schema` of a config written into `dir`, for editors: the schema inside the installed
 * constructs package (an app's node_modules, or a clone's, which npm links to the clone itself), as
 * examples/starter.config.json names it; else a schema beside the config; none when neither resolves.
 */
export function schemaReference(dir: string): string | undefined {
  return ['./node_modules/@audit-logging/cdktf/audit-config.schema.json', './audit-config.schema.json'].find(
    (reference) => fs.existsSync(path.join(dir, reference)),
  );
}
