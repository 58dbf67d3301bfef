/**
 * The package's entry point (`@audit-logging/cdktf`), for teams that build with the constructs:
 * every construct with its props, the config loader and schema, the naming rules, the errors, and
 * the stacks with `buildStacks`, which adds the whole product to an app. It loads no toolkit code
 * and none of the toolkit's packages (DuckDB, Apache Arrow, the AWS SDK, commander): those are the
 * second package's, `@audit-logging/cdktf-cli` (its `toolkit` export). Each family also has a subpath of its own
 * (`<package>/storage`, `<package>/stacks`, ...; see package.json "exports").
 *
 * @packageDocumentation
 * @module @audit-logging/cdktf
 */
export * from './modules';
export * from './stacks';
