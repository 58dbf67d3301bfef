/*
 * The walk that holds a record of a service's operations against botocore's models
 * (botocore/data/<service>/<version>/service-2.json), shared by the evasion pack's coverage
 * (evasion-api-coverage.ts) and the guardrails' (prevention-api-coverage.ts): each keeps its own
 * data and says where an operation goes; this says, in one shape, what disagrees.
 */

/** botocore's operation names of each service, by the service's botocore name. */
export type ServiceModels = Readonly<Record<string, readonly string[]>>;

/** One record of one service to hold against the models. */
export interface PlacedService {
  /** Who the record is for, first in each message: a detection's id, or `prevention`. */
  readonly owner: string;
  /** botocore's name of the service (its folder under botocore/data). */
  readonly service: string;
  /** Every operation the record places, each once. */
  readonly placed: readonly string[];
  /** The file that holds the record, named in each message. */
  readonly file: string;
  /** Where an operation the models have and nobody placed belongs: said before ", in <file>". */
  readonly placeAdvice: string;
  /**
   * What else to remove with an operation the models no longer have, said after "remove it".
   * @default - nothing else
   */
  readonly removeAdvice?: string;
}

/**
 * What disagrees between one record and botocore's models: the service missing from them, an
 * operation of theirs placed nowhere (with where to place it), an operation placed that they lack.
 */
export function modelProblems(models: ServiceModels, botocoreVersion: string, record: PlacedService): string[] {
  const { owner, service, file } = record;
  const model = models[service];
  if (model === undefined) {
    return [`${owner}: botocore ${botocoreVersion} has no service ${service}: remove or rename its record in ${file}`];
  }
  const placed = new Set(record.placed);
  const known = new Set(model);
  return [
    ...model
      .filter((operation) => !placed.has(operation))
      .map(
        (operation) =>
          `${owner}: ${service} ${operation} is in botocore ${botocoreVersion}'s model but placed nowhere: ${record.placeAdvice}, in ${file}`,
      ),
    ...[...placed]
      .filter((operation) => !known.has(operation))
      .map(
        (operation) =>
          `${owner}: ${service} ${operation} is placed in ${file} but botocore ${botocoreVersion}'s model has no such operation: remove it${record.removeAdvice ?? ''}`,
      ),
  ];
}
