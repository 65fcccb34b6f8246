/** Shared by the vault's tests only (never imported by app code). */
import type { IdentityFields } from "~/domain/identity/identity-fields";
import type { UnlockedKeys } from "./account-keys";
import { toB64 } from "./encoding";
import { loadSodium } from "./sodium";
import { openSharedVault, sealNewVault, type VaultRecord } from "./vault";

export const OWNER = "0b9a7c52-1d3e-4f60-8a71-92b3c4d5e6f7";
export const OTHER_OWNER = "0b9a7c52-1d3e-4f60-8a71-92b3c4d5e6f8";

export const ALL_FIELDS: IdentityFields = {
  legalName: "欧阳娜娜",
  phone: "138 0013 8000",
  nationalId: "440524188001010014",
  address: "广东省汕头市 潮阳区 “和平里” 12 号 𠀀",
  dateOfBirth: "1980-01-01",
  emergencyContactName: "买买提·艾力",
  emergencyContactPhone: "+44 20 7946 0958",
};

export async function keyPair(): Promise<UnlockedKeys> {
  const sodium = await loadSodium();
  const pair = sodium.crypto_box_keypair();
  return { publicKey: toB64(sodium, pair.publicKey), privateKey: pair.privateKey };
}

/** A fresh vault of OWNER and the owner's key pair. */
export async function ownerVault(fields: IdentityFields = ALL_FIELDS) {
  const keys = await keyPair();
  const { record, dataKey } = await sealNewVault({ ownerId: OWNER, keys, fields });
  return { keys, record, dataKey };
}

/** Opens a vault as a recipient of `sealedKey`. */
export function shared(record: VaultRecord, sealedKey: string, keys: UnlockedKeys, ownerId = OWNER, keyVersion = record.keyVersion) {
  return openSharedVault({ ownerId, ciphertext: record.ciphertext, sealedKey, keyVersion, keys });
}

/** Pads like sodium_pad, to `size` bytes (ISO/IEC 7816-4: 0x80, then zeros). */
export function padTo(bytes: Uint8Array, size: number): Uint8Array {
  const padded = new Uint8Array(size);
  padded.set(bytes);
  padded[bytes.length] = 0x80;
  return padded;
}

export const utf8 = (text: string) => new TextEncoder().encode(text);
