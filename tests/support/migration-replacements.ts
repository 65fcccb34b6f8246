/**
 * The checker behind tests/db/migration-rules.test.ts: which changes a migration makes to a
 * function or trigger an earlier migration made, and whether each says what it replaces and
 * why (the rule is described there).
 */
import type { Migration } from "~/data/migrate.server";

const IDENT = String.raw`(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)`;
const QNAME = String.raw`${IDENT}(?:\s*\.\s*${IDENT})?`;

/** schema.name with quotes removed and unquoted parts lowercased; unqualified names are in public. */
function normalizeName(raw: string): string {
  const parts = [...raw.matchAll(new RegExp(IDENT, "g"))].map(([part]) =>
    part.startsWith('"') ? part.slice(1, -1).replace(/""/g, '"') : part.toLowerCase(),
  );
  return (parts.length === 1 ? ["public", ...parts] : parts).join(".");
}

const normalizeIdent = (raw: string) => normalizeName(raw).replace(/^public\./, "");
const triggerKey = (name: string, table: string) => `trigger ${normalizeIdent(name)} on ${normalizeName(table)}`;

/** The comment lines above a statement (without their markers) and the statement itself. */
function splitLeadingComments(statement: string): { comments: string[]; code: string } {
  const comments: string[] = [];
  let rest = statement;
  for (;;) {
    rest = rest.replace(/^\s+/, "");
    if (rest.startsWith("--")) {
      const end = rest.indexOf("\n");
      comments.push(rest.slice(2, end === -1 ? undefined : end).trim());
      rest = end === -1 ? "" : rest.slice(end + 1);
    } else if (rest.startsWith("/*")) {
      const end = rest.indexOf("*/");
      const body = end === -1 ? rest.slice(2) : rest.slice(2, end);
      comments.push(...body.split("\n").map((line) => line.replace(/^\s*\*?\s?/, "").trim()));
      rest = end === -1 ? "" : rest.slice(end + 2);
    } else break;
  }
  return { comments, code: rest };
}

type Change = { key: string; action: "define" | "alter" | "drop" };

