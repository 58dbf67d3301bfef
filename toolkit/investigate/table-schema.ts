import { DataType, Field, List, Map_, Struct, Utf8 } from 'apache-arrow';
import { CLOUDTRAIL_COLUMNS } from '../../modules/analytics/cloudtrail-schema';

/** A Hive column type of the Glue table, parsed: what a record's value is shaped into. */
export type HiveType =
  | { readonly kind: 'string' }
  | { readonly kind: 'struct'; readonly fields: readonly { readonly name: string; readonly type: HiveType }[] }
  | { readonly kind: 'array'; readonly element: HiveType }
  | { readonly kind: 'map'; readonly value: HiveType };

/** Parses a Hive type as the Glue table declares it: `string`, `struct<a:t,...>`, `array<t>`, `map<string,t>`. */
export function parseHiveType(text: string): HiveType {
  let at = 0;
  const expect = (token: string) => {
    if (!text.startsWith(token, at)) throw new Error(`Hive type ${text}: expected "${token}" at ${at}`);
    at += token.length;
  };
  const name = () => {
    const match = /^[a-z_][a-z0-9_]*/.exec(text.slice(at));
    if (match === null) throw new Error(`Hive type ${text}: expected a name at ${at}`);
    at += match[0].length;
    return match[0];
  };
  const type = (): HiveType => {
    const word = name();
    if (word === 'string') return { kind: 'string' };
    if (!['array', 'map', 'struct'].includes(word)) throw new Error(`Hive type ${text}: unknown type ${word}`);
    expect('<');
    let parsed: HiveType;
    if (word === 'array') parsed = { kind: 'array', element: type() };
    else if (word === 'map') {
      if (name() !== 'string') throw new Error(`Hive type ${text}: only string map keys are supported`);
      expect(',');
      parsed = { kind: 'map', value: type() };
    } else {
      const fields: { name: string; type: HiveType }[] = [];
      do {
        if (fields.length > 0) expect(',');
        const field = name();
        expect(':');
        fields.push({ name: field, type: type() });
      } while (text[at] === ',');
      parsed = { kind: 'struct', fields };
    }
    expect('>');
    return parsed;
  };
  const parsed = type();
  if (at !== text.length) throw new Error(`Hive type ${text}: unexpected text at ${at}`);
  return parsed;
}

/** The Arrow type that carries a Hive type into DuckDB (string → VARCHAR, struct → STRUCT, ...). */
export function arrowType(type: HiveType): DataType {
  switch (type.kind) {
    case 'string':
      return new Utf8();
    case 'struct':
      return new Struct(type.fields.map((field) => new Field(field.name, arrowType(field.type), true)));
    case 'array':
      return new List(new Field('item', arrowType(type.element), true));
    case 'map':
      return new Map_(
        new Field(
          'entries',
          new Struct([new Field('key', new Utf8(), false), new Field('value', arrowType(type.value), true)]),
          false,
        ) as Field<never>,
      );
  }
}

/** A column of the offline table: the Glue table's columns, then the partition columns. */
export interface TableColumn {
  readonly name: string;
  readonly type: HiveType;
}

/** The partition columns of the Athena table, in its order. */
export const PARTITION_COLUMNS = ['accountid', 'region', 'eventdate'] as const;

/** The columns of the Athena CloudTrail table ({@link CLOUDTRAIL_COLUMNS} and the partitions), parsed. */
export const TABLE_COLUMNS: readonly TableColumn[] = [
  ...CLOUDTRAIL_COLUMNS.map((column) => ({ name: column.name, type: parseHiveType(column.type) })),
  ...PARTITION_COLUMNS.map((name) => ({ name, type: { kind: 'string' } as const })),
];

/**
 * A record's value shaped as the column type reads it, as the JSON SerDe does: keys matched without
 * regard to case; a scalar (boolean, number) in a string column as its text; an object or a list in
 * a string column as JSON text (`requestparameters`, say); anything else that does not fit as null.
 */
export function shapeValue(value: unknown, type: HiveType): unknown {
  if (value === undefined || value === null) return null;
  switch (type.kind) {
    case 'string':
      return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
    case 'array':
      return Array.isArray(value) ? value.map((item) => shapeValue(item, type.element)) : null;
    case 'map':
      return typeof value === 'object' && !Array.isArray(value)
        ? new Map(Object.entries(value).map(([key, item]) => [key, shapeValue(item, type.value)]))
        : null;
    case 'struct': {
      if (typeof value !== 'object' || Array.isArray(value)) return null;
      const shaped: Record<string, unknown> = {};
      for (const field of type.fields) {
        shaped[field.name] = shapeValue(fieldOf(value as Record<string, unknown>, field.name), field.type);
      }
      return shaped;
    }
  }
}

/** The key each lowercased name was last found under (`useridentity` → `userIdentity`). */
const KEY_OF = new Map<string, string>();

/**
 * The value of `object` under `name` (lowercase) without regard to the key's case, as the JSON
 * SerDe matches it: CloudTrail writes `userIdentity`, the table reads `useridentity`. The key found
 * is remembered, so that records written alike cost one lookup.
 */
export function fieldOf(object: Record<string, unknown>, name: string): unknown {
  const known = KEY_OF.get(name);
  if (known !== undefined && known in object) return object[known];
  if (name in object) return object[name];
  for (const key of Object.keys(object)) {
    if (key.toLowerCase() === name) {
      KEY_OF.set(name, key);
      return object[key];
    }
  }
  return undefined;
}
