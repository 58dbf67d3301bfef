/**
 * The packages only the toolkit and the CLI may load: DuckDB, Apache Arrow, the AWS SDK (and its
 * Smithy runtime) and commander. A name ending in `/` is a scope. The layers test checks the
 * imports of the lower layers against it, the package test what the built constructs load.
 */
export const TOOLKIT_PACKAGES = ['@duckdb/', '@aws-sdk/', '@smithy/', 'commander'] as const;

/** Whether an import specifier names one of {@link TOOLKIT_PACKAGES} (or a file in it). */
export function isToolkitPackage(specifier: string): boolean {
  return TOOLKIT_PACKAGES.some((name) =>
    name.endsWith('/') ? specifier.startsWith(name) : specifier === name || specifier.startsWith(`${name}/`),
  );
}

/** Whether a loaded file's path lies in one of {@link TOOLKIT_PACKAGES}, or in a package nested in one. */
export function isToolkitPackageFile(file: string): boolean {
  return file.split('/node_modules/').slice(1).some(isToolkitPackage);
}

/** Whether `text` (a declaration file, say) has a quoted string that begins with one of {@link TOOLKIT_PACKAGES}. */
export function mentionsToolkitPackage(text: string): boolean {
  const names = TOOLKIT_PACKAGES.map((name) => name.replace(/[/.*+?^${}()|[\]\\-]/g, '\\$&'));
  return new RegExp(`['"](${names.join('|')})`).test(text);
}
