import type { UnlockedKeys } from "~/crypto/account-keys";
import { openVault, type VaultRecord } from "~/crypto/vault";

/**
 * The member's own data as a JSON file: everything the server holds about them,
 * with the identity vault decrypted here in the browser. Nothing is sent anywhere.
 */
export async function downloadOwnData({ ownerId, keys }: { ownerId: string; keys: UnlockedKeys }): Promise<void> {
  const response = await fetch("/api/identity/export", { credentials: "same-origin" });
  if (!response.ok) throw new Error(`export failed: ${response.status}`);
  const { data } = (await response.json()) as { data: { identityVault?: VaultRecord | null } & Record<string, unknown> };
  const identity = data.identityVault ? (await openVault({ ownerId, record: data.identityVault, keys })).fields : null;
  const file = new Blob([JSON.stringify({ exportedAt: new Date().toISOString(), ...data, identity }, null, 2)], { type: "application/json" });
  const url = URL.createObjectURL(file);
  const link = document.createElement("a");
  link.href = url;
  link.download = "my-data.json";
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
