/**
 * One vocabulary, two places: the lists the app is written against (domain constants) and
 * the CHECK constraints the migrations put on the columns that hold them. Read from the
 * live catalog on every engine, so a role, language or share purpose added on one side
 * alone fails here, as does a drifting audit-action pattern.
 */
import { sql } from "kysely";
import { expect, it } from "vitest";
import { AUDIT_ACTION } from "~/data/audit.server";
import { LOCALES } from "~/domain/accounts/locales";
import { STAFF_ROLES } from "~/domain/accounts/roles";
import { IDENTITY_SHARE_PURPOSES } from "~/domain/identity/share-purposes";
import { EXPERIENCE_AREAS, MENTOR_LANGUAGES } from "~/domain/mentors/mentor-fields";
import { MENTORSHIP_STATES } from "~/domain/mentors/mentorship";
import { LOCK_CHOICES } from "~/domain/sessions/session-terms";
import { describeOnEveryEngine } from "../support/db-suite";

const LISTS = [
  { table: "public.role_grants", column: "role", values: STAFF_ROLES },
  { table: "public.profiles", column: "locale", values: LOCALES },
  { table: "public.identity_shares", column: "purpose", values: IDENTITY_SHARE_PURPOSES },
  { table: "public.mentor_profiles", column: "languages", values: MENTOR_LANGUAGES },
  { table: "public.mentor_profiles", column: "experience", values: EXPERIENCE_AREAS },
  { table: "public.mentorships", column: "state", values: MENTORSHIP_STATES },
] as const;

describeOnEveryEngine("vocabulary in the schema", ({ db }) => {
  /** The CHECK constraints that mention only this column, as Postgres prints them. */
  async function checksOn(table: string, column: string): Promise<string[]> {
    const rows = await sql<{ definition: string }>`
      select pg_get_constraintdef(c.oid) as definition
      from pg_constraint c
      join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any (c.conkey)
      where c.conrelid = ${table}::regclass and c.contype = 'c' and a.attname = ${column}
        and cardinality(c.conkey) = 1
      order by 1`.execute(db);
    return rows.rows.map((row) => row.definition);
  }

  for (const { table, column, values } of LISTS) {
    it(`${table}.${column} accepts exactly the domain's list (${values.join(", ")})`, async () => {
      const checks = await checksOn(table, column);
      expect(checks, `${table}.${column} has one CHECK constraint`).toHaveLength(1);
      // `x in ('a', 'b')` is stored as `(x = ANY (ARRAY['a'::text, 'b'::text]))`.
      const allowed = [...(checks[0] ?? "").matchAll(/'([^']*)'::text/g)].map((match) => match[1]);
      expect(allowed).toEqual([...values]);
    });
  }

  it(`lock_settings.lock_after_minutes accepts exactly the domain's choices (${LOCK_CHOICES.join(", ")})`, async () => {
    const checks = await checksOn("public.lock_settings", "lock_after_minutes");
    expect(checks).toHaveLength(1);
    // `x in (5, 15)` is stored as `(x = ANY (ARRAY[5, 15]))`.
    const allowed = /ARRAY\[([^\]]*)\]/.exec(checks[0] ?? "")?.[1]?.split(",").map((value) => Number(value.trim()));
    expect(allowed).toEqual([...LOCK_CHOICES]);
  });

  it("audit_log.action is checked with the same pattern the app checks actions with", async () => {
    const checks = await checksOn("public.audit_log", "action");
    expect(checks).toHaveLength(1);
    const pattern = /'(.*)'::text/.exec(checks[0] ?? "")?.[1];
    expect(pattern).toBe(AUDIT_ACTION.source);
  });
});
