import { CLOUDTRAIL_COLUMNS } from '@audit-logging/cdktf/toolkit-api/analytics';

/** A Hive column type of the Glue table, parsed: what a record's value is shaped into. */
export type HiveType =
  | { readonly kind: 'string' }
  | { readonly kind: 'bigint' }
  | { readonly kind: 'struct'; readonly fields: readonly { readonly name: string; readonly type: HiveType }[] }
  | { readonly kind: 'array'; readonly element: HiveType }
  | { readonly kind: 'map'; readonly value: HiveType };

/** Parses a Hive type as the Glue table declares it: `string`, `bigint`, `struct<a:t,...>`, `array<t>`, `map<string,t>`. */
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
    if (word === 'bigint') return { kind: 'bigint' };
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
 * Each field's key as CloudTrail writes it, by its lowercase column or field name. DuckDB matches
 * JSON keys with their case, where Athena's JSON SerDe ignores it; CloudTrail writes one spelling,
 * and a test checks every key of the corpus's real records against this list.
 */
export const CLOUDTRAIL_KEYS: Readonly<Record<string, string>> = Object.fromEntries(
  [
    ...['eventVersion', 'userIdentity', 'eventTime', 'eventSource', 'eventName', 'awsRegion', 'sourceIPAddress'],
    ...['userAgent', 'errorCode', 'errorMessage', 'requestParameters', 'responseElements', 'additionalEventData'],
    ...['requestID', 'eventID', 'readOnly', 'resources', 'eventType', 'apiVersion', 'managementEvent'],
    ...['recipientAccountId', 'serviceEventDetails', 'sharedEventID', 'vpcEndpointId', 'vpcEndpointAccountId'],
    ...['eventCategory', 'addendum', 'sessionCredentialFromConsole', 'edgeDeviceDetails', 'tlsDetails'],
    // userIdentity and its parts
    ...['type', 'principalId', 'arn', 'accountId', 'invokedBy', 'accessKeyId', 'userName', 'identityProvider'],
    ...['credentialId', 'onBehalfOf', 'userId', 'identityStoreArn', 'sessionContext', 'attributes'],
    ...['mfaAuthenticated', 'creationDate', 'sessionIssuer', 'sourceIdentity', 'ec2RoleDelivery'],
    ...['webIdFederationData', 'federatedProvider'],
    // addendum, tlsDetails
    ...['reason', 'updatedFields', 'originalRequestID', 'originalEventID', 'tlsVersion', 'cipherSuite'],
    'clientProvidedHostHeader',
  ].map((key) => [key.toLowerCase(), key]),
);

/** Keys written otherwise in one place, by their dotted path: `resources[].ARN`. */
const KEYS_AT_PATH: Readonly<Record<string, string>> = { 'resources.arn': 'ARN' };

/** The key CloudTrail writes for the field at `path` (lowercase names, dotted). */
export function cloudTrailKey(path: string): string {
  const name = path.slice(path.lastIndexOf('.') + 1);
  const key = KEYS_AT_PATH[path] ?? CLOUDTRAIL_KEYS[name];
  if (key === undefined) throw new Error(`no CloudTrail key for ${path}: add it to CLOUDTRAIL_KEYS`);
  return key;
}

/**
 * The DuckDB type of a column: VARCHAR, STRUCT, a list (`[]`) or MAP. With `path`, the field
 * names are the keys as CloudTrail writes them (for reading the JSON); without, the table's
 * lowercase names (a cast from the one to the other matches fields by name).
 */
export function duckDbType(type: HiveType, path?: string): string {
  switch (type.kind) {
    case 'string':
      return 'VARCHAR';
    case 'bigint':
      return 'BIGINT';
    case 'array':
      return `${duckDbType(type.element, path)}[]`;
    case 'map':
      return `MAP(VARCHAR, ${duckDbType(type.value)})`;
    case 'struct':
      return `STRUCT(${type.fields
        .map((field) => {
          const at = path === undefined ? undefined : path === '' ? field.name : `${path}.${field.name}`;
          return `"${at === undefined ? field.name : cloudTrailKey(at)}" ${duckDbType(field.type, at)}`;
        })
        .join(', ')})`;
  }
}
