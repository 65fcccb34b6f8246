/**
 * Personas for RLS tests: member A, member B, an admin, social workers of area X (member A's)
 * and of area Y (member B's), and the API roles anon and service_role. Accounts are made through the real data layer
 * (createAccount on the privileged path) with well-formed fake key material, in areas of
 * their own, so tests never depend on seed content.
 *
 * Later features (groups, bookings, help requests, identity vault) extend this: add a
 * persona to PERSONA_NAMES and its set-up to createPersonas (e.g. "leaderG" with a group),
 * then give every table in tests/db/rls-matrix.test.ts an expectation for it.
 */
import { randomBytes } from "node:crypto";
import { sql, type Kysely, type Transaction } from "kysely";
import { createAccount, type NewAccount } from "~/data/accounts.server";
import { asAnon, asMember, asSystem } from "~/data/rls.server";
import type { Database } from "~/data/schema";
import type { StaffRole } from "~/domain/accounts/roles";

export const PERSONA_NAMES = ["memberA", "memberB", "admin", "socialWorkerX", "socialWorkerY"] as const;
export type PersonaName = (typeof PERSONA_NAMES)[number];
/** Everyone a test can act as: the personas, plus the API roles without an account. */
export type Who = PersonaName | "anon" | "service_role";
export const EVERYONE: readonly Who[] = [...PERSONA_NAMES, "anon", "service_role"];

export interface Persona {
  name: PersonaName;
  id: string;
  handle: string;
  handleKey: string;
}

export interface TestAreas {
  provinceX: string;
  cityX: string;
  /** "Area X": where the social worker serves and member A lives. */
  districtX: string;
  provinceY: string;
  cityY: string;
  /** "Area Y": member B lives here; social worker Y serves here, social worker X does not. */
  districtY: string;
  /** A district nobody lives or serves in (for probes that change or delete an area). */
  districtZ: string;
}

export type Personas = Record<PersonaName, Persona> & { areas: TestAreas; list: Persona[] };

const b64 = (bytes: number) => randomBytes(bytes).toString("base64url");

/** A well-formed fake Argon2id string (the database checks the prefix only). */
export const fakeHash = () => `$argon2id$v=19$m=19456,t=2,p=1$${b64(16)}$${b64(32)}`;
/** A well-formed fake envelope of a wrapped 32-byte key. */
export const fakeWrappedKey = () => `v1.xc20p.${b64(24)}.${b64(48)}`;

/** A well-formed fake `v1.sealed.` data key of a share (crypto_box_seal output is 80 bytes). */
export const fakeSealedKey = () => `v1.sealed.${b64(80)}`;
/** A well-formed fake `v2.box.` owner's copy of a data key (a 24-byte nonce and 48 bytes of box). */
export const fakeOwnerKey = () => `v2.box.${b64(72)}`;
/** A well-formed fake vault ciphertext envelope. */
export const fakeVaultCiphertext = () => `v1.xc20p.${b64(24)}.${b64(200)}`;

/** Sign-up input with fake key material; `handle` defaults to a unique one. */
export function fakeAccount(handle = `p_${randomBytes(5).toString("hex")}`, overrides: Partial<NewAccount> = {}): NewAccount {
  return {
    handle,
    handleKey: handle.normalize("NFKC").toLowerCase(),
    handleHmac: b64(32),
    locale: "zh-CN",
    authKeyHash: fakeHash(),
    kdfSalt: b64(16),
    kdfOpslimit: 3,
    kdfMemlimit: 64 * 1024 * 1024,
    publicKey: b64(32),
    wrappedPrivateKey: fakeWrappedKey(),
    recoveryAuthKeyHash: fakeHash(),
    recoveryWrappedPrivateKey: fakeWrappedKey(),
    ...overrides,
  };
}

