import { describe, expect, it } from "vitest";
import type { UnlockedKeys } from "./account-keys";
import { toB64 } from "./encoding";
import { openKeyPin, sealKeyPin } from "./message-pins";
import { loadSodium } from "./sodium";
import { rejects } from "./crypto-test-helpers";

const OWNER = "1a2b3c4d-5e6f-4a1b-9c2d-3e4f5a6b7c8d";
const MENTORSHIP = "6d1f0c2a-3b4e-4f5a-8b6c-7d8e9f0a1b2c";
const COUNTERPART = "9f8e7d6c-5b4a-4f3e-8d2c-1b0a9f8e7d6c";

async function keyPair(): Promise<UnlockedKeys> {
  const sodium = await loadSodium();
  const pair = sodium.crypto_box_keypair();
  return { publicKey: toB64(sodium, pair.publicKey), privateKey: pair.privateKey };
}

describe("key pins sealed to oneself", () => {
  it("opens with the keys that sealed it and gives back the pinned key", async () => {
    const own = await keyPair();
    const counterpart = await keyPair();
    const sealed = await sealKeyPin({ ownerId: OWNER, mentorshipId: MENTORSHIP }, { counterpartId: COUNTERPART, publicKey: counterpart.publicKey }, own);
    await expect(openKeyPin({ ownerId: OWNER, mentorshipId: MENTORSHIP }, sealed, own)).resolves.toEqual({ counterpartId: COUNTERPART, publicKey: counterpart.publicKey });
  });

  it("is refused by other keys, so a server cannot make one: even one sealed to the member's public key by someone else", async () => {
    const own = await keyPair();
    const server = await keyPair();
    const sealed = await sealKeyPin({ ownerId: OWNER, mentorshipId: MENTORSHIP }, { counterpartId: COUNTERPART, publicKey: server.publicKey }, own);
    await rejects(openKeyPin({ ownerId: OWNER, mentorshipId: MENTORSHIP }, sealed, server), "wrong-key");
    // The server knows the member's public key but not their private key: a box from its own pair does not open.
    const sodium = await loadSodium();
    const forged = {
      nonce: sealed.nonce,
      ciphertext: toB64(sodium, sodium.crypto_box_easy(sodium.from_string("{}"), sodium.randombytes_buf(24), sodium.from_base64(own.publicKey), server.privateKey)),
    };
    await rejects(openKeyPin({ ownerId: OWNER, mentorshipId: MENTORSHIP }, forged, own), "wrong-key");
  });

  it("refuses a pin moved to another mentorship, and any changed byte", async () => {
    const own = await keyPair();
    const sealed = await sealKeyPin({ ownerId: OWNER, mentorshipId: MENTORSHIP }, { counterpartId: COUNTERPART, publicKey: own.publicKey }, own);
    await rejects(openKeyPin({ ownerId: OWNER, mentorshipId: COUNTERPART }, sealed, own), "wrong-key");
    const flipped = sealed.ciphertext.startsWith("A") ? `B${sealed.ciphertext.slice(1)}` : `A${sealed.ciphertext.slice(1)}`;
    await rejects(openKeyPin({ ownerId: OWNER, mentorshipId: MENTORSHIP }, { ...sealed, ciphertext: flipped }, own), "wrong-key");
  });

  it("refuses ids that are not lower-case UUIDs before any key work", async () => {
    const own = await keyPair();
    await rejects(sealKeyPin({ ownerId: OWNER.toUpperCase(), mentorshipId: MENTORSHIP }, { counterpartId: COUNTERPART, publicKey: own.publicKey }, own), "malformed");
  });
});
