// What a user calls: load and check a config file, the schema, and the config's types.
export { type JsonPath } from './json-path';
export { loadConfig, parseConfig } from './load';
export { type MemberConfig, type OrgConfig, type OrgConfigInput, orgConfigSchema } from './schema';
export { type SelectedAlarms, selectedAlarms, selectsAnyAlarm } from './selected-alarms';
