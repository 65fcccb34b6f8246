/**
 * Migration 0014 (owner's copies boxed, decision 011) on a database that already holds a
 * vault whose owner's copy is the old anonymous `v1.sealed.` form, on every engine: the row
 * survives the migration, the member can delete it or replace it with the boxed form, and
 * nobody can write the old form again, not even by updating that row.
 */
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { expect, it } from "vitest";
import { deleteOwnVault, getOwnVault, saveOwnVault } from "~/data/identity.server";
import { applySupabaseShim, MIGRATIONS, runMigrations } from "~/data/migrate.server";
import { asMember } from "~/data/rls.server";
import { fakeOwnerKey, fakeSealedKey, fakeVaultCiphertext } from "../support/db-personas";
import { describeOnEveryEngine } from "../support/db-suite";

const BOXED_OWNER_KEYS = MIGRATIONS.findIndex((m) => m.name === "owner_key_copies_boxed");

describeOnEveryEngine("owner's copies boxed (migration 0014) over existing vaults", { database: "empty" }, ({ db }) => {
  it("keeps a vault written before it, lets its member delete or replace it, and refuses the old form from then on", async () => {
    expect(BOXED_OWNER_KEYS).toBeGreaterThan(0);
    await applySupabaseShim(db);
    await runMigrations(db, MIGRATIONS.slice(0, BOXED_OWNER_KEYS));

    const [kept, deleted] = [randomUUID(), randomUUID()];
    const oldVault = () => ({ ciphertext: fakeVaultCiphertext(), ownerSealedKey: fakeSealedKey(), keyVersion: 1 });
    for (const id of [kept, deleted]) {
      await sql`insert into auth.users (id, aud, role) values (${id}::uuid, 'authenticated', 'authenticated')`.execute(db);
      // A member of the portal has a profile (from 0047 a signed-in role without one reads nothing).
      await sql`insert into public.profiles (id, handle, handle_key) values (${id}::uuid, ${`vault_${id.slice(0, 8)}`}, ${`vault_${id.slice(0, 8)}`})`.execute(db);
      // Written in SQL of that time: the data layer of today names functions of later migrations.
      const vault = oldVault();
      const written = await asMember(db, id, (trx) =>
        sql`insert into public.identity_vaults (user_id, ciphertext, owner_sealed_key, key_version)
            values ((select auth.uid()), ${vault.ciphertext}, ${vault.ownerSealedKey}, 1)`.execute(trx),
      );
      expect(written.numAffectedRows).toBe(1n);
    }

    expect(await runMigrations(db)).toEqual(MIGRATIONS.slice(BOXED_OWNER_KEYS).map((m) => m.version));

    // The old rows are still there, as they were: the member's browser refuses to open them.
    for (const id of [kept, deleted]) {
      expect((await asMember(db, id, (trx) => getOwnVault(trx)))?.ownerSealedKey).toMatch(/^v1\.sealed\./);
    }
    // Nobody writes the old form again: not by editing the old row, not in a new one.
    await expect(asMember(db, kept, (trx) => saveOwnVault(trx, oldVault()))).rejects.toThrow(/identity_vaults_owner_sealed_key_format/);
    await expect(
      asMember(db, kept, (trx) => trx.updateTable("identity_vaults").set({ ciphertext: fakeVaultCiphertext() }).where("user_id", "=", kept).execute()),
    ).rejects.toThrow(/identity_vaults_owner_sealed_key_format/);
    // The member's two ways out: replace it with the boxed form, or delete it and start again.
    const boxed = { ciphertext: fakeVaultCiphertext(), ownerSealedKey: fakeOwnerKey(), keyVersion: 1 };
    expect(await asMember(db, kept, (trx) => saveOwnVault(trx, boxed))).toEqual({ ok: true });
    expect(await asMember(db, kept, (trx) => getOwnVault(trx))).toEqual(boxed);
    expect(await asMember(db, deleted, (trx) => deleteOwnVault(trx))).toBe(true);
    await expect(asMember(db, deleted, (trx) => saveOwnVault(trx, oldVault()))).rejects.toThrow(/identity_vaults_owner_sealed_key_format/);
    expect(await asMember(db, deleted, (trx) => saveOwnVault(trx, { ...boxed, ownerSealedKey: fakeOwnerKey() }))).toEqual({ ok: true });
  });
});
