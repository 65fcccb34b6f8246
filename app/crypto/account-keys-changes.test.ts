import { describe, expect, it, vi } from "vitest";
import {
  createAccountKeys,
  createReplacementKeys,
  deriveAccountKeys,
  deriveRecoveryKeys,
  formatRecoveryCode,
  normalizeRecoveryCode,
  publicKeyFromPrivate,
  recoverWithCode,
  rewrapForNewPassphrase,
  rewrapForNewRecoveryCode,
  unwrapPrivateKey,
} from "./account-keys";
import { toB64 } from "./encoding";
import { loadSodium } from "./sodium";
import { rejects } from "./crypto-test-helpers";
import { FAST, KAT, NEW_PASSPHRASE, PASSPHRASE, throwsCode } from "./account-keys-test-helpers";

// Account keys after sign-up: a new passphrase, a new recovery code, a replaced key pair,
// and recovering with the code.

// Tiny Argon2id parameters keep this file fast; production bounds are tested in
// account-keys-v1.test.ts, which does not replace the policy.
vi.mock("~/domain/accounts/kdf-policy", async (importOriginal) => ({
  ...(await importOriginal<typeof import("~/domain/accounts/kdf-policy")>()),
  KDF_BOUNDS: { minOpslimit: 1, maxOpslimit: 10, minMemlimit: 8192, maxMemlimit: 256 * 1024 * 1024 },
}));

describe("passphrase change", () => {
  it("re-wraps the same private key under the new passphrase only", async () => {
    const sodium = await loadSodium();
    const { upload, keys, recoveryCode } = await createAccountKeys(PASSPHRASE, FAST);
    const changed = await rewrapForNewPassphrase({
      currentPassphrase: PASSPHRASE,
      currentSalt: upload.kdfSalt,
      currentParams: FAST,
      wrappedPrivateKey: upload.wrappedPrivateKey,
      newPassphrase: NEW_PASSPHRASE,
      newParams: { opslimit: 3, memlimit: FAST.memlimit },
    });
    expect(changed.currentAuthKey).toBe(upload.authKey);
    expect(changed.authKey).not.toBe(upload.authKey);
    expect(changed.kdfSalt).not.toBe(upload.kdfSalt);
    expect(changed.kdfOpslimit).toBe(3);
    expect(changed.kdfMemlimit).toBe(FAST.memlimit);
    expect(toB64(sodium, changed.privateKey)).toBe(toB64(sodium, keys.privateKey));

    const params = { opslimit: changed.kdfOpslimit, memlimit: changed.kdfMemlimit };
    const next = await deriveAccountKeys(NEW_PASSPHRASE, changed.kdfSalt, params);
    expect(next.authKey).toBe(changed.authKey);
    const opened = await unwrapPrivateKey(changed.wrappedPrivateKey, next.wrapKey, "passphrase");
    expect(toB64(sodium, opened)).toBe(toB64(sodium, keys.privateKey));

    // The old passphrase opens neither with the new salt nor with the old one.
    const oldNewSalt = await deriveAccountKeys(PASSPHRASE, changed.kdfSalt, params);
    await rejects(unwrapPrivateKey(changed.wrappedPrivateKey, oldNewSalt.wrapKey, "passphrase"), "wrong-key");
    const oldOldSalt = await deriveAccountKeys(PASSPHRASE, upload.kdfSalt, FAST);
    await rejects(unwrapPrivateKey(changed.wrappedPrivateKey, oldOldSalt.wrapKey, "passphrase"), "wrong-key");
    // The recovery wrapping was not touched and still opens with the recovery code.
    const recovery = await deriveRecoveryKeys(recoveryCode);
    const viaRecovery = await unwrapPrivateKey(upload.recoveryWrappedPrivateKey, recovery.wrapKey, "recovery");
    expect(toB64(sodium, viaRecovery)).toBe(toB64(sodium, keys.privateKey));
  });

  it("refuses a wrong current passphrase and a too-short new one", async () => {
    const { upload } = await createAccountKeys(PASSPHRASE, FAST);
    const base = {
      currentPassphrase: PASSPHRASE,
      currentSalt: upload.kdfSalt,
      currentParams: FAST,
      wrappedPrivateKey: upload.wrappedPrivateKey,
      newPassphrase: NEW_PASSPHRASE,
      newParams: FAST,
    };
    await rejects(rewrapForNewPassphrase({ ...base, currentPassphrase: NEW_PASSPHRASE }), "wrong-key");
    await rejects(rewrapForNewPassphrase({ ...base, newPassphrase: "short" }), "malformed");
    await rejects(rewrapForNewPassphrase({ ...base, wrappedPrivateKey: upload.recoveryWrappedPrivateKey }), "wrong-key");
  });
});

