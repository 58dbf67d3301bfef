/** Whether `make` returns without throwing: for tables of values two validators must agree on. */
export function succeeds(make: () => unknown): boolean {
  try {
    make();
    return true;
  } catch {
    return false;
  }
}
