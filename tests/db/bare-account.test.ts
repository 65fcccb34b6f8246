/**
 * A signed-in role whose account the portal never made (migration 0047): on Supabase, anyone
 * with the project's public key could get an Auth account and a JWT that makes them
 * `authenticated`. Without a profile here they read nothing in any table and change nothing,
 * through the tables or the functions members use; the same calls as a member work, so the
 * refusals are the profile's doing.
 */
import { randomUUID } from "node:crypto";
import { sql, type Transaction } from "kysely";
import { expect, it } from "vitest";
import { getOwnAccount } from "~/data/accounts.server";
import { askForHelp } from "~/data/help-requests.server";
import { saveOwnVault } from "~/data/identity.server";
import { applyToLead } from "~/data/leaders.server";
import { asMember, asSystem, type MemberTx } from "~/data/rls.server";
import type { Database } from "~/data/schema";
import { fakeOwnerKey, fakeVaultCiphertext, isRefusal, probe, type Persona } from "../support/db-personas";
import { describeOnEveryEngine } from "../support/db-suite";

describeOnEveryEngine("a signed-in role without a profile", { personas: true, supabase: true }, ({ db, p }) => {
  /** An Auth account with no profile: what Supabase's sign-up would make on its own. */
  async function bareAccount(): Promise<Persona> {
    const id = randomUUID();
    await asSystem(db, "test: bare auth account", (trx) =>
      trx.insertInto("auth.users").values({ id, aud: "authenticated", role: "authenticated", raw_app_meta_data: "{}", raw_user_meta_data: "{}" }).execute(),
    );
    return { name: "memberA", id, handle: "", handleKey: "" };
  }

  async function publicTables(): Promise<string[]> {
    const { rows } = await sql<{ name: string }>`
      select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p') order by 1`.execute(db);
    return rows.map((row) => row.name);
  }

  /** A call as `who` that commits what it does; "refused" when the database refuses it. */
  async function attempt<T>(who: Persona, fn: (trx: MemberTx) => Promise<T>): Promise<T | "refused"> {
    try {
      return await asMember(db, who.id, fn);
    } catch (error) {
      if (isRefusal(error)) return "refused";
      throw error;
    }
  }

  const rowsSeen = (who: Persona, table: string) =>
    probe(db, p, who, async (trx: Transaction<Database>) => (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(`public.${table}`)}`.execute(trx)).rows[0]?.n);

  it("reads no row of any table, where a member reads some", async () => {
    const bare = await bareAccount();
    const tables = await publicTables();
    expect(tables.length).toBeGreaterThanOrEqual(20);
    const seen: Record<string, number | "refused" | undefined> = {};
    for (const table of tables) {
      const rows = await rowsSeen(bare, table);
      if (rows !== 0 && rows !== "refused") seen[table] = rows;
    }
    expect(seen).toEqual({});
    // The same reads as a member: the area tree and their own profile, at least.
    expect(await rowsSeen(p.memberA, "areas")).toBeGreaterThan(0);
    expect(await rowsSeen(p.memberA, "profiles")).toBeGreaterThan(0);
  });

  it("stores nothing through the tables or the members' functions; a member's same calls store", async () => {
    // Committed, not rolled back: what the calls stored is read afterwards.
    const bare = await bareAccount();
    const vault = { ciphertext: fakeVaultCiphertext(), ownerSealedKey: fakeOwnerKey(), keyVersion: 1 };
    const help = { category: "jobs", urgency: "routine", contactWay: "portal", description: "我想找工作" } as const;
    const attempts = async (who: Persona) => ({
      vault: await attempt(who, (trx) => saveOwnVault(trx, vault)),
      help: await attempt(who, (trx) => askForHelp(trx, { ...help, idempotencyKey: randomUUID() })),
      lead: await attempt(who, (trx) => applyToLead(trx, { areaId: p.areas.districtX, note: "" })),
      profile: await attempt(who, async (trx) => (await trx.updateTable("profiles").set({ locale: "en" }).where("id", "=", who.id).executeTakeFirst()).numUpdatedRows),
    });
    const member = await attempts(p.memberA);
    expect(member).toEqual({ vault: { ok: true }, help: expect.objectContaining({ ok: true }), lead: { ok: true }, profile: 1n });
    const refused = await attempts(bare);
    expect(refused.vault === "refused" || (typeof refused.vault === "object" && !refused.vault.ok)).toBe(true);
    expect(refused.help === "refused" || (typeof refused.help === "object" && !refused.help.ok)).toBe(true);
    expect(refused.lead === "refused" || (typeof refused.lead === "object" && !refused.lead.ok)).toBe(true);
    expect(refused.profile === "refused" || refused.profile === 0n).toBe(true);
    const stored = await asSystem(db, "test: rows of a bare account", async (trx) => ({
      vaults: (await trx.selectFrom("identity_vaults").select("user_id").where("user_id", "=", bare.id).execute()).length,
      requests: (await trx.selectFrom("help_requests").select("id").where("member_id", "=", bare.id).execute()).length,
      applications: (await trx.selectFrom("leader_applications").select("id").where("member_id", "=", bare.id).execute()).length,
    }));
    expect(stored).toEqual({ vaults: 0, requests: 0, applications: 0 });
  });

  it("has no own account to read, where a member reads theirs (private.own_account)", async () => {
    const bare = await bareAccount();
    expect(await attempt(bare, (trx) => getOwnAccount(trx))).toBeUndefined();
    expect((await attempt(p.memberA, (trx) => getOwnAccount(trx)))).toMatchObject({ userId: p.memberA.id, handle: p.memberA.handle });
  });
});
