/** A Glue column: name and Hive type. */
export interface GlueColumn {
  readonly name: string;
  readonly type: string;
}

/** `struct<a:string,b:string>` from field names and types. */
function struct(fields: Readonly<Record<string, string>>): string {
  return `struct<${Object.entries(fields)
    .map(([name, type]) => `${name}:${type}`)
    .join(',')}>`;
}

const STRING = 'string';

const SESSION_ISSUER = struct({ type: STRING, principalid: STRING, arn: STRING, accountid: STRING, username: STRING });

const USER_IDENTITY = struct({
  type: STRING,
  principalid: STRING,
  arn: STRING,
  accountid: STRING,
  invokedby: STRING,
  accesskeyid: STRING,
  username: STRING,
  identityprovider: STRING,
  credentialid: STRING,
  onbehalfof: struct({ userid: STRING, identitystorearn: STRING }),
  sessioncontext: struct({
    attributes: struct({ mfaauthenticated: STRING, creationdate: STRING }),
    sessionissuer: SESSION_ISSUER,
    sourceidentity: STRING,
    ec2roledelivery: STRING,
    webidfederationdata: struct({ federatedprovider: STRING, attributes: 'map<string,string>' }),
  }),
});

/**
 * The columns of a CloudTrail log record, as the Athena documentation's CloudTrail table defines
 * them (names in lowercase: the JSON SerDe matches keys without regard to case). Fields whose
 * content depends on the service (`requestparameters`, `responseelements`, `additionaleventdata`,
 * `serviceeventdetails`, `edgedevicedetails`) are JSON text: read them with `json_extract_scalar`.
 * A test checks that every field of the real log files in the test corpus has a column here.
 */
export const CLOUDTRAIL_COLUMNS: readonly GlueColumn[] = [
  { name: 'eventversion', type: STRING },
  { name: 'useridentity', type: USER_IDENTITY },
  { name: 'eventtime', type: STRING },
  { name: 'eventsource', type: STRING },
  { name: 'eventname', type: STRING },
  { name: 'awsregion', type: STRING },
  { name: 'sourceipaddress', type: STRING },
  { name: 'useragent', type: STRING },
  { name: 'errorcode', type: STRING },
  { name: 'errormessage', type: STRING },
  { name: 'requestparameters', type: STRING },
  { name: 'responseelements', type: STRING },
  { name: 'additionaleventdata', type: STRING },
  { name: 'requestid', type: STRING },
  { name: 'eventid', type: STRING },
  { name: 'readonly', type: STRING },
  { name: 'resources', type: `array<${struct({ arn: STRING, accountid: STRING, type: STRING })}>` },
  { name: 'eventtype', type: STRING },
  { name: 'apiversion', type: STRING },
  { name: 'managementevent', type: STRING },
  { name: 'recipientaccountid', type: STRING },
  { name: 'serviceeventdetails', type: STRING },
  { name: 'sharedeventid', type: STRING },
  { name: 'vpcendpointid', type: STRING },
  { name: 'vpcendpointaccountid', type: STRING },
  { name: 'eventcategory', type: STRING },
  {
    name: 'addendum',
    type: struct({ reason: STRING, updatedfields: STRING, originalrequestid: STRING, originaleventid: STRING }),
  },
  { name: 'sessioncredentialfromconsole', type: STRING },
  { name: 'edgedevicedetails', type: STRING },
  { name: 'tlsdetails', type: struct({ tlsversion: STRING, ciphersuite: STRING, clientprovidedhostheader: STRING }) },
];

/** Record fields stored as JSON text rather than typed: their content varies by service. */
export const CLOUDTRAIL_JSON_TEXT_FIELDS = [
  'requestparameters',
  'responseelements',
  'additionaleventdata',
  'serviceeventdetails',
  'edgedevicedetails',
] as const;

/** The partition columns of a CloudTrail table, in the order of the S3 key. */
export const CLOUDTRAIL_PARTITION_KEYS = ['accountid', 'region', 'eventdate'] as const;

/** How a table projects its `accountid` partition. */
export type AccountProjection = 'enum' | 'injected';

/**
 * Above this many accounts, `auto` projects `accountid` as `injected`. AWS recommends keeping enum
 * projections to a few dozen values (Athena User Guide, supported types for partition projection):
 * a query that names no account lists accounts x Regions x days folders.
 */
export const ENUM_ACCOUNT_LIMIT = 100;

/** The projection `setting` gives a table of `accountCount` accounts. */
export function accountProjectionFor(setting: AccountProjection | 'auto', accountCount: number): AccountProjection {
  if (setting !== 'auto') return setting;
  return accountCount > ENUM_ACCOUNT_LIMIT ? 'injected' : 'enum';
}
