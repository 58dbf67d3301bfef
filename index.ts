/*
 * The package's entry point: every construct, the config loader and schema, the naming rules, and
 * the stacks with `buildStacks`, which adds the whole product to an app. Each family also has a
 * subpath of its own (`<package>/storage`, `<package>/stacks`, ...; see package.json "exports").
 */
export * from './modules';
export * from './stacks';
