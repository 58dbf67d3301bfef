/** One more filter into an alarm's metric: another published text of the same control. */
export interface AdditionalFilter {
  /** Lowercase kebab-case; the filter is named `<alarm id>-<id>`. Keep it stable. */
  readonly id: string;
  /** CloudWatch Logs JSON filter pattern. */
  readonly pattern: string;
}

/** One alarm and the metric filters that count into its metric. */
export interface AlarmDefinition {
  /** Lowercase kebab-case id; names the filter and the alarm (`<id>`). Keep it stable. */
  readonly id: string;
  /** What the alarm means, sent with every notification. */
  readonly description: string;
  /** CloudWatch Logs JSON filter pattern. */
  readonly pattern: string;
  /**
   * More filters into the same metric, for the texts other scanners look for: every scanner finds
   * its own pattern, and the one alarm fires on an event any of them matches.
   * @default []
   */
  readonly additionalFilters?: readonly AdditionalFilter[];
  /** Metric the filters count into. */
  readonly metricName: string;
  /** Namespace of that metric. */
  readonly metricNamespace: string;
  /**
   * Tags of the alarm, such as the controls it implements.
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
}