/** Two small area trees (X and Y) with codes unique to this call. */
export async function createTestAreas(db: Kysely<Database>): Promise<TestAreas> {
  const tag = randomBytes(4).toString("hex");
  return asSystem(db, "test: create areas", async (trx) => {
    const add = async (code: string, level: "province" | "city" | "district", parentId: string | null) =>
      (
        await trx
          .insertInto("areas")
          .values({ code: `t${tag}-${code}`, level, parent_id: parentId, name_zh: `测试${code}`, name_en: `Test ${code}` })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id;
    const provinceX = await add("px", "province", null);
    const cityX = await add("cx", "city", provinceX);
    const districtX = await add("dx", "district", cityX);
    const provinceY = await add("py", "province", null);
    const cityY = await add("cy", "city", provinceY);
    const districtY = await add("dy", "district", cityY);
    const districtZ = await add("dz", "district", cityY);
    return { provinceX, cityX, districtX, provinceY, cityY, districtY, districtZ };
  });
}

/** Creates an account on the privileged path and returns its persona record. */
export async function createTestAccount(db: Kysely<Database>, name: PersonaName, account = fakeAccount()): Promise<Persona> {
  const result = await asSystem(db, "test: create account", (trx) => createAccount(trx, account));
  if (!result.ok) throw new Error(`could not create ${name}: ${result.reason}`);
  return { name, id: result.userId, handle: account.handle, handleKey: account.handleKey };
}

/** Grants a role on the privileged path (as seeding or an operator would). */
export async function grantTestRole(db: Kysely<Database>, userId: string, role: StaffRole, areaId: string | null): Promise<void> {
  await asSystem(db, "test: grant role", (trx) =>
    trx.insertInto("role_grants").values({ user_id: userId, role, area_id: areaId }).execute(),
  );
}

export async function createPersonas(db: Kysely<Database>): Promise<Personas> {
  const areas = await createTestAreas(db);
  const memberA = await createTestAccount(db, "memberA");
  const memberB = await createTestAccount(db, "memberB");
  const admin = await createTestAccount(db, "admin");
  const socialWorkerX = await createTestAccount(db, "socialWorkerX");
  const socialWorkerY = await createTestAccount(db, "socialWorkerY");
  await asSystem(db, "test: place members", async (trx) => {
    await trx.updateTable("profiles").set({ area_id: areas.districtX, clean_since: "2023-05-01" }).where("id", "=", memberA.id).execute();
    await trx.updateTable("profiles").set({ area_id: areas.districtY, clean_since: "2021-11-30" }).where("id", "=", memberB.id).execute();
  });
  await grantTestRole(db, admin.id, "admin", null);
  await grantTestRole(db, socialWorkerX.id, "social_worker", areas.districtX);
  await grantTestRole(db, socialWorkerY.id, "social_worker", areas.districtY);
  return {
    memberA,
    memberB,
    admin,
    socialWorkerX,
    socialWorkerY,
    areas,
    list: [memberA, memberB, admin, socialWorkerX, socialWorkerY],
  };
}

/**
 * Runs `fn` as `who`: a persona (named, or any account made by createTestAccount) through
 * asMember, anon through asAnon, service_role as Supabase's service key would (role
 * service_role, no user).
 */
export async function actAs<T>(
  db: Kysely<Database>,
  personas: Personas,
  who: Who | Persona,
  fn: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  if (typeof who === "object") return asMember(db, who.id, fn);
  if (who === "anon") return asAnon(db, fn);
  if (who === "service_role") {
    return db.transaction().execute(async (trx) => {
      await sql`select set_config('role', 'service_role', true), set_config('request.jwt.claims', ${JSON.stringify({ role: "service_role" })}, true)`.execute(trx);
      return fn(trx);
    });
  }
  return asMember(db, personas[who].id, fn);
}

/** SQLSTATE of a database error (pg and PGlite both expose `code`). */
export function sqlState(error: unknown): string | undefined {
  if (typeof error === "object" && error !== null && "code" in error) {
    const code = (error as { code: unknown }).code;
    if (typeof code === "string") return code;
  }
  return undefined;
}

/** 42501 insufficient_privilege: a missing grant, an RLS WITH CHECK failure or the audit trigger. */
export const isRefusal = (error: unknown) => sqlState(error) === "42501";

class Rollback extends Error {}

/**
 * Runs `fn` as `who` and rolls the transaction back whatever happens, so probes never
 * change the shared fixture. Returns fn's value, or "refused" when the database refused
 * (SQLSTATE 42501); any other error is rethrown.
 */
export async function probe<T>(
  db: Kysely<Database>,
  personas: Personas,
  who: Who | Persona,
  fn: (trx: Transaction<Database>) => Promise<T>,
): Promise<T | "refused"> {
  let outcome: { value: T } | undefined;
  try {
    await actAs(db, personas, who, async (trx) => {
      outcome = { value: await fn(trx) };
      throw new Rollback();
    });
  } catch (error) {
    if (error instanceof Rollback && outcome) return outcome.value;
    if (isRefusal(error)) return "refused";
    throw error;
  }
  throw new Error("unreachable");
}

/** Inserts `row`; a row that conflicts with an existing one (after RLS let it through) is skipped. */
export function insertRow(trx: Transaction<Database>, table: string, row: Record<string, unknown>) {
  const columns = Object.keys(row);
  return sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))}) values (${sql.join(columns.map((c) => row[c]))}) on conflict do nothing`.execute(trx);
}
