/**
 * Work that quick exit must stop before it leaves (a worker deriving keys). Kept apart from
 * the work itself so that the exit control, on every page, loads no crypto code.
 */
const stoppers = new Set<() => void>();

/** Registers `stop` until the returned function is called. */
export function stopOnExit(stop: () => void): () => void {
  stoppers.add(stop);
  return () => stoppers.delete(stop);
}

/** Stops every registered piece of work; one that fails does not keep the others running. */
export function stopWorkForExit(): void {
  for (const stop of [...stoppers]) {
    try {
      stop();
    } catch {
      // Leaving matters more than a clean stop.
    }
  }
}
