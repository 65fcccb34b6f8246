/**
 * The data functions the auth code and admin pages call, on every engine: accounts,
 * sessions, rate limits, the server secret, roles and areas, and the audit log.
 */
import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import {
  chooseOwnAreaByPicks,
  createAccount,
  findKdfParams,
  findLoginRecord,
  findRecoveryRecord,
  getOwnAccount,
  replacePassphraseKeys,
  replaceRecoveryKeys,
  updateOwnProfile,
} from "~/data/accounts.server";
import { deleteAccount } from "~/data/account-deletion.server";
import { recordAudit } from "~/data/audit.server";
import { pruneRateLimitHits, hitRateLimit, readRateLimitHits } from "~/data/rate-limits.server";
import { asAnon, asMember, asSystem } from "~/data/rls.server";
import { grantRole, listAreas, listRoleGrants, listServedAreas, revokeRole } from "~/data/roles.server";
import { getOrCreateServerSecret } from "~/data/server-secret.server";
import {
  createSession,
  deleteExpiredSessions,
  deleteSession,
  deleteUserSessions,
  findSession,
} from "~/data/sessions.server";
import { fakeAccount, fakeHash, fakeWrappedKey } from "../support/db-personas";
import { describeOnEveryEngine } from "../support/db-suite";

const tokenHash = () => randomBytes(32).toString("hex");
const inOneHour = () => new Date(Date.now() + 3_600_000);