/** The functions and triggers a statement creates, changes or drops (keys as in the comment form). */
function changesOf(code: string, liveTriggersOn: (table: string) => string[]): Change[] {
  const head = code
    .replace(/--[^\n]*/g, " ")
    .replace(/\/\*[\s\S]*?\*\//g, " ")
    .replace(/\s+/g, " ")
    .trim();
  let m: RegExpExecArray | null;

  if ((m = new RegExp(String.raw`^create (?:or replace )?(?:function|procedure) (${QNAME})`, "i").exec(head))) {
    return [{ key: normalizeName(m[1] ?? ""), action: "define" }];
  }
  if ((m = new RegExp(String.raw`^alter (?:function|procedure|routine) (${QNAME})`, "i").exec(head))) {
    return [{ key: normalizeName(m[1] ?? ""), action: "alter" }];
  }
  if ((m = /^drop (?:function|procedure|routine) (?:if exists )?/i.exec(head))) {
    // A list: name [(args)] [, name [(args)] …] [cascade | restrict]
    const changes: Change[] = [];
    let rest = head.slice(m[0].length);
    const item = new RegExp(String.raw`^(${QNAME})\s*`);
    for (let found = item.exec(rest); found; found = item.exec(rest)) {
      changes.push({ key: normalizeName(found[1] ?? ""), action: "drop" });
      rest = rest.slice(found[0].length);
      if (rest.startsWith("(")) {
        let depth = 0;
        let i = 0;
        for (; i < rest.length; i++) {
          if (rest[i] === "(") depth++;
          else if (rest[i] === ")" && --depth === 0) break;
        }
        rest = rest.slice(i + 1).trimStart();
      }
      if (!rest.startsWith(",")) break;
      rest = rest.slice(1).trimStart();
    }
    return changes;
  }
  if ((m = new RegExp(String.raw`^create (?:or replace )?(?:constraint )?trigger (${IDENT}) .*?\bon (${QNAME})`, "i").exec(head))) {
    return [{ key: triggerKey(m[1] ?? "", m[2] ?? ""), action: "define" }];
  }
  if ((m = new RegExp(String.raw`^drop trigger (?:if exists )?(${IDENT}) on (${QNAME})`, "i").exec(head))) {
    return [{ key: triggerKey(m[1] ?? "", m[2] ?? ""), action: "drop" }];
  }
  if ((m = new RegExp(String.raw`^alter trigger (${IDENT}) on (${QNAME})`, "i").exec(head))) {
    return [{ key: triggerKey(m[1] ?? "", m[2] ?? ""), action: "alter" }];
  }
  if ((m = new RegExp(String.raw`^alter table (?:if exists )?(?:only )?(${QNAME}) (.*)$`, "i").exec(head))) {
    const table = normalizeName(m[1] ?? "");
    const changes: Change[] = [];
    for (const action of (m[2] ?? "").matchAll(new RegExp(String.raw`\b(?:enable|disable) (?:always |replica )?trigger (${IDENT})`, "gi"))) {
      const name = action[1] ?? "";
      const keys = /^(all|user)$/i.test(name) ? liveTriggersOn(table) : [triggerKey(name, table)];
      changes.push(...keys.map((key) => ({ key, action: "alter" as const })));
    }
    return changes;
  }
  return [];
}

const REPLACES = /^Replaces (trigger \S+ on \S+|[^\s(]+(?:\([^)]*\))?) from (\d+):\s*(\S.*)?$/i;

/** The `-- Replaces … from NNNN: why` comments above a statement, by object key. */
function replacesComments(comments: string[]): Map<string, { from: string; why: string }> {
  const found = new Map<string, { from: string; why: string }>();
  for (const line of comments) {
    const m = REPLACES.exec(line);
    if (!m?.[1] || !m[2]) continue;
    const object = m[1];
    const key = /^trigger /i.test(object)
      ? (() => {
          const [, name = "", table = ""] = /^trigger (\S+) on (\S+)$/i.exec(object) ?? [];
          return triggerKey(name, table);
        })()
      : normalizeName(object.replace(/\(.*$/, ""));
    found.set(key, { from: m[2], why: (m[3] ?? "").trim() });
  }
  return found;
}

const describeObject = (key: string) => (key.startsWith("trigger ") ? key : `function ${key}`);

/** Every change of an earlier migration's function or trigger that lacks its comment. */
export function checkMigrationReplacements(migrations: readonly Migration[]): string[] {
  const problems: string[] = [];
  /** Live objects → the migrations that defined or changed them, oldest first. */
  const history = new Map<string, Migration[]>();
  const liveTriggersOn = (table: string) => [...history.keys()].filter((key) => key.startsWith("trigger ") && key.endsWith(` on ${table}`));

  for (const migration of migrations) {
    const covered = new Set<string>();
    for (const statement of migration.statements) {
      const { comments, code } = splitLeadingComments(statement);
      const said = replacesComments(comments);
      for (const change of changesOf(code, liveTriggersOn)) {
        const earlier = (history.get(change.key) ?? []).filter((m) => m !== migration);
        const latest = earlier.at(-1);
        if (latest && !covered.has(change.key)) {
          const expected = `-- Replaces ${change.key} from ${latest.version}: <what changes and why>`;
          const where = `${migration.fileName}: "${code.replace(/\s+/g, " ").slice(0, 70)}…"`;
          const comment = said.get(change.key);
          if (!comment) {
            problems.push(
              `${where} changes ${describeObject(change.key)}, made by ${latest.fileName}, without saying so: ` +
                `head the statement with a comment of the form "${expected}"`,
            );
          } else if (!earlier.some((m) => m.version === comment.from)) {
            problems.push(
              `${where}: the comment says ${change.key} comes from ${comment.from}, but it was made or changed by ` +
                `${earlier.map((m) => m.version).join(", ")}: write "${expected}"`,
            );
          } else if (comment.why === "") {
            problems.push(`${where}: the comment on ${change.key} says what it replaces but not why: write "${expected}"`);
          }
        }
        if (latest) covered.add(change.key);
        if (change.action === "drop") history.delete(change.key);
        else history.set(change.key, [...(history.get(change.key) ?? []).filter((m) => m !== migration), migration]);
      }
    }
  }
  return problems;
}