describe("new recovery code", () => {
  it("wraps the same private key under a new code: the new code opens it, the old code does not, the passphrase still does", async () => {
    const sodium = await loadSodium();
    const { upload, keys, recoveryCode } = await createAccountKeys(PASSPHRASE, FAST);
    const current = { currentPassphrase: PASSPHRASE, currentSalt: upload.kdfSalt, currentParams: FAST, wrappedPrivateKey: upload.wrappedPrivateKey };
    const renewed = await rewrapForNewRecoveryCode(current);
    expect(renewed.currentAuthKey).toBe(upload.authKey);
    expect(renewed.keys.publicKey).toBe(keys.publicKey);
    expect(renewed.recoveryCode).toMatch(/^([0-9A-Z]{4}-){7}[0-9A-Z]{4}$/);
    expect(renewed.recoveryCode).not.toBe(recoveryCode);
    expect(Object.keys(renewed.upload).sort()).toEqual(["recoveryAuthKey", "recoveryWrappedPrivateKey"]);

    const fresh = await deriveRecoveryKeys(renewed.recoveryCode);
    expect(fresh.authKey).toBe(renewed.upload.recoveryAuthKey);
    expect(fresh.authKey).not.toBe(upload.recoveryAuthKey);
    const opened = await unwrapPrivateKey(renewed.upload.recoveryWrappedPrivateKey, fresh.wrapKey, "recovery");
    expect(toB64(sodium, opened)).toBe(toB64(sodium, keys.privateKey));
    const old = await deriveRecoveryKeys(recoveryCode);
    await rejects(unwrapPrivateKey(renewed.upload.recoveryWrappedPrivateKey, old.wrapKey, "recovery"), "wrong-key");
    await rejects(
      recoverWithCode({ recoveryCode, recoveryWrappedPrivateKey: renewed.upload.recoveryWrappedPrivateKey, newPassphrase: NEW_PASSPHRASE, newParams: FAST }),
      "wrong-key",
    );
    // Recovery with the new code works and keeps the same key pair.
    const recovered = await recoverWithCode({
      recoveryCode: renewed.recoveryCode,
      recoveryWrappedPrivateKey: renewed.upload.recoveryWrappedPrivateKey,
      newPassphrase: NEW_PASSPHRASE,
      newParams: FAST,
    });
    expect(recovered.keys.publicKey).toBe(keys.publicKey);
  });

  it("refuses a wrong passphrase and the recovery wrapping in place of the passphrase's", async () => {
    const { upload } = await createAccountKeys(PASSPHRASE, FAST);
    const current = { currentPassphrase: PASSPHRASE, currentSalt: upload.kdfSalt, currentParams: FAST, wrappedPrivateKey: upload.wrappedPrivateKey };
    await rejects(rewrapForNewRecoveryCode({ ...current, currentPassphrase: NEW_PASSPHRASE }), "wrong-key");
    await rejects(rewrapForNewRecoveryCode({ ...current, wrappedPrivateKey: upload.recoveryWrappedPrivateKey }), "wrong-key");
    await rejects(rewrapForNewRecoveryCode({ ...current, currentPassphrase: "" }), "malformed");
  });
});