describeOnEveryEngine("data layer", { personas: true }, ({ db, p }) => {
  describe("accounts", () => {
    it("creates an account that sign-in and recovery can find by handle key", async () => {
      const account = fakeAccount("Ming_Test", { locale: "en" });
      const created = await asSystem(db, "test: sign up", (trx) => createAccount(trx, account));
      if (!created.ok) throw new Error(created.reason);

      const login = await asSystem(db, "test: sign in", (trx) => findLoginRecord(trx, "ming_test"));
      expect(login).toEqual({
        userId: created.userId,
        authKeyHash: account.authKeyHash,
        kdfSalt: account.kdfSalt,
        kdfOpslimit: 3,
        kdfMemlimit: 64 * 1024 * 1024,
        wrappedPrivateKey: account.wrappedPrivateKey,
      });
      const recovery = await asSystem(db, "test: recovery", (trx) => findRecoveryRecord(trx, "ming_test"));
      expect(recovery).toEqual({
        userId: created.userId,
        authKeyHash: account.recoveryAuthKeyHash,
        wrappedPrivateKey: account.recoveryWrappedPrivateKey,
      });
      const user = await asSystem(db, "test: read auth user", (trx) =>
        trx.selectFrom("auth.users").select(["aud", "role", "email", "encrypted_password", "is_anonymous"]).where("id", "=", created.userId).executeTakeFirstOrThrow(),
      );
      expect(user).toEqual({ aud: "authenticated", role: "authenticated", email: null, encrypted_password: account.authKeyHash, is_anonymous: false });
    });

    it("unknown handles find nothing", async () => {
      expect(await asSystem(db, "test: sign in", (trx) => findLoginRecord(trx, "nobody_here"))).toBeUndefined();
      expect(await asSystem(db, "test: recovery", (trx) => findRecoveryRecord(trx, "nobody_here"))).toBeUndefined();
    });

    it("a taken handle is a typed result, leaves no orphan user and keeps the transaction usable", async () => {
      const first = fakeAccount("taken_one");
      await asSystem(db, "test: sign up", (trx) => createAccount(trx, first));
      const usersBefore = await asSystem(db, "test: count users", (trx) =>
        trx.selectFrom("auth.users").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow(),
      );
      const { result, after } = await asSystem(db, "test: sign up again", async (trx) => {
        const result = await createAccount(trx, fakeAccount("TAKEN_one", { handleKey: "taken_one" }));
        const after = await sql<{ ok: number }>`select 1 as ok`.execute(trx);
        return { result, after: after.rows[0]?.ok };
      });
      expect(result).toEqual({ ok: false, reason: "handle-taken" });
      expect(after).toBe(1);
      const usersAfter = await asSystem(db, "test: count users", (trx) =>
        trx.selectFrom("auth.users").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow(),
      );
      expect(usersAfter.n).toBe(usersBefore.n);
    });

    it("the database refuses key material that is not in the agreed formats", async () => {
      const bad = [
        // checked in code: auth.users is Supabase's table, without a check of ours
        fakeAccount(undefined, { authKeyHash: "plain-auth-key" }),
        fakeAccount(undefined, { kdfSalt: "short" }),
        fakeAccount(undefined, { kdfOpslimit: 2 }),
        fakeAccount(undefined, { kdfMemlimit: 1024 }),
        fakeAccount(undefined, { wrappedPrivateKey: "not an envelope" }),
        fakeAccount(undefined, { recoveryAuthKeyHash: "plain" }),
      ];
      for (const account of bad) {
        await expect(asSystem(db, "test: sign up", (trx) => createAccount(trx, account))).rejects.toThrow();
      }
      const login = await asSystem(db, "test: sign in", (trx) => findLoginRecord(trx, bad[0]?.handleKey ?? ""));
      expect(login).toBeUndefined();
    });

    it("replaces passphrase keys and recovery keys; an unknown account throws", async () => {
      const keys = { authKeyHash: fakeHash(), kdfSalt: randomBytes(16).toString("base64url"), kdfOpslimit: 4, kdfMemlimit: 128 * 1024 * 1024, wrappedPrivateKey: fakeWrappedKey() };
      await asSystem(db, "test: change passphrase", (trx) => replacePassphraseKeys(trx, p.memberA.id, keys));
      const login = await asSystem(db, "test: sign in", (trx) => findLoginRecord(trx, p.memberA.handleKey));
      expect(login).toEqual({ userId: p.memberA.id, ...keys });

      const recovery = { authKeyHash: fakeHash(), wrappedPrivateKey: fakeWrappedKey() };
      await asSystem(db, "test: recover", (trx) => replaceRecoveryKeys(trx, p.memberA.id, recovery));
      expect(await asSystem(db, "test: recovery", (trx) => findRecoveryRecord(trx, p.memberA.handleKey))).toEqual({ userId: p.memberA.id, ...recovery });

      const nobody = "00000000-0000-4000-8000-000000000000";
      await expect(asSystem(db, "test: change passphrase", (trx) => replacePassphraseKeys(trx, nobody, keys))).rejects.toThrow(/no such account/);
      await expect(asSystem(db, "test: recover", (trx) => replaceRecoveryKeys(trx, nobody, recovery))).rejects.toThrow(/no such account/);
      await expect(
        asSystem(db, "test: change passphrase", (trx) => replacePassphraseKeys(trx, p.memberA.id, { ...keys, authKeyHash: "raw-auth-key" })),
      ).rejects.toThrow(TypeError);
    });

    it("getOwnAccount returns the caller's own account, even for an admin who can see every profile", async () => {
      const admin = await asMember(db, p.admin.id, (trx) => getOwnAccount(trx));
      expect(admin).toMatchObject({ userId: p.admin.id, handle: p.admin.handle, locale: "zh-CN", roles: ["admin"], cleanSince: null });
      expect(admin?.publicKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(admin?.createdAt).toBeInstanceOf(Date);
      const worker = await asMember(db, p.socialWorkerX.id, (trx) => getOwnAccount(trx));
      expect(worker?.roles).toEqual(["social_worker"]);
      const member = await asMember(db, p.memberB.id, (trx) => getOwnAccount(trx));
      expect(member).toMatchObject({ userId: p.memberB.id, areaId: p.areas.districtY, cleanSince: "2021-11-30", roles: [] });
    });

    it("a member updates their own locale, area and clean-since date, and only theirs", async () => {
      const changed = await asMember(db, p.memberB.id, (trx) =>
        updateOwnProfile(trx, { locale: "en", areaId: p.areas.districtX, cleanSince: "2022-02-02" }),
      );
      expect(changed).toBe(true);
      const after = await asMember(db, p.memberB.id, (trx) => getOwnAccount(trx));
      expect(after).toMatchObject({ locale: "en", areaId: p.areas.districtX, cleanSince: "2022-02-02" });
      const others = await asSystem(db, "test: read profiles", (trx) =>
        trx.selectFrom("profiles").select(["id", "locale"]).where("id", "in", [p.memberA.id, p.admin.id]).execute(),
      );
      expect(others.every((row) => row.locale === "zh-CN")).toBe(true);
    });

    it("a member's area from a step-by-step picker: the deepest consistent pick, a step saves nothing, a forged id changes nothing", async () => {
      const a = p.areas;
      const areaOf = async () => (await asMember(db, p.memberB.id, (trx) => getOwnAccount(trx)))?.areaId;
      const pick = (picks: (string | undefined)[], save: boolean) => asMember(db, p.memberB.id, (trx) => chooseOwnAreaByPicks(trx, picks, save));
      const before = await areaOf();

      expect(await pick([a.provinceX, a.cityX, ""], false)).toEqual({ ok: true, areaId: a.cityX });
      expect(await areaOf()).toBe(before);
      // A city left over from another province is dropped, not trusted.
      expect(await pick([a.provinceY, a.cityX, a.districtX], true)).toEqual({ ok: true, areaId: a.provinceY });
      expect(await areaOf()).toBe(a.provinceY);
      expect(await pick([a.provinceY, a.cityY, a.districtZ], true)).toEqual({ ok: true, areaId: a.districtZ });
      expect(await areaOf()).toBe(a.districtZ);
      expect(await pick([a.provinceY, crypto.randomUUID()], true)).toEqual({ ok: false, reason: "unknown-area" });
      expect(await areaOf()).toBe(a.districtZ);
      expect(await pick(["", "", ""], true)).toEqual({ ok: true, areaId: null });
      expect(await areaOf()).toBeNull();
      await asMember(db, p.memberB.id, (trx) => updateOwnProfile(trx, { areaId: before ?? null }));
    });

    it("deleting an account removes its rows everywhere but keeps the audit log", async () => {
      const account = fakeAccount();
      const created = await asSystem(db, "test: sign up", (trx) => createAccount(trx, account));
      if (!created.ok) throw new Error(created.reason);
      const userId = created.userId;
      await asSystem(db, "test: fixture", async (trx) => {
        await createSession(trx, userId, tokenHash(), inOneHour());
        await trx.insertInto("role_grants").values({ user_id: userId, role: "mentor", area_id: null }).execute();
        await recordAudit(trx, { action: "account.created", actorId: userId, subjectId: userId });
      });
      expect(await asSystem(db, "test: delete account", (trx) => deleteAccount(trx, userId, account.handleHmac))).toBe(true);
      const left = await asSystem(db, "test: count rows", async (trx) => {
        const count = async (table: string, column: string) =>
          Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)} where ${sql.ref(column)} = ${userId}`.execute(trx)).rows[0]?.n);
        return {
          profiles: await count("public.profiles", "id"),
          userKeys: await count("public.user_keys", "user_id"),
          recovery: await count("private.recovery_keys", "user_id"),
          sessions: await count("private.sessions", "user_id"),
          grants: await count("public.role_grants", "user_id"),
          audit: await count("public.audit_log", "actor_id"),
        };
      });
      expect(left).toEqual({ profiles: 0, userKeys: 0, recovery: 0, sessions: 0, grants: 0, audit: 1 });
    });
  });

  describe("retired handles", () => {
    it("a deleted account's handle answers with the same salt and parameters, signs no one in, and stays taken", async () => {
      const account = fakeAccount(undefined, { kdfOpslimit: 4, kdfMemlimit: 128 * 1024 * 1024 });
      const created = await asSystem(db, "test: sign up", (trx) => createAccount(trx, account));
      if (!created.ok) throw new Error(created.reason);
      const params = (trx: Parameters<typeof findKdfParams>[0]) => findKdfParams(trx, account.handleKey, account.handleHmac);
      const before = await asSystem(db, "test: params", params);
      expect(before).toEqual({ kdfSalt: account.kdfSalt, kdfOpslimit: 4, kdfMemlimit: 128 * 1024 * 1024 });

      expect(await asSystem(db, "test: delete account", (trx) => deleteAccount(trx, created.userId, account.handleHmac))).toBe(true);
      expect(await asSystem(db, "test: params", params)).toEqual(before);
      expect(await asSystem(db, "test: sign in", (trx) => findLoginRecord(trx, account.handleKey))).toBeUndefined();
      expect(await asSystem(db, "test: recover", (trx) => findRecoveryRecord(trx, account.handleKey))).toBeUndefined();
      // Kept: the salt and parameters under the HMAC, nothing that names the account or the day.
      const kept = await asSystem(db, "test: retired row", (trx) =>
        trx.selectFrom("private.retired_handles").selectAll().where("handle_hmac", "=", account.handleHmac).execute(),
      );
      expect(kept).toEqual([{ handle_hmac: account.handleHmac, kdf_salt: account.kdfSalt, kdf_opslimit: 4, kdf_memlimit: 128 * 1024 * 1024 }]);

      const again = await asSystem(db, "test: sign up again", (trx) => createAccount(trx, fakeAccount(account.handle, { handleHmac: account.handleHmac })));
      expect(again).toEqual({ ok: false, reason: "handle-taken" });
      expect(await asSystem(db, "test: params", params)).toEqual(before);
    });

    it("a handle never used has no parameters, and another handle's retirement does not take it", async () => {
      const gone = fakeAccount();
      const created = await asSystem(db, "test: sign up", (trx) => createAccount(trx, gone));
      if (!created.ok) throw new Error(created.reason);
      await asSystem(db, "test: delete account", (trx) => deleteAccount(trx, created.userId, gone.handleHmac));
      const fresh = fakeAccount();
      expect(await asSystem(db, "test: params", (trx) => findKdfParams(trx, fresh.handleKey, fresh.handleHmac))).toBeUndefined();
      expect((await asSystem(db, "test: sign up", (trx) => createAccount(trx, fresh))).ok).toBe(true);
    });
  });

  describe("sessions", () => {
    it("finds unexpired sessions only, and deletes one, all of a user's, or the expired ones", async () => {
      const live = tokenHash();
      const expired = tokenHash();
      const other = tokenHash();
      await asSystem(db, "test: sessions", async (trx) => {
        await createSession(trx, p.memberA.id, live, inOneHour());
        await createSession(trx, p.memberA.id, expired, new Date(Date.now() - 1000));
        await createSession(trx, p.memberB.id, other, inOneHour());
      });
      const found = await asSystem(db, "test: resolve", (trx) => findSession(trx, live));
      expect(found?.userId).toBe(p.memberA.id);
      expect(found?.expiresAt).toBeInstanceOf(Date);
      expect(await asSystem(db, "test: resolve", (trx) => findSession(trx, expired))).toBeUndefined();
      expect(await asSystem(db, "test: resolve", (trx) => findSession(trx, tokenHash()))).toBeUndefined();

      expect(await asSystem(db, "test: cleanup", (trx) => deleteExpiredSessions(trx))).toBeGreaterThanOrEqual(1);
      await asSystem(db, "test: sign out", (trx) => deleteSession(trx, other));
      expect(await asSystem(db, "test: resolve", (trx) => findSession(trx, other))).toBeUndefined();
      await asSystem(db, "test: sessions", (trx) => createSession(trx, p.memberA.id, tokenHash(), inOneHour()));
      expect(await asSystem(db, "test: sign out everywhere", (trx) => deleteUserSessions(trx, p.memberA.id))).toBe(2);
      expect(await asSystem(db, "test: resolve", (trx) => findSession(trx, live))).toBeUndefined();
    });

    it("stores only SHA-256 hex token hashes", async () => {
      await expect(
        asSystem(db, "test: sessions", (trx) => createSession(trx, p.memberA.id, "raw-cookie-token", inOneHour())),
      ).rejects.toThrow();
    });
  });

  describe("rate limits", () => {
    it("counts hits per bucket and window, and prunes old windows", async () => {
      const w1 = new Date("2025-03-01T10:00:00Z");
      const w2 = new Date("2025-03-01T10:01:00Z");
      const hits = await asSystem(db, "test: rate limit", async (trx) => [
        await hitRateLimit(trx, "sign-in:abc", w1),
        await hitRateLimit(trx, "sign-in:abc", w1),
        await hitRateLimit(trx, "sign-in:abc", w1),
        await hitRateLimit(trx, "sign-in:abc", w2),
        await hitRateLimit(trx, "sign-in:xyz", w1),
      ]);
      expect(hits).toEqual([1, 2, 3, 1, 1]);
      expect(await asSystem(db, "test: prune", (trx) => pruneRateLimitHits(trx, w2))).toBe(2);
      expect(await asSystem(db, "test: rate limit", (trx) => hitRateLimit(trx, "sign-in:abc", w2))).toBe(2);
      expect(await asSystem(db, "test: read", (trx) => readRateLimitHits(trx, "sign-in:abc", w2))).toBe(2);
      expect(await asSystem(db, "test: read", (trx) => readRateLimitHits(trx, "sign-in:abc", w2))).toBe(2);
      expect(await asSystem(db, "test: read", (trx) => readRateLimitHits(trx, "sign-in:none", w2))).toBe(0);
    });
  });

  describe("server secret", () => {
    it("is 32 random bytes in hex, created once and then stable", async () => {
      const first = await asSystem(db, "test: secret", (trx) => getOrCreateServerSecret(trx));
      const second = await asSystem(db, "test: secret", (trx) => getOrCreateServerSecret(trx));
      expect(first).toMatch(/^[0-9a-f]{64}$/);
      expect(second).toBe(first);
    });
  });

  describe("roles and areas", () => {
    it("lists areas for anyone, provinces first", async () => {
      const areas = await asAnon(db, (trx) => listAreas(trx));
      const mine = areas.filter((a) => Object.values(p.areas).includes(a.id));
      expect(mine.map((a) => a.level)).toEqual(["province", "province", "city", "city", "district", "district", "district"]);
      expect(mine[0]).toMatchObject({ parentId: null, nameZh: expect.any(String), nameEn: expect.any(String) });
    });

    it("a social worker lists the areas they serve, those below a granted city too, in the same order; others list none", async () => {
      const granted = await asMember(db, p.admin.id, (trx) => grantRole(trx, { userId: p.memberB.id, role: "social_worker", areaId: p.areas.cityY }));
      if (!granted.ok) throw new Error(granted.reason);
      try {
        const served = await asMember(db, p.memberB.id, (trx) => listServedAreas(trx));
        expect(served.map((area) => area.id)).toEqual([p.areas.cityY, p.areas.districtY, p.areas.districtZ]);
        expect(served[0]).toMatchObject({ level: "city", parentId: p.areas.provinceY, nameZh: expect.any(String) });
        expect((await asMember(db, p.socialWorkerX.id, (trx) => listServedAreas(trx))).map((area) => area.id)).toEqual([p.areas.districtX]);
        for (const who of [p.memberA, p.admin]) expect(await asMember(db, who.id, (trx) => listServedAreas(trx))).toEqual([]);
      } finally {
        await asMember(db, p.admin.id, (trx) => revokeRole(trx, granted.id));
      }
    });

    it("an admin grants and revokes roles; duplicates and area-bound admin grants are typed refusals", async () => {
      const granted = await asMember(db, p.admin.id, (trx) =>
        grantRole(trx, { userId: p.memberB.id, role: "leader", areaId: p.areas.districtY }),
      );
      if (!granted.ok) throw new Error(granted.reason);
      const grant = (await asMember(db, p.admin.id, (trx) => listRoleGrants(trx, { userId: p.memberB.id }))).find((g) => g.id === granted.id);
      expect(grant).toMatchObject({ userId: p.memberB.id, role: "leader", areaId: p.areas.districtY, grantedBy: p.admin.id });

      expect(
        await asMember(db, p.admin.id, (trx) => grantRole(trx, { userId: p.memberB.id, role: "leader", areaId: p.areas.districtY })),
      ).toEqual({ ok: false, reason: "already-granted" });
      expect(
        await asMember(db, p.admin.id, (trx) => grantRole(trx, { userId: p.memberB.id, role: "admin", areaId: p.areas.districtY })),
      ).toEqual({ ok: false, reason: "admin-is-global" });
      // Two all-area grants of one role are duplicates too (unique nulls not distinct).
      await asMember(db, p.admin.id, (trx) => grantRole(trx, { userId: p.memberB.id, role: "mentor", areaId: null }));
      expect(
        await asMember(db, p.admin.id, (trx) => grantRole(trx, { userId: p.memberB.id, role: "mentor", areaId: null })),
      ).toEqual({ ok: false, reason: "already-granted" });

      expect(await asMember(db, p.memberB.id, (trx) => revokeRole(trx, granted.id))).toEqual({ ok: false, reason: "not-allowed" });
      expect(await asMember(db, p.admin.id, (trx) => revokeRole(trx, granted.id))).toEqual({ ok: true });
      expect(await asMember(db, p.admin.id, (trx) => revokeRole(trx, granted.id))).toEqual({ ok: false, reason: "not-found" });
    });

    it("a member lists only their own grants; an admin lists everyone's", async () => {
      const own = await asMember(db, p.socialWorkerX.id, (trx) => listRoleGrants(trx));
      expect(own.map((g) => g.userId)).toEqual([p.socialWorkerX.id]);
      const all = await asMember(db, p.admin.id, (trx) => listRoleGrants(trx));
      expect(new Set(all.map((g) => g.userId))).toEqual(new Set([p.admin.id, p.socialWorkerX.id, p.socialWorkerY.id, p.memberB.id]));
      expect(await asMember(db, p.memberA.id, (trx) => grantRole(trx, { userId: p.memberA.id, role: "mentor", areaId: null }))).toEqual({
        ok: false,
        reason: "not-allowed",
      });
    });
  });

  describe("audit log", () => {
    it("records the member as actor, or the named actor on the privileged path", async () => {
      const byMember = await asMember(db, p.admin.id, (trx) => recordAudit(trx, "role.granted", p.memberA.id));
      const bySystem = await asSystem(db, "test: audit", (trx) =>
        recordAudit(trx, { action: "session.started", actorId: p.memberB.id, subjectId: p.memberB.id }),
      );
      const anonymous = await asSystem(db, "test: audit", (trx) => recordAudit(trx, { action: "cleanup.sessions" }));
      const rows = await asMember(db, p.admin.id, (trx) =>
        trx.selectFrom("audit_log").select(["id", "actor_id", "action", "subject_id"]).where("id", "in", [byMember, bySystem, anonymous]).orderBy("id").execute(),
      );
      expect(rows).toEqual([
        { id: byMember, actor_id: p.admin.id, action: "role.granted", subject_id: p.memberA.id },
        { id: bySystem, actor_id: p.memberB.id, action: "session.started", subject_id: p.memberB.id },
        { id: anonymous, actor_id: null, action: "cleanup.sessions", subject_id: null },
      ]);
      expect(typeof byMember).toBe("string");
    });

    it("refuses action names that could carry content", async () => {
      await expect(asSystem(db, "test: audit", (trx) => recordAudit(trx, { action: "Sent: my phone is 138…" }))).rejects.toThrow(TypeError);
      await expect(
        asSystem(db, "test: audit", (trx) => sql`insert into public.audit_log (action) values ('has spaces in it')`.execute(trx)),
      ).rejects.toThrow();
    });
  });
});
