/**
 * Staff roles and areas. Role changes run as the acting member (asMember): RLS lets only
 * admins see others' grants, grant or revoke; the functions check first so that a refusal
 * is a typed result, while the policies remain the actual guard.
 */
import { sql } from "kysely";
import type { StaffRole } from "~/domain/accounts/roles";
import type { AreaNode } from "~/domain/areas/areas";
import { recordAudit } from "./audit.server";
import type { AnyTx, MemberTx } from "./rls.server";
import { compiledQuery } from "./compiled-query.server";

export interface RoleGrant {
  id: string;
  userId: string;
  /** The grantee's handle, where the caller may read it (their own, or any for an admin). */
  handle: string | null;
  role: StaffRole;
  areaId: string | null;
  grantedBy: string | null;
  grantedAt: Date;
}

/** An area as pages read it: what a picker shows (its code only orders the list, in SQL). */
export type Area = AreaNode;

export type GrantRoleResult =
  | { ok: true; id: string }
  | { ok: false; reason: "not-allowed" | "already-granted" | "admin-is-global" };

export type GrantRoleByHandleResult = GrantRoleResult | { ok: false; reason: "unknown-handle" };

export type RevokeRoleResult = { ok: true } | { ok: false; reason: "not-allowed" | "not-found" };

async function callerIsAdmin(trx: MemberTx): Promise<boolean> {
  const result = await sql<{ is_admin: boolean }>`select private.is_admin() as is_admin`.execute(trx);
  return result.rows[0]?.is_admin === true;
}

/** Grants visible to the caller: their own, or everyone's for an admin; optionally one user's. */
export async function listRoleGrants(trx: MemberTx, filter: { userId?: string } = {}): Promise<RoleGrant[]> {
  let query = trx
    .selectFrom("role_grants")
    .leftJoin("profiles", "profiles.id", "role_grants.user_id")
    .select([
      "role_grants.id",
      "role_grants.user_id as userId",
      "profiles.handle",
      "role_grants.role",
      "role_grants.area_id as areaId",
      "role_grants.granted_by as grantedBy",
      "role_grants.granted_at as grantedAt",
    ])
    .orderBy("role_grants.granted_at")
    .orderBy("role_grants.id");
  if (filter.userId !== undefined) query = query.where("role_grants.user_id", "=", filter.userId);
  return query.execute();
}

export async function grantRole(
  trx: MemberTx,
  grant: { userId: string; role: StaffRole; areaId: string | null },
): Promise<GrantRoleResult> {
  if (grant.role === "admin" && grant.areaId !== null) return { ok: false, reason: "admin-is-global" };
  if (!(await callerIsAdmin(trx))) return { ok: false, reason: "not-allowed" };
  const row = await trx
    .insertInto("role_grants")
    .values({ user_id: grant.userId, role: grant.role, area_id: grant.areaId })
    .onConflict((oc) => oc.doNothing())
    .returning("id")
    .executeTakeFirst();
  return row ? { ok: true, id: row.id } : { ok: false, reason: "already-granted" };
}

export async function revokeRole(trx: MemberTx, grantId: string): Promise<RevokeRoleResult> {
  if (!(await callerIsAdmin(trx))) return { ok: false, reason: "not-allowed" };
  const result = await trx.deleteFrom("role_grants").where("id", "=", grantId).executeTakeFirst();
  return result.numDeletedRows === 1n ? { ok: true } : { ok: false, reason: "not-found" };
}

const AREA_COLUMNS = ["id", "parent_id as parentId", "level", "name_zh as nameZh", "name_en as nameEn"] as const;
const PROVINCES_FIRST = sql`array_position(array['province', 'city', 'district'], level)`;

/** Every area, provinces first, then cities, then districts, each by code. */
export function listAreas(trx: AnyTx): Promise<Area[]> {
  return everyArea(trx, {});
}

// On every finder page and area picker: compiled once.
const everyArea = compiledQuery<Area>((db) => db.selectFrom("areas").select(AREA_COLUMNS).orderBy(PROVINCES_FIRST).orderBy("code"));

/** The areas the calling social worker serves (granted ones and those below them), in listAreas's order. */
export async function listServedAreas(trx: MemberTx): Promise<Area[]> {
  return trx
    .selectFrom("areas")
    .select(AREA_COLUMNS)
    .where("id", "=", sql<string>`any (array(select private.served_areas()))`)
    .orderBy(PROVINCES_FIRST)
    .orderBy("code")
    .execute();
}

/** The account with this handle key, where the caller may read profiles (admins: all). */
export async function findUserIdByHandleKey(trx: MemberTx, handleKey: string): Promise<string | undefined> {
  const row = await trx.selectFrom("profiles").select("id").where("handle_key", "=", handleKey).executeTakeFirst();
  return row?.id;
}

/** An admin grants a role to the account with this handle key; recorded in the audit log. */
export async function grantRoleByHandle(
  trx: MemberTx,
  change: { handleKey: string; role: StaffRole; areaId: string | null },
): Promise<GrantRoleByHandleResult> {
  const userId = await findUserIdByHandleKey(trx, change.handleKey);
  if (!userId) return { ok: false, reason: "unknown-handle" };
  const granted = await grantRole(trx, { userId, role: change.role, areaId: change.areaId });
  if (granted.ok) await recordAudit(trx, "role.granted", userId);
  return granted;
}

/** An admin takes a role back; recorded in the audit log. */
export async function revokeRoleAndAudit(trx: MemberTx, grantId: string): Promise<RevokeRoleResult> {
  const revoked = await revokeRole(trx, grantId);
  if (revoked.ok) await recordAudit(trx, "role.revoked", grantId);
  return revoked;
}
