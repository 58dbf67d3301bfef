/**
 * The export condition under which this repository's package entries resolve to their TypeScript
 * sources (package.json "exports"); npm adds it to every script of a clone (.npmrc), and what a
 * script starts inherits it.
 */
const SOURCE_CONDITION_OPTION = '--conditions=audit-logging-source';

/**
 * `env` as a user's machine has it for a process that runs a build or an installed copy: without the
 * clone's source condition in NODE_OPTIONS, under which `@audit-logging/cdktf` would resolve to
 * sources that neither a build nor a tarball holds, nor npm's node-options. Options of one's own in
 * NODE_OPTIONS are kept.
 */
export function installedEnvironment(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  // npm passes its config on to the processes a script starts, node-options among it, which a
  // further npm in another folder would apply again.
  const { NODE_OPTIONS: given, ...rest } = env;
  delete rest.npm_config_node_options;
  const kept = (given ?? '').split(/\s+/).filter((option) => option !== '' && option !== SOURCE_CONDITION_OPTION);
  return kept.length === 0 ? rest : { ...rest, NODE_OPTIONS: kept.join(' ') };
}