describe("replacing the key pair", () => {
  it("makes a new pair wrapped under the same passphrase (new salt, new auth key) and a new code; nothing old opens it", async () => {
    const sodium = await loadSodium();
    const { upload, keys, recoveryCode } = await createAccountKeys(PASSPHRASE, FAST);
    const replaced = await createReplacementKeys({
      currentPassphrase: PASSPHRASE,
      currentSalt: upload.kdfSalt,
      currentParams: FAST,
      wrappedPrivateKey: upload.wrappedPrivateKey,
      newParams: FAST,
    });
    expect(replaced.currentAuthKey).toBe(upload.authKey);
    expect(replaced.oldKeys.publicKey).toBe(keys.publicKey);
    expect(toB64(sodium, replaced.oldKeys.privateKey)).toBe(toB64(sodium, keys.privateKey));
    // A new pair whose halves belong together.
    expect(replaced.keys.publicKey).not.toBe(keys.publicKey);
    expect(replaced.upload.publicKey).toBe(replaced.keys.publicKey);
    expect(await publicKeyFromPrivate(replaced.keys.privateKey)).toBe(replaced.keys.publicKey);
    expect(replaced.upload.kdfSalt).not.toBe(upload.kdfSalt);
    expect(replaced.upload.authKey).not.toBe(upload.authKey);
    expect(replaced.upload.recoveryAuthKey).not.toBe(upload.recoveryAuthKey);
    expect(replaced.recoveryCode).not.toBe(recoveryCode);

    // The same passphrase with the new salt signs in and opens the new private key.
    const signIn = await deriveAccountKeys(PASSPHRASE, replaced.upload.kdfSalt, FAST);
    expect(signIn.authKey).toBe(replaced.upload.authKey);
    const byPassphrase = await unwrapPrivateKey(replaced.upload.wrappedPrivateKey, signIn.wrapKey, "passphrase");
    expect(toB64(sodium, byPassphrase)).toBe(toB64(sodium, replaced.keys.privateKey));
    // The new code opens it too; the old code and the old salt's wrap key do not.
    const fresh = await deriveRecoveryKeys(replaced.recoveryCode);
    expect(fresh.authKey).toBe(replaced.upload.recoveryAuthKey);
    const byCode = await unwrapPrivateKey(replaced.upload.recoveryWrappedPrivateKey, fresh.wrapKey, "recovery");
    expect(toB64(sodium, byCode)).toBe(toB64(sodium, replaced.keys.privateKey));
    const oldCode = await deriveRecoveryKeys(recoveryCode);
    await rejects(unwrapPrivateKey(replaced.upload.recoveryWrappedPrivateKey, oldCode.wrapKey, "recovery"), "wrong-key");
    const oldSalt = await deriveAccountKeys(PASSPHRASE, upload.kdfSalt, FAST);
    await rejects(unwrapPrivateKey(replaced.upload.wrappedPrivateKey, oldSalt.wrapKey, "passphrase"), "wrong-key");
    // And the old wrappings open only the old key, never the new one.
    const oldByCode = await unwrapPrivateKey(upload.recoveryWrappedPrivateKey, oldCode.wrapKey, "recovery");
    expect(toB64(sodium, oldByCode)).not.toBe(toB64(sodium, replaced.keys.privateKey));
  });

  it("refuses a wrong passphrase as wrong-key and out-of-range parameters as unsupported", async () => {
    const { upload } = await createAccountKeys(PASSPHRASE, FAST);
    const current = { currentPassphrase: PASSPHRASE, currentSalt: upload.kdfSalt, currentParams: FAST, wrappedPrivateKey: upload.wrappedPrivateKey, newParams: FAST };
    await rejects(createReplacementKeys({ ...current, currentPassphrase: NEW_PASSPHRASE }), "wrong-key");
    await rejects(createReplacementKeys({ ...current, newParams: { opslimit: 99, memlimit: FAST.memlimit } }), "unsupported");
  });
});

