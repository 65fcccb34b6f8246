/**
 * Row-level security beyond the matrix (rls-matrix.test.ts), on every engine and on a
 * database set up as a Supabase project is: who the database takes a scope's caller to be,
 * that a scope's role and claims end with its transaction, and the rules no table-by-table
 * probe shows.
 */
import { sql } from "kysely";
import { expect, it } from "vitest";
import { getOwnAccount } from "~/data/accounts.server";
import { recordAudit } from "~/data/audit.server";
import { createShare, saveOwnVault } from "~/data/identity.server";
import { grantRole } from "~/data/roles.server";
import { asAnon, asMember, asSystem } from "~/data/rls.server";
import { PERSONA_NAMES, fakeOwnerKey, fakeSealedKey, fakeVaultCiphertext, grantTestRole, insertRow, probe, type Persona, type PersonaName } from "../support/db-personas";
import { describeOnEveryEngine } from "../support/db-suite";

describeOnEveryEngine("RLS specifics", { personas: true, supabase: true }, ({ db, p, engine }) => {
  it("inside asMember, current_user is authenticated and auth.uid() is the member", async () => {
    for (const name of PERSONA_NAMES) {
      const row = await asMember(db, p[name].id, async (trx) =>
        (
          await sql<{ who: string; uid: string; role: string; sub: string }>`
            select current_user as who, auth.uid()::text as uid, auth.role() as role, auth.jwt() ->> 'sub' as sub`.execute(trx)
        ).rows[0],
      );
      expect(row).toEqual({ who: "authenticated", uid: p[name].id, role: "authenticated", sub: p[name].id });
    }
    const anon = await asAnon(db, async (trx) =>
      (await sql<{ who: string; uid: string | null }>`select current_user as who, auth.uid()::text as uid`.execute(trx)).rows[0],
    );
    expect(anon).toEqual({ who: "anon", uid: null });
  });

  it("the role and claims end with the transaction, also after an error, also under concurrency", async () => {
    await expect(
      asMember(db, p.memberA.id, async (trx) => {
        await sql`select 1`.execute(trx);
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    const [inside, outside, other] = await Promise.all([
      asMember(db, p.memberA.id, async (trx) => {
        await new Promise((resolve) => setTimeout(resolve, 50));
        return (await sql<{ uid: string }>`select auth.uid()::text as uid`.execute(trx)).rows[0]?.uid;
      }),
      sql<{ who: string; uid: string | null }>`select current_user as who, auth.uid()::text as uid`.execute(db),
      asMember(db, p.memberB.id, async (trx) => (await sql<{ uid: string }>`select auth.uid()::text as uid`.execute(trx)).rows[0]?.uid),
    ]);
    expect(inside).toBe(p.memberA.id);
    expect(other).toBe(p.memberB.id);
    expect(outside.rows[0]?.who).not.toBe("authenticated");
    expect(outside.rows[0]?.uid).toBeNull();
  });

  it("the privileged path runs as the tables' owner; on PostgreSQL that role is no superuser, so SQL on its connection cannot become one", async () => {
    const who = await asSystem(db, "test: who runs the privileged path", async (trx) =>
      (
        await sql<{ current: string; superuser: boolean; owner: string }>`
          select current_user as current,
                 (select rolsuper from pg_catalog.pg_roles where rolname = session_user) as superuser,
                 (select tableowner from pg_catalog.pg_tables where schemaname = 'public' and tablename = 'identity_vaults') as owner`.execute(trx)
      ).rows[0],
    );
    expect(who?.owner).toBe(who?.current);
    // PGlite is a single-user backend that always runs as its bootstrap superuser: the
    // embedded database is for local use only (production refuses a superuser: db.server.ts).
    if (engine.name === "pglite") return;
    expect(who?.superuser).toBe(false);
    for (const escalation of [sql`set role postgres`, sql`set session authorization postgres`, sql`select set_config('role', 'postgres', true)`]) {
      await expect(asSystem(db, "test: try to become the superuser", (trx) => escalation.execute(trx))).rejects.toThrow(/permission denied/);
      await expect(asMember(db, p.memberA.id, (trx) => escalation.execute(trx))).rejects.toThrow(/permission denied/);
    }
  });

  it("asMember refuses a user id that is not a uuid", async () => {
    await expect(asMember(db, "' or true --", async () => 1)).rejects.toThrow(/uuid/);
  });

  it("a member cannot grant themselves a role, by any route", async () => {
    const direct = await probe(db, p, "memberA", (trx) =>
      insertRow(trx, "public.role_grants", { user_id: p.memberA.id, role: "admin", area_id: null }),
    );
    expect(direct).toBe("refused");
    const viaData = await asMember(db, p.memberA.id, (trx) => grantRole(trx, { userId: p.memberA.id, role: "admin", areaId: null }));
    expect(viaData).toEqual({ ok: false, reason: "not-allowed" });
    const forged = await probe(db, p, "memberA", (trx) =>
      insertRow(trx, "public.role_grants", { user_id: p.memberA.id, role: "mentor", area_id: null, granted_by: p.admin.id }),
    );
    expect(forged).toBe("refused");
    const isAdmin = await asMember(db, p.memberA.id, async (trx) => (await sql<{ v: boolean }>`select private.is_admin() as v`.execute(trx)).rows[0]?.v);
    expect(isAdmin).toBe(false);
  });

  it("an admin cannot forge who granted a role", async () => {
    const forged = await probe(db, p, "admin", (trx) =>
      insertRow(trx, "public.role_grants", { user_id: p.memberB.id, role: "mentor", area_id: null, granted_by: p.socialWorkerX.id }),
    );
    expect(forged).toBe("refused");
  });

  it("role helpers answer for the caller: area grants, all-area grants, admin", async () => {
    const ask = (who: PersonaName, query: string, area?: string) =>
      asMember(db, p[who].id, async (trx) => {
        const result =
          query === "admin"
            ? await sql<{ v: boolean }>`select private.is_admin() as v`.execute(trx)
            : await sql<{ v: boolean }>`select private.has_role_in_area(${query}, ${area ?? null}::uuid) as v`.execute(trx);
        return result.rows[0]?.v;
      });
    expect(await ask("socialWorkerX", "social_worker", p.areas.districtX)).toBe(true);
    expect(await ask("socialWorkerX", "social_worker", p.areas.districtY)).toBe(false);
    expect(await ask("memberA", "social_worker", p.areas.districtX)).toBe(false);
    expect(await ask("admin", "admin")).toBe(true);
    expect(await ask("socialWorkerX", "admin")).toBe(false);
    await grantTestRole(db, p.memberB.id, "mentor", null);
    expect(await ask("memberB", "mentor", p.areas.districtX)).toBe(true);
    expect(await ask("memberB", "mentor", p.areas.districtY)).toBe(true);
  });

  it("clean_since is private to the member: not even an admin can select it", async () => {
    expect(await probe(db, p, "admin", (trx) => sql`select clean_since from profiles`.execute(trx))).toBe("refused");
    expect(await probe(db, p, "memberA", (trx) => sql`select clean_since from profiles`.execute(trx))).toBe("refused");
    const own = await asMember(db, p.memberA.id, (trx) => getOwnAccount(trx));
    expect(own?.cleanSince).toBe("2023-05-01");
    const viaHelper = await asMember(db, p.memberB.id, async (trx) =>
      (await sql<{ d: string | null }>`select private.own_clean_since()::text as d`.execute(trx)).rows[0]?.d,
    );
    expect(viaHelper).toBe("2021-11-30");
    expect(await probe(db, p, "anon", (trx) => sql`select private.own_clean_since()`.execute(trx))).toBe("refused");
  });

  it("the own account (private.own_account) is the caller's alone, even for an admin who reads every profile", async () => {
    const own = (who: PersonaName) => asMember(db, p[who].id, (trx) => getOwnAccount(trx));
    expect(await own("memberA")).toMatchObject({ userId: p.memberA.id, handle: p.memberA.handle, roles: [], unreadNotifications: 0 });
    expect(await own("socialWorkerX")).toMatchObject({ userId: p.socialWorkerX.id, roles: ["social_worker"] });
    expect(await own("admin")).toMatchObject({ userId: p.admin.id, roles: ["admin"] });
    const rowsFor = (who: "admin" | "anon" | "service_role") =>
      probe(db, p, who, async (trx) => (await sql<{ id: string }>`select id from private.own_account()`.execute(trx)).rows.map((row) => row.id));
    expect(await rowsFor("admin")).toEqual([p.admin.id]);
    expect(await rowsFor("anon")).toBe("refused");
    expect(await rowsFor("service_role")).toBe("refused");
  });

  it("private helpers are not callable by anon or service_role", async () => {
    for (const who of ["anon", "service_role"] as const) {
      expect(await probe(db, p, who, (trx) => sql`select private.is_admin()`.execute(trx))).toBe("refused");
      expect(await probe(db, p, who, (trx) => sql`select private.record_audit('probe.x', null)`.execute(trx))).toBe("refused");
    }
  });

  it("record_audit writes only allow-listed actions about what the caller may speak of, always naming the caller as actor", async () => {
    const recorded = (who: Persona, action: string, subject: string | null) =>
      probe(db, p, who, async (trx) => (await sql<{ id: string }>`select private.record_audit(${action}, ${subject}::uuid) as id`.execute(trx)).rows[0]?.id);
    // Admins record role changes; nobody else may, and no action off the list is written.
    const id = await asMember(db, p.admin.id, (trx) => recordAudit(trx, "role.granted", p.memberB.id));
    const row = await asSystem(db, "test: read audit", (trx) =>
      trx.selectFrom("audit_log").select(["actor_id", "subject_id", "action"]).where("id", "=", id).executeTakeFirstOrThrow(),
    );
    expect(row).toEqual({ actor_id: p.admin.id, subject_id: p.memberB.id, action: "role.granted" });
    expect(await recorded(p.memberA, "role.granted", p.memberB.id)).toBe("refused");
    expect(await recorded(p.socialWorkerX, "role.revoked", p.memberB.id)).toBe("refused");
    for (const who of [p.memberA, p.admin]) {
      expect(await recorded(who, "probe.recorded", p.memberB.id), who.name).toBe("refused");
      expect(await recorded(who, "account.deleted", p.memberB.id), who.name).toBe("refused");
    }
    // A member records a share only about their own share, never about someone else's.
    const shareOfA = await asMember(db, p.memberA.id, async (trx) => {
      await saveOwnVault(trx, { ciphertext: fakeVaultCiphertext(), ownerSealedKey: fakeOwnerKey(), keyVersion: 1 });
      const made = await createShare(trx, {
        recipientId: p.socialWorkerX.id,
        purpose: "area_support",
        sealedKey: fakeSealedKey(),
        keyVersion: 1,
        expiresAt: new Date(Date.now() + 86_400_000),
      });
      if (!made.ok) throw new Error(`could not share: ${made.reason}`);
      return made.id;
    });
    expect(await recorded(p.memberA, "identity.shared", shareOfA)).not.toBe("refused");
    expect(await recorded(p.memberB, "identity.shared", shareOfA)).toBe("refused");
    expect(await recorded(p.memberB, "identity.share_revoked", shareOfA)).toBe("refused");
    expect(await recorded(p.memberB, "identity.shared", null)).toBe("refused");
    // Saving or deleting one's vault is recorded about oneself only.
    for (const action of ["identity.saved", "identity.deleted"]) {
      expect(await recorded(p.memberA, action, p.memberA.id), action).not.toBe("refused");
      expect(await recorded(p.memberA, action, p.memberB.id), action).toBe("refused");
    }
  });

  it("nobody updates, deletes or truncates audit_log: member, admin, service_role, the privileged path", async () => {
    await asSystem(db, "test: audit", (trx) => recordAudit(trx, { action: "probe.immutable", actorId: p.admin.id }));
    const statements = [
      sql`update public.audit_log set action = 'probe.changed'`,
      sql`update public.audit_log set action = 'probe.changed' where false`,
      sql`delete from public.audit_log`,
      sql`delete from public.audit_log where false`,
      sql`truncate public.audit_log`,
    ];
    for (const who of ["memberA", "admin", "service_role", "anon"] as const) {
      for (const statement of statements) {
        expect(await probe(db, p, who, (trx) => statement.execute(trx)), `${who}: ${statement.compile(db).sql}`).toBe("refused");
      }
    }
    for (const statement of statements) {
      await expect(asSystem(db, "test: tamper with audit log", (trx) => statement.execute(trx))).rejects.toThrow(/append-only/);
    }
    const count = await asSystem(db, "test: count audit", (trx) =>
      trx.selectFrom("audit_log").select((eb) => eb.fn.countAll<string>().as("n")).where("action", "=", "probe.immutable").executeTakeFirstOrThrow(),
    );
    expect(Number(count.n)).toBe(1);
  });
});
