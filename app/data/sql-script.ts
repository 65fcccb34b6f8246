/** Splitting SQL scripts (migrations, seed, shim) into statements, as the Supabase CLI does. */

/**
 * Splits a SQL script into statements at top-level semicolons, skipping over comments
 * (nested block comments too), quoted strings (E'' with backslash escapes), quoted
 * identifiers and dollar-quoted bodies. Comment-only pieces are dropped. Not supported:
 * SQL-standard `begin atomic … end` function bodies (use `as $$ … $$`).
 */
export function splitSqlStatements(script: string): string[] {
  const statements: string[] = [];
  const n = script.length;
  let start = 0;
  let i = 0;
  const isWordChar = (ch: string | undefined) => ch !== undefined && /[A-Za-z0-9_$\u0080-\uffff]/.test(ch);

  while (i < n) {
    const ch = script[i];
    const next = script[i + 1];
    if (ch === "-" && next === "-") {
      const end = script.indexOf("\n", i);
      i = end === -1 ? n : end + 1;
    } else if (ch === "/" && next === "*") {
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (script[i] === "/" && script[i + 1] === "*") {
          depth++;
          i += 2;
        } else if (script[i] === "*" && script[i + 1] === "/") {
          depth--;
          i += 2;
        } else i++;
      }
      if (depth > 0) throw new Error("unterminated block comment in SQL script");
    } else if (ch === "'") {
      const prev = script[i - 1];
      const backslashEscapes = (prev === "E" || prev === "e") && !isWordChar(script[i - 2]);
      i++;
      let closed = false;
      while (i < n) {
        const c = script[i];
        if (backslashEscapes && c === "\\") i += 2;
        else if (c === "'" && script[i + 1] === "'") i += 2;
        else if (c === "'") {
          i++;
          closed = true;
          break;
        } else i++;
      }
      if (!closed) throw new Error("unterminated string literal in SQL script");
    } else if (ch === '"') {
      i++;
      let closed = false;
      while (i < n) {
        if (script[i] === '"' && script[i + 1] === '"') i += 2;
        else if (script[i] === '"') {
          i++;
          closed = true;
          break;
        } else i++;
      }
      if (!closed) throw new Error("unterminated quoted identifier in SQL script");
    } else if (ch === "$" && !isWordChar(script[i - 1])) {
      const tag = /^\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/.exec(script.slice(i, i + 64))?.[0];
      if (tag) {
        const end = script.indexOf(tag, i + tag.length);
        if (end === -1) throw new Error(`unterminated dollar-quoted string ${tag} in SQL script`);
        i = end + tag.length;
      } else i++;
    } else if (ch === ";") {
      statements.push(script.slice(start, i));
      i++;
      start = i;
    } else i++;
  }
  statements.push(script.slice(start));

  return statements
    .map((s) => s.trim())
    .filter((s) => s.replace(/--[^\n]*/g, "").replace(/\/\*[\s\S]*?\*\//g, "").trim() !== "");
}