describe("recovery", () => {
  it("recovers with a sloppily typed code, sets a new passphrase and replaces the code", async () => {
    const sodium = await loadSodium();
    const { upload, recoveryCode, keys } = await createAccountKeys(PASSPHRASE, FAST);
    // lower case, spaces instead of hyphens, O for 0 and l/I for 1, stray spacing.
    const typed = ` ${recoveryCode.toLowerCase().replace(/-/g, "  ").replace(/0/g, "o").replace(/1/g, "l")} `;
    expect(normalizeRecoveryCode(typed)).toBe(recoveryCode.replace(/-/g, ""));

    const step1 = await deriveRecoveryKeys(typed);
    expect(step1.authKey).toBe(upload.recoveryAuthKey);
    const recovered = await recoverWithCode({
      recoveryCode: typed,
      recoveryWrappedPrivateKey: upload.recoveryWrappedPrivateKey,
      newPassphrase: NEW_PASSPHRASE,
      newParams: FAST,
    });
    expect(recovered.recoveryAuthKey).toBe(upload.recoveryAuthKey);
    expect(recovered.keys.publicKey).toBe(keys.publicKey);
    expect(toB64(sodium, recovered.keys.privateKey)).toBe(toB64(sodium, keys.privateKey));
    expect(recovered.recoveryCode).not.toBe(recoveryCode);
    expect(recovered.upload.recoveryAuthKey).not.toBe(upload.recoveryAuthKey);
    expect(recovered.upload.kdfSalt).not.toBe(upload.kdfSalt);
    expect("publicKey" in recovered.upload).toBe(false);

    // The new passphrase signs in.
    const signIn = await deriveAccountKeys(NEW_PASSPHRASE, recovered.upload.kdfSalt, FAST);
    expect(signIn.authKey).toBe(recovered.upload.authKey);
    const opened = await unwrapPrivateKey(recovered.upload.wrappedPrivateKey, signIn.wrapKey, "passphrase");
    expect(toB64(sodium, opened)).toBe(toB64(sodium, keys.privateKey));

    // The new code opens the new recovery wrapping; the old code does not.
    const fresh = await deriveRecoveryKeys(recovered.recoveryCode);
    expect(fresh.authKey).toBe(recovered.upload.recoveryAuthKey);
    const again = await unwrapPrivateKey(recovered.upload.recoveryWrappedPrivateKey, fresh.wrapKey, "recovery");
    expect(toB64(sodium, again)).toBe(toB64(sodium, keys.privateKey));
    await rejects(unwrapPrivateKey(recovered.upload.recoveryWrappedPrivateKey, step1.wrapKey, "recovery"), "wrong-key");
    await rejects(
      recoverWithCode({ recoveryCode, recoveryWrappedPrivateKey: recovered.upload.recoveryWrappedPrivateKey, newPassphrase: NEW_PASSPHRASE, newParams: FAST }),
      "wrong-key",
    );
  });

  it("refuses a wrong code as wrong-key and an unreadable one as malformed", async () => {
    const { upload } = await createAccountKeys(PASSPHRASE, FAST);
    const input = { recoveryWrappedPrivateKey: upload.recoveryWrappedPrivateKey, newPassphrase: NEW_PASSPHRASE, newParams: FAST };
    await rejects(recoverWithCode({ ...input, recoveryCode: KAT.recoveryCode }), "wrong-key");
    await rejects(recoverWithCode({ ...input, recoveryCode: "ABCD-EFGH" }), "malformed");
    await rejects(recoverWithCode({ ...input, recoveryCode: "U".repeat(32) }), "malformed");
    await rejects(deriveRecoveryKeys(""), "malformed");
  });

  it("normalises and formats codes", () => {
    const canonical = KAT.recoveryCode;
    expect(formatRecoveryCode(canonical)).toBe("M2GT-58X4-MPKA-FA59-NANT-SBDE-NYRB-3CNK");
    expect(normalizeRecoveryCode("m2gt-58x4-mpka-fa59-nant-sbde-nyrb-3cnk")).toBe(canonical);
    expect(normalizeRecoveryCode("M2GT 58X4 MPKA FA59\nNANT SBDE NYRB 3CNK")).toBe(canonical);
    // Full-width input from an IME, with full-width hyphens and an ideographic space.
    expect(normalizeRecoveryCode("Ｍ２ＧＴ－５８Ｘ４　ＭＰＫＡ—ＦＡ５９ＮＡＮＴＳＢＤＥＮＹＲＢ３ＣＮＫ")).toBe(canonical);
    expect(normalizeRecoveryCode("o0OoIiLl1".padEnd(32, "Z"))).toBe("000011111".padEnd(32, "Z"));
    throwsCode(() => normalizeRecoveryCode(canonical.slice(1)), "malformed");
    throwsCode(() => normalizeRecoveryCode(`${canonical}A`), "malformed");
    throwsCode(() => normalizeRecoveryCode(canonical.replace("M", "U")), "malformed");
    throwsCode(() => normalizeRecoveryCode(canonical.replace("M", "*")), "malformed");
    throwsCode(() => formatRecoveryCode(canonical.toLowerCase()), "malformed");
    throwsCode(() => formatRecoveryCode("ABCD"), "malformed");
  });
});
