/**
 * Which queries run as named prepared statements, on both engines. A statement text gets a
 * name from its second run on (migrations and other one-off scripts never do), up to a fixed
 * number of names per process; past that, new texts simply run unnamed. Postgres keeps each
 * named statement's parse and plan, and re-plans by itself when the role, row security,
 * search_path or a table it reads changes, so reuse never changes what a query may see.
 */
const NAME_LIMIT = 256;
/** Texts remembered as "run once"; forgotten wholesale when full. */
const SEEN_ONCE_LIMIT = 1024;
/**
 * SQLSTATEs after which a named statement is not reused: it no longer exists (26000), or
 * its result type changed under it ("cached plan must not change result type", 0A000).
 */
const STALE_STATEMENT = new Set(["26000", "0A000"]);

export class StatementNames {
  readonly #names = new Map<string, string>();
  readonly #seenOnce = new Set<string>();
  #counter = 0;

  /** The name to run this text under, or undefined to run it unnamed. */
  nameFor(text: string): string | undefined {
    const known = this.#names.get(text);
    if (known !== undefined) return known;
    if (this.#names.size < NAME_LIMIT && this.#seenOnce.delete(text)) {
      const name = `tx_${++this.#counter}`;
      this.#names.set(text, name);
      return name;
    }
    if (this.#seenOnce.size >= SEEN_ONCE_LIMIT) this.#seenOnce.clear();
    this.#seenOnce.add(text);
    return undefined;
  }

  /** After a failed run: if the error says the named statement went stale, the text gets a fresh name next time. */
  failed(text: string, error: unknown): void {
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === "string" && STALE_STATEMENT.has(code)) this.#names.delete(text);
  }
}
