/**
 * Bad configs and the messages they must produce: one case per line. A case either edits the
 * valid BASE config (`set`: dotted path -> value, `undefined` removes the key) or gives the whole
 * file `text`. Each `expect` entry must appear in one reported problem, rendered `path: message`.
 */
export interface BadConfigCase {
  readonly title: string;
  readonly set?: Readonly<Record<string, unknown>>;
  readonly text?: string;
  readonly expect: readonly string[];
}

/** A valid config the cases start from. */
export const BASE = {
  organization: { id: 'o-abcdefghij', managementAccountId: '111111111111' },
  homeRegion: 'eu-west-1',
  governedRegions: ['eu-west-1', 'us-east-1'],
  logArchive: { accountId: '222222222222', readerAccountIds: ['333333333333'] },
  trail: { name: 'org-trail' },
  alarms: { emails: ['sec@example.com'] },
  members: [
    { name: 'payments', accountId: '444444444444' },
    { name: 'sandbox', accountId: '555555555555', standaloneTrail: true },
  ],
};

// prettier-ignore
export const BAD_CONFIGS: readonly BadConfigCase[] = [
  // Malformed JSON: line and column.
  { title: 'missing comma', text: '{\n  "homeRegion": "eu-west-1"\n  "governedRegions": []\n}', expect: ['(line 3, column 3): invalid JSON: a comma is expected here'] },
  { title: 'trailing comma', text: '{\n  "homeRegion": "eu-west-1",\n}', expect: ['(line 3, column 1): trailing comma before the closing bracket'] },
  { title: 'comment', text: '{\n  // note\n  "homeRegion": "eu-west-1"\n}', expect: ['(line 2, column 3): invalid JSON: comments are not allowed in JSON'] },
  { title: 'unclosed string', text: '{ "homeRegion": "eu-west-1 }', expect: ['(line 1, column 17): invalid JSON: this string is not closed'] },
  { title: 'truncated file', text: '{ "homeRegion": ', expect: ['(line 1, column 17): the file ends too early'] },
  { title: 'empty file', text: '', expect: ['the file ends too early'] },
  { title: 'not an object', text: '["eu-west-1"]', expect: ['must be a JSON object, not a list'] },
  { title: 'duplicate JSON key', text: JSON.stringify(BASE).replace('"homeRegion"', '"homeRegion":"eu-west-1","homeRegion"'), expect: ['homeRegion (line 1, column 101): "homeRegion" appears more than once in this object'] },
  { title: 'duplicate key in a nested object', text: '{"logArchive": {"accountId": "1", "accountId": "2"}}', expect: ['logArchive.accountId (line 1, column 35): "accountId" appears more than once in this object'] },
  { title: 'duplicate key in a list item', text: '{"members": [{"name": "a", "name": "b"}]}', expect: ['members[0].name (line 1, column 28): "name" appears more than once in this object'] },
  // Missing and unknown keys.
  { title: 'missing organization', set: { organization: undefined }, expect: ['organization: is required; must be an object with id and managementAccountId'] },
  { title: 'missing log archive account', set: { 'logArchive.accountId': undefined }, expect: ['logArchive.accountId: is required; must be a 12-digit string'] },
  { title: 'typo at top level', set: { trial: { name: 'x' } }, expect: ['trial: unknown key; did you mean "trail"?'] },
  { title: 'typo in a member', set: { 'members.0.awsconfig': true }, expect: ['members[0].awsconfig: unknown key; did you mean "awsConfig"?'] },
  { title: 'unknown key, no near match', set: { 'logArchive.colour': 'blue' }, expect: ['logArchive.colour: unknown key; allowed here: accountId, bucketName, retention, objectLock, readerAccountIds, accessLogExpirationDays, replication'] },
  // Wrong types.
  { title: 'regions as a string', set: { governedRegions: 'eu-west-1' }, expect: ['governedRegions: must be a list of Region codes that includes homeRegion, not "eu-west-1"'] },
  { title: 'boolean as a string', set: { 'trail.insights': 'yes' }, expect: ['trail.insights: must be true or false, not "yes"'] },
  { title: 'members as an object', set: { members: { payments: '444444444444' } }, expect: ['members: must be a list of member accounts, not an object'] },
  { title: 'days as a string', set: { 'logArchive.objectLock': { days: '365' } }, expect: ['logArchive.objectLock.days: must be a whole number of days (S3 Object Lock accepts 1 to 36500), not "365"'] },
  // Account and organization ids.
  { title: 'account id as a number', set: { 'members.1.accountId': 555555555555 }, expect: ['members[1].accountId: must be a 12-digit string in quotes, like "012345678901" (a JSON number would lose leading zeros), not number 555555555555'] },
  { title: 'account id too short', set: { 'logArchive.accountId': '22222222222' }, expect: ['logArchive.accountId: must be a 12-digit string'] },
  { title: 'reader account id with letters', set: { 'logArchive.readerAccountIds': ['33333333333a'] }, expect: ['logArchive.readerAccountIds[0]: must be a 12-digit string'] },
  { title: 'organization id upper case', set: { 'organization.id': 'o-ABCDEFGHIJ' }, expect: ['organization.id: "o-ABCDEFGHIJ" is not an organization id; use "o-" followed by 10 to 32 lowercase letters or digits'] },
  { title: 'organization id too short', set: { 'organization.id': 'o-abc' }, expect: ['organization.id: "o-abc" is not an organization id'] },
  // Regions.
  { title: 'region typo', set: { homeRegion: 'eu-wset-1', governedRegions: ['eu-wset-1'] }, expect: ['homeRegion: "eu-wset-1" is not an AWS Region; did you mean "eu-west-1"?', 'governedRegions[0]: "eu-wset-1" is not an AWS Region'] },
  { title: 'region unknown', set: { 'deployment.stateBucket': 'state-bucket', 'deployment.stateRegion': 'mars-1' }, expect: ['deployment.stateRegion: "mars-1" is not an AWS Region; use a Region code such as "eu-west-1"'] },
  { title: 'home region not governed', set: { governedRegions: ['us-east-1'] }, expect: ['governedRegions: must include homeRegion "eu-west-1"; add it to the list'] },
  { title: 'no governed regions', set: { governedRegions: [] }, expect: ['governedRegions: must list at least one Region'] },
  { title: 'regions of two partitions', set: { governedRegions: ['eu-west-1', 'cn-north-1'] }, expect: ['governedRegions[1]: "cn-north-1" is in partition aws-cn, but homeRegion "eu-west-1" is in aws'] },
  { title: 'repeated region', set: { governedRegions: ['eu-west-1', 'eu-west-1'] }, expect: ['governedRegions[1]: "eu-west-1" repeats governedRegions[0]; remove the repeated Region'] },
  // Duplicates.
  { title: 'duplicate member names', set: { 'members.1.name': 'payments' }, expect: ['members[1].name: "payments" repeats members[0].name; member names are the stack names, so each must be unique'] },
  { title: 'duplicate member accounts', set: { 'members.1.accountId': '444444444444' }, expect: ['members[1].accountId: "444444444444" repeats members[0].accountId'] },
  { title: 'duplicate readers', set: { 'logArchive.readerAccountIds': ['333333333333', '333333333333'] }, expect: ['logArchive.readerAccountIds[1]: "333333333333" repeats logArchive.readerAccountIds[0]'] },
  { title: 'duplicate custom alarm ids', set: { 'alarms.custom': [{ id: 'a', pattern: '{ $.x = 1 }', description: 'd' }, { id: 'a', pattern: '{ $.y = 1 }', description: 'd' }] }, expect: ['alarms.custom[1].id: "a" repeats alarms.custom[0].id'] },
  // CloudWatch Logs retention.
  { title: 'retention not accepted by CloudWatch Logs', set: { 'trail.cloudWatchLogsRetentionDays': 42 }, expect: ['trail.cloudWatchLogsRetentionDays: 42 is not a CloudWatch Logs retention; use one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400'] },
  // Lifecycle.
  { title: 'Standard-IA before 30 days', set: { 'logArchive.retention': { transitionToInfrequentAccessDays: 10 } }, expect: ['logArchive.retention.transitionToInfrequentAccessDays: must be at least 30 (S3 moves objects to Standard-IA no earlier than 30 days'] },
  { title: 'Glacier too soon after Standard-IA', set: { 'logArchive.retention': { transitionToInfrequentAccessDays: 90, transitionToGlacierDays: 100 } }, expect: ['logArchive.retention.transitionToGlacierDays: is 100, but objects must stay 30 days in Standard-IA (moved there on day 90) before S3 moves them to Glacier; use at least 120'] },
  { title: 'Deep Archive before Glacier', set: { 'logArchive.retention': { transitionToGlacierDays: 365, transitionToDeepArchiveDays: 180 } }, expect: ['logArchive.retention.transitionToDeepArchiveDays: is 180, which is not after transitionToGlacierDays (365)'] },
  { title: 'expiry before the last transition', set: { 'logArchive.retention': { expireAfterDays: 100 } }, expect: ['logArchive.retention.expireAfterDays: is 100, which is not after transitionToGlacierDays (365)'] },
  { title: 'expiry before Object Lock retention ends', set: { 'logArchive.retention': { transitionToGlacierDays: 365, expireAfterDays: 400 }, 'logArchive.objectLock': { mode: 'COMPLIANCE', days: 3650 } }, expect: ['logArchive.retention.expireAfterDays: is 400, but Object Lock keeps every object for 3650 days (COMPLIANCE): S3 cannot delete a locked version, so the expiry would only hide objects behind delete markers until day 3650; use at least 3650, or lower logArchive.objectLock.days'] },
  { title: 'expiry before the default Object Lock retention ends', set: { 'logArchive.retention': { transitionToInfrequentAccessDays: null, transitionToGlacierDays: 30, expireAfterDays: 200 } }, expect: ['logArchive.retention.expireAfterDays: is 200, but Object Lock keeps every object for 365 days (GOVERNANCE)'] },
  { title: 'YAML instead of JSON', text: '---\norganization:\n  id: o-abcdefghij\n', expect: ['(line 1, column 1): the config must be JSON, and this file looks like YAML'] },
  { title: 'fractional days', set: { 'logArchive.retention': { noncurrentVersionExpirationDays: 1.5 } }, expect: ['logArchive.retention.noncurrentVersionExpirationDays: must be a whole number of days'] },
  { title: 'object lock days over the limit', set: { 'logArchive.objectLock': { days: 40000 } }, expect: ['logArchive.objectLock.days: must be at most 36500'] },
  { title: 'object lock mode unknown', set: { 'logArchive.objectLock': { mode: 'LEGAL_HOLD' } }, expect: ['logArchive.objectLock.mode: must be "GOVERNANCE" or "COMPLIANCE", not "LEGAL_HOLD"'] },
  // E-mail addresses.
  { title: 'bad e-mail address', set: { 'alarms.emails': ['sec@example.com', 'secops at example.com'] }, expect: ['alarms.emails[1]: "secops at example.com" is not an e-mail address'] },
  // Bucket names.
  { title: 'bucket name with upper case', set: { 'logArchive.bucketName': 'Audit-Logs' }, expect: ['logArchive.bucketName: "Audit-Logs" is not a valid S3 bucket name: it may contain only lowercase letters, digits, dots and hyphens'] },
  { title: 'bucket name like an IP address', set: { 'logArchive.bucketName': '10.0.0.1' }, expect: ['it must not look like an IP address'] },
  { title: 'bucket name with a reserved prefix', set: { 'logArchive.bucketName': 'xn--audit' }, expect: ['it must not start with "xn--" (reserved by S3)'] },
  { title: 'bucket name too short', set: { 'logArchive.bucketName': 'ab' }, expect: ['it is 2 characters; S3 bucket names have 3 to 63'] },
  { title: 'bucket name too long for its access-log bucket', set: { 'logArchive.bucketName': 'a'.repeat(60) }, expect: ['logArchive.bucketName: is 60 characters; the bucket "' + 'a'.repeat(60) + '-access-logs" derived from it would have 72, over S3\'s 63. Use at most 51 characters'] },
  // Replication and access logs.
  { title: 'replica in the home Region', set: { 'logArchive.replication': { region: 'eu-west-1' } }, expect: ['logArchive.replication.region: is homeRegion "eu-west-1"; a replica protects against losing a Region only in another one'] },
  { title: 'replica in another partition', set: { 'logArchive.replication': { region: 'cn-north-1' } }, expect: ['logArchive.replication.region: "cn-north-1" is in partition aws-cn, but homeRegion "eu-west-1" is in aws'] },
  { title: 'replica Region typo', set: { 'logArchive.replication': { region: 'eu-centrl-1' } }, expect: ['logArchive.replication.region: "eu-centrl-1" is not an AWS Region; did you mean "eu-central-1"?'] },
  { title: 'replica without a Region', set: { 'logArchive.replication': {} }, expect: ['logArchive.replication.region: is required'] },
  { title: 'replication as true', set: { 'logArchive.replication': true }, expect: ['logArchive.replication: must be an object with region (and optionally bucketName), or null, not boolean true'] },
  { title: 'replica named like the log bucket', set: { 'logArchive.bucketName': 'acme-audit', 'logArchive.replication': { region: 'eu-central-1', bucketName: 'acme-audit' } }, expect: ['logArchive.replication.bucketName: "acme-audit" is already a bucket of the archive'] },
  { title: 'bucket name too long for its replica', set: { 'logArchive.bucketName': 'a'.repeat(56) }, expect: ['-access-logs" derived from it would have 68'] },
  { title: 'access logs kept zero days', set: { 'logArchive.accessLogExpirationDays': 0 }, expect: ['logArchive.accessLogExpirationDays: must be at least 1'] },
  { title: 'state bucket name invalid', set: { 'deployment.stateBucket': 'state_bucket' }, expect: ['deployment.stateBucket: "state_bucket" is not a valid S3 bucket name'] },
  // Deployment.
  { title: 'state region without bucket', set: { 'deployment.stateRegion': 'eu-west-1' }, expect: ['deployment.stateRegion: applies only to the S3 backend; set deployment.stateBucket as well'] },
  { title: 'state account without bucket', set: { 'deployment.stateAccountId': '111111111111' }, expect: ['deployment.stateAccountId: applies only to the S3 backend; set deployment.stateBucket as well'] },
  { title: 'state account not the state role\'s', set: { 'deployment.stateBucket': 'state-bucket', 'deployment.stateAccountId': '111111111111', 'deployment.stateRoleArn': 'arn:aws:iam::999999999999:role/terraform-state' }, expect: ['deployment.stateAccountId: is "111111111111" but deployment.stateRoleArn is a role of 999999999999'] },
  { title: 'bad role name', set: { 'deployment.roleName': 'Deploy Role' }, expect: ['deployment.roleName: "Deploy Role" is not an IAM role name'] },
  { title: 'bad state role ARN', set: { 'deployment.stateBucket': 'state-bucket', 'deployment.stateRoleArn': 'arn:aws:iam::1:user/x' }, expect: ['deployment.stateRoleArn: "arn:aws:iam::1:user/x" is not an IAM role ARN'] },
  // Trail.
  { title: 'trail name with adjacent symbols', set: { 'trail.name': 'org--trail' }, expect: ['trail.name: "org--trail" is not a trail name'] },
  { title: 'network activity of a source CloudTrail does not log', set: { 'trail.networkActivityEvents': ['iam.amazonaws.com'] }, expect: ['trail.networkActivityEvents[0]: "iam.amazonaws.com" is not an event source CloudTrail logs network activity events for; use one of the sources its guide lists, such as "ec2.amazonaws.com", "kms.amazonaws.com", "s3.amazonaws.com" or "secretsmanager.amazonaws.com"'] },
  { title: 'network activity of a source named twice', set: { 'trail.networkActivityEvents': ['s3.amazonaws.com', 's3.amazonaws.com'] }, expect: ['trail.networkActivityEvents: lists "s3.amazonaws.com" twice; name each event source once'] },
  { title: 'event source that cannot be excluded', set: { 'trail.excludeManagementEventSources': ['s3.amazonaws.com'] }, expect: ['trail.excludeManagementEventSources[0]: "s3.amazonaws.com" cannot be excluded; CloudTrail lets a trail exclude only "kms.amazonaws.com" and "rdsdata.amazonaws.com"'] },
  { title: 'S3 data event ARN without a slash', set: { 'trail.dataEvents': { s3: ['arn:aws:s3:::bucket'] } }, expect: ['trail.dataEvents.s3[0]: "arn:aws:s3:::bucket" is not an S3 object ARN prefix'] },
  { title: 'empty data event list', set: { 'trail.dataEvents': { lambda: [] } }, expect: ['trail.dataEvents.lambda: must not be empty; use "none" to log no lambda data events'] },
  { title: 'data events keyword typo', set: { 'trail.dataEvents': { s3: 'everything' } }, expect: ['trail.dataEvents.s3: must be "all", "none", or a list of ARNs'] },
  // Alarms.
  { title: 'control id typo', set: { 'alarms.controls': ['root-acount-usage'] }, expect: ['alarms.controls[0]: "root-acount-usage" is not a control id; did you mean "root-account-usage"?'] },
  { title: 'evasion detection id typo', set: { 'alarms.evasion': ['flow-log-deleted'] }, expect: ['alarms.evasion[0]: "flow-log-deleted" is not an evasion detection id; did you mean "flow-logs-deleted"?'] },
  { title: 'evasion keyword typo', set: { 'alarms.evasion': 'cis' }, expect: ['alarms.evasion: must be "all" (every detection) or a list of detection ids ([] for none)'] },
  { title: 'repeated evasion detection', set: { 'alarms.evasion': ['alarm-silenced', 'alarm-silenced'] }, expect: ['alarms.evasion[1]: "alarm-silenced" repeats alarms.evasion[0]; remove the repeated detection'] },
  { title: 'custom alarm id with a built-in prefix', set: { 'alarms.custom': [{ id: 'evasion-mine', pattern: '{ $.x = 1 }', description: 'd' }] }, expect: ['alarms.custom[0].id: "evasion-mine" starts with "evasion-", which names the built-in alarms; choose an id without that prefix'] },
  { title: 'more metric filters than a log group takes', set: { 'alarms.custom': Array.from({ length: 65 }, (_, i) => ({ id: `mine-${i}`, pattern: '{ $.x = 1 }', description: 'd' })) }, expect: ["alarms.custom: makes 101 metric filters on the trail's log group (17 for the CIS controls, 19 for the evasion pack, 65 custom); CloudWatch Logs allows 100 per log group. Remove 1 custom alarm(s), or deselect controls in alarms.controls or alarms.evasion"] },
  { title: 'custom alarm id of a CIS control', set: { 'alarms.custom': [{ id: 'vpc-changes', pattern: '{ $.x = 1 }', description: 'd' }] }, expect: ['alarms.custom[0].id: "vpc-changes" is the id of a CIS control'] },
  { title: 'custom pattern too long', set: { 'alarms.custom': [{ id: 'long', pattern: 'x'.repeat(1025), description: 'd' }] }, expect: ['alarms.custom[0].pattern: is 1025 characters; CloudWatch Logs filter patterns have at most 1024'] },
  { title: 'custom pattern not JSON', set: { 'alarms.custom': [{ id: 'x', pattern: 'ERROR', description: 'd' }] }, expect: ['alarms.custom[0].pattern: is not a valid filter pattern: a JSON filter pattern starts with "{"'] },
  { title: 'custom pattern unbalanced', set: { 'alarms.custom': [{ id: 'x', pattern: '{ ($.eventName = "AssumeRole" }', description: 'd' }] }, expect: ['alarms.custom[0].pattern: is not a valid filter pattern: expected "&&", "||" or the closing ")" (character 31); try it with npm run test-filters'] },
  { title: 'sign-in variant unknown', set: { 'alarms.consoleSigninWithoutMfa': 'sso' }, expect: ['alarms.consoleSigninWithoutMfa: must be "all" or "iam-users", not "sso"'] },
  { title: 'data events of the log bucket', set: { 'trail.dataEvents': { s3: ['arn:aws:s3:::data/', 'arn:aws:s3:::audit-logs-222222222222-eu-west-1/AWSLogs/'] } }, expect: ['trail.dataEvents.s3[1]: is the central log bucket; the trail never logs data events of its own bucket'] },
  { title: 'data events of a named log bucket', set: { 'logArchive.bucketName': 'acme-audit', 'trail.dataEvents': { s3: ['arn:aws:s3:::acme-audit/'] } }, expect: ['trail.dataEvents.s3[0]: is the central log bucket'] },
  { title: 'trail owned by an account outside the org', set: { 'trail.accountId': '555555555555' }, expect: ['trail.accountId: is member "sandbox", which is marked as outside the organization trail'] },
  { title: 'trail owned by a member marked outside the org', set: { 'trail.accountId': '444444444444', 'members.0.inOrganization': false }, expect: ['trail.accountId: is member "payments", which is marked as outside the organization trail'] },
  // Analytics.
  { title: 'Athena cutoff under 10 MB', set: { 'analytics.bytesScannedCutoffPerQuery': 1000000 }, expect: ["analytics.bytesScannedCutoffPerQuery: number 1000000 is under Athena's minimum; use at least 10000000 (10 MB)"] },
  { title: 'Glue database name with capitals', set: { 'analytics.databaseName': 'AuditLogs' }, expect: ['analytics.databaseName: "AuditLogs" is not a Glue name; use lowercase letters, digits and underscores, such as "audit_logs"'] },
  { title: 'table name with a hyphen', set: { 'analytics.tableName': 'cloud-trail' }, expect: ['analytics.tableName: "cloud-trail" is not a Glue name'] },
  { title: 'projection start not a date', set: { 'analytics.projectionStartDate': '2024-01-01' }, expect: ['analytics.projectionStartDate: "2024-01-01" is not a date written yyyy/MM/dd, such as "2024/01/01"'] },
  { title: 'projection start not a calendar day', set: { 'analytics.projectionStartDate': '2024/02/30' }, expect: ['analytics.projectionStartDate: "2024/02/30" is not a date written yyyy/MM/dd'] },
  { title: 'results kept zero days', set: { 'analytics.resultsExpirationDays': 0 }, expect: ['analytics.resultsExpirationDays: must be at least 1 (how long Athena query results are kept), not number 0'] },
  { title: 'crawler prefix without a trailing slash', set: { 'analytics.crawlerPrefixes': ['config-logs'] }, expect: ['analytics.crawlerPrefixes[0]: "config-logs" is not a key prefix; write it without a leading "/" and with a trailing one, such as "config-logs/"'] },
  { title: 'crawler prefixes empty', set: { 'analytics.crawlerPrefixes': [] }, expect: ['analytics.crawlerPrefixes: must name at least one prefix, such as "config-logs/"'] },
  { title: 'crawler schedule not cron', set: { 'analytics.crawlerSchedule': 'daily' }, expect: ['analytics.crawlerSchedule: "daily" is not a Glue schedule'] },
  // Members and tags.
  { title: 'member name not kebab case', set: { 'members.0.name': 'Payments_Prod' }, expect: ['members[0].name: "Payments_Prod" must be lowercase kebab-case'] },
  { title: 'member name too long', set: { 'members.0.name': 'a'.repeat(41) }, expect: ['members[0].name: must be at most 40 characters'] },
  { title: 'management account marked outside the org', set: { 'members.0.accountId': '111111111111', 'members.0.inOrganization': false }, expect: ['members[0].inOrganization: is false, but 111111111111 is the management account, which belongs to the organization; remove inOrganization'] },
  { title: 'log archive account marked outside the org', set: { 'members.0.accountId': '222222222222', 'members.0.inOrganization': false }, expect: ['members[0].inOrganization: is false, but 222222222222 is the log archive account'] },
  { title: 'inOrganization not a boolean', set: { 'members.0.inOrganization': 'no' }, expect: ['members[0].inOrganization: must be true or false, not "no"'] },
  { title: 'session logs not a boolean', set: { 'members.0.sessionManagerLogs': 1 }, expect: ['members[0].sessionManagerLogs: must be true or false, not number 1'] },
  { title: 'flow logs not a list', set: { 'members.0.vpcFlowLogs': 'vpc-0a1b2c3d' }, expect: ['members[0].vpcFlowLogs: must be a list of { vpcId, region }, not "vpc-0a1b2c3d"'] },
  { title: 'flow log VPC id malformed', set: { 'members.0.vpcFlowLogs': [{ vpcId: 'vpc-xyz' }] }, expect: ['members[0].vpcFlowLogs[0].vpcId: "vpc-xyz" is not a VPC id; use "vpc-" and 8 or 17 hexadecimal digits'] },
  { title: 'flow log without a VPC id', set: { 'members.0.vpcFlowLogs': [{ region: 'eu-west-1' }] }, expect: ['members[0].vpcFlowLogs[0].vpcId: is required; must be a VPC id such as "vpc-0a1b2c3d4e5f67890"'] },
  { title: 'flow log unknown key', set: { 'members.0.vpcFlowLogs': [{ vpcId: 'vpc-0a1b2c3d', trafic: 'ALL' }] }, expect: ['members[0].vpcFlowLogs[0].trafic'] },
  { title: 'flow log Region not governed', set: { 'members.0.vpcFlowLogs': [{ vpcId: 'vpc-0a1b2c3d', region: 'ap-south-1' }] }, expect: ['members[0].vpcFlowLogs[0].region: "ap-south-1" is not in governedRegions; add it there, or correct the VPC\'s Region'] },
  { title: 'flow log Region typo', set: { 'members.0.vpcFlowLogs': [{ vpcId: 'vpc-0a1b2c3d', region: 'eu-west-9' }] }, expect: ['members[0].vpcFlowLogs[0].region: "eu-west-9" is not an AWS Region'] },
  { title: 'flow log VPC repeated', set: { 'members.0.vpcFlowLogs': [{ vpcId: 'vpc-0a1b2c3d' }, { vpcId: 'vpc-0a1b2c3d', region: 'us-east-1' }] }, expect: ['members[0].vpcFlowLogs[1].vpcId: "vpc-0a1b2c3d" repeats members[0].vpcFlowLogs[0].vpcId; a VPC has one flow log here, remove the repeat'] },
  { title: 'snapshot frequency unknown', set: { 'awsConfig.snapshotDeliveryFrequency': 'Daily' }, expect: ['awsConfig.snapshotDeliveryFrequency: "Daily" is not a snapshot frequency; use one of "One_Hour", "Three_Hours", "Six_Hours", "Twelve_Hours", "TwentyFour_Hours"'] },
  { title: 'awsConfig section unknown key', set: { 'awsConfig.recorder': 'x' }, expect: ['awsConfig.recorder'] },
  { title: 'reserved tag key', set: { tags: { ManagedBy: 'me' } }, expect: ['tags.ManagedBy: ManagedBy and Stack are set by this product'] },
  { title: 'AWS tag prefix', set: { tags: { 'aws:owner': 'me' } }, expect: ['tags.aws:owner: tag keys must not start with "aws:"'] },
  { title: 'tag value not a string', set: { tags: { Owner: 7 } }, expect: ['tags.Owner: tag values must be strings, not number 7'] },
  { title: 'session data keys without session logs', set: { 'members.0.sessionManagerKmsEncryption': true }, expect: ['members[0].sessionManagerKmsEncryption: is true, but sessionManagerLogs is not; set sessionManagerLogs to true, or remove the setting'] },
  { title: 'awsConfig neither boolean nor control-tower', set: { 'members.0.awsConfig': 'tower' }, expect: ['members[0].awsConfig: must be true, false or "control-tower", not "tower"'] },
  { title: 'existing recorder with Config off', set: { 'members.0.awsConfig': false, 'members.0.existingConfig': [{ region: 'eu-west-1', recorderName: 'x' }] }, expect: ['members[0].existingConfig: lists recorders to adopt, but awsConfig is false'] },
  { title: 'existing recorder with Control Tower', set: { 'members.0.awsConfig': 'control-tower', 'members.0.existingConfig': [{ region: 'eu-west-1', recorderName: 'x' }] }, expect: ['members[0].existingConfig: lists recorders to adopt, but awsConfig is "control-tower"'] },
  { title: 'existing recorder outside governed Regions', set: { 'members.0.existingConfig': [{ region: 'eu-north-1', recorderName: 'x' }] }, expect: ['members[0].existingConfig[0].region: "eu-north-1" is not in governedRegions'] },
  { title: 'existing recorder twice in a Region', set: { 'members.0.existingConfig': [{ region: 'eu-west-1', recorderName: 'x' }, { region: 'eu-west-1', recorderName: 'y' }] }, expect: ['members[0].existingConfig[1].region: "eu-west-1" is listed twice'] },
  { title: 'existing recorder without a name', set: { 'members.0.existingConfig': [{ region: 'eu-west-1' }] }, expect: ['members[0].existingConfig[0].recorderName: is required'] },
  { title: 'unknown account status', set: { 'members.0.accountStatus': 'CLOSED' }, expect: ['members[0].accountStatus: "CLOSED" is not an account status; use one of "ACTIVE", "SUSPENDED", "PENDING_CLOSURE", "DEPARTED"'] },
  // Guardrails.
  { title: 'guardrails not an object', set: { guardrails: true }, expect: ['guardrails: must be an object such as { "enabled": true }, not boolean true'] },
  { title: 'guardrails unknown key', set: { 'guardrails.scps': [] }, expect: ['guardrails.scps'] },
  { title: 'guardrails enabled not a boolean', set: { 'guardrails.enabled': 'yes' }, expect: ['guardrails.enabled: must be true or false, not "yes"'] },
  { title: 'guardrails target not a root, OU or account', set: { 'guardrails.targets': ['o-abcdefghij'] }, expect: ['guardrails.targets[0]: "o-abcdefghij" is not a root, OU or account id; use "r-" (root), "ou-" (OU) or a 12-digit account id'] },
  { title: 'guardrails targets empty', set: { 'guardrails.targets': [] }, expect: ['guardrails.targets: must name at least one target; leave targets out to attach to the organization root'] },
  { title: 'guardrails target repeated', set: { 'guardrails.targets': ['r-ab12', 'r-ab12'] }, expect: ['guardrails.targets[1]: "r-ab12" repeats guardrails.targets[0]'] },
  { title: 'break-glass principal not an ARN', set: { 'guardrails.breakGlassPrincipalArns': ['BreakGlass'] }, expect: ['guardrails.breakGlassPrincipalArns[0]: "BreakGlass" is not an IAM role or user ARN such as "arn:aws:iam::012345678901:role/BreakGlass"'] },
  { title: 'break-glass principal repeated', set: { 'guardrails.breakGlassPrincipalArns': ['arn:aws:iam::222222222222:role/B', 'arn:aws:iam::222222222222:role/B'] }, expect: ['guardrails.breakGlassPrincipalArns[1]: "arn:aws:iam::222222222222:role/B" repeats guardrails.breakGlassPrincipalArns[0]'] },
  { title: 'guardrails account malformed', set: { 'guardrails.accountId': '1234' }, expect: ['guardrails.accountId: must be a 12-digit string in quotes'] },
  // AWS recommends against this Region deny with Control Tower [region-deny-example-not-for-control-tower].
  { title: 'Region deny with a Control Tower member', set: { 'guardrails.denyOtherRegions': true, 'members.1.awsConfig': 'control-tower' }, expect: ['guardrails.denyOtherRegions: is true, but members[1].awsConfig is "control-tower": AWS recommends not using this Region deny (AWS Organizations\' example SCP) in an organization that uses AWS Control Tower', 'Remove guardrails.denyOtherRegions and turn on Control Tower\'s own Region deny control in its landing zone settings, or set members[1].awsConfig'] },
  { title: 'Region deny with two Control Tower members', set: { 'guardrails.denyOtherRegions': true, 'members.0.awsConfig': 'control-tower', 'members.1.awsConfig': 'control-tower' }, expect: ['guardrails.denyOtherRegions: is true, but members[0].awsConfig and members[1].awsConfig are "control-tower"'] },
  // The audit account.
  { title: 'audit not an object', set: { audit: true }, expect: ['audit: must be an object such as { "accountId": "012345678901" }, or false, not boolean true'] },
  { title: 'audit without an account', set: { audit: {} }, expect: ['audit.accountId: is required; must be a 12-digit string in quotes'] },
  { title: 'audit account is the management account', set: { audit: { accountId: '111111111111' } }, expect: ["audit.accountId: is the management account; AWS runs Security Hub's central configuration and the organization's Config rules from a delegated administrator, never the management account. Use a member account"] },
  { title: 'audit account outside the organization', set: { audit: { accountId: '555555555555' }, 'members.1.inOrganization': false }, expect: ['audit.accountId: is member "sandbox", which is outside the organization (inOrganization false)'] },
  { title: 'audit unknown key', set: { audit: { accountId: '444444444444', aggregator: true } }, expect: ['audit.aggregator'] },
  { title: 'audit rule unknown', set: { audit: { accountId: '444444444444', configRules: ['cloudtrail-enabled'] } }, expect: ['audit.configRules[0]: "cloudtrail-enabled" is not a detective rule; use one of "multi-region-cloudtrail-enabled"'] },
  { title: 'audit rule repeated', set: { audit: { accountId: '444444444444', configRules: ['vpc-flow-logs-enabled', 'vpc-flow-logs-enabled'] } }, expect: ['audit.configRules[1]: "vpc-flow-logs-enabled" repeats audit.configRules[0]'] },
  { title: 'audit frequency unknown', set: { audit: { accountId: '444444444444', evaluationFrequency: 'Daily' } }, expect: ['audit.evaluationFrequency: "Daily" is not an evaluation frequency; use one of "One_Hour"'] },
  { title: 'audit standard unknown', set: { audit: { accountId: '444444444444', securityHubStandards: ['cis-aws-foundations-benchmark/v/1.2.0'] } }, expect: ['audit.securityHubStandards[0]: "cis-aws-foundations-benchmark/v/1.2.0" is not a Security Hub standard this product enables'] },
  { title: 'audit standards empty', set: { audit: { accountId: '444444444444', securityHubStandards: [] } }, expect: ['audit.securityHubStandards: must name at least one standard; set securityHub to false to leave Security Hub alone'] },
  // Application logs.
  { title: 'application logs opt-out of no member', set: { applicationLogs: { enabled: true, optedOutMembers: ['sandbx'] } }, expect: ['applicationLogs.optedOutMembers[0]: "sandbx" is not the name of a member; use one of members[].name (payments, sandbox), or remove it'] },
  { title: 'application logs opt-out repeated', set: { applicationLogs: { optedOutMembers: ['sandbox', 'sandbox'] } }, expect: ['applicationLogs.optedOutMembers[1]: "sandbox" repeats applicationLogs.optedOutMembers[0]'] },
  { title: 'application logs excluded group not a log group name', set: { applicationLogs: { excludedLogGroups: ['/aws/lambda/api*'] } }, expect: ['applicationLogs.excludedLogGroups[0]: "/aws/lambda/api*" is not a log group name: 1 to 512 of the letters, digits and . - _ / # (an account-level policy excludes log groups by exact name, never by prefix or pattern)'] },
  { title: 'application logs excluded group repeated', set: { applicationLogs: { excludedLogGroups: ['/a', '/a'] } }, expect: ['applicationLogs.excludedLogGroups[1]: "/a" repeats applicationLogs.excludedLogGroups[0]'] },
  { title: 'application logs buffering out of range', set: { applicationLogs: { bufferingSeconds: 30 } }, expect: ['applicationLogs.bufferingSeconds: must be at least 60 seconds (Firehose buffers 60 to 900)'] },
  { title: 'application logs unknown key', set: { applicationLogs: { enabled: true, regions: ['eu-west-1'] } }, expect: ['applicationLogs.regions: unknown key'] },
  // Issue 77: what the guardrails would refuse or could not protect, refused before anything is written.
  { title: 'evidence signer outside the data perimeter', set: { 'logArchive.evidenceSigning': { signerRoleArns: ['arn:aws:iam::222222222222:role/builder', 'arn:aws:iam::999999999999:role/builder'] } }, expect: ['logArchive.evidenceSigning.signerRoleArns[1]: is a role of 999999999999, an account this config does not name: the data perimeter (guardrails.dataPerimeter) lets only', 'Sign from a role in the log archive account, or name 999999999999 under members'] },
  { title: 'bootstrap role is the least-privilege deploy role', set: { deployment: { roleName: 'audit-deploy', bootstrapRoleName: 'audit-deploy' } }, expect: ['deployment.bootstrapRoleName: is deployment.roleName ("audit-deploy"), the role deploy-role creates'] },
];
