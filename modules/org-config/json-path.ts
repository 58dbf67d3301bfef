/** A location in a JSON document: keys and list indexes from the root. */
export type JsonPath = readonly (string | number)[];

/** `members[1].accountId` from `['members', 1, 'accountId']`. */
export function formatPath(jsonPath: JsonPath): string {
  return jsonPath.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
}
