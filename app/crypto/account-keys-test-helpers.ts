/** The known answers, passphrases and fast Argon2id parameters that the account keys' tests share. */
import { expect } from "vitest";
import type { KdfParams } from "~/domain/accounts/kdf-policy";
import { CryptoError, type CryptoErrorCode } from "~/domain/formats/crypto-error";

export const FAST: KdfParams = { opslimit: 2, memlimit: 64 * 1024 };

// From kat/make-vectors.py: reference Argon2id (libargon2) + hashlib BLAKE2b + cryptography.
export const KAT = {
  passphrase: "Ｔｏｎｇｘｉｎｇ 同行 correct horse",
  kdfSalt: "AAECAwQFBgcICQoLDA0ODw",
  authKey: "gaeQIuNocnlPb3Nv6ZssKCU3NturqrgIdOq4cUTLTwo",
  wrapKey: "J3uTl1a2wys6IuPxZ84gY9AqKFm6jCFc2ddBxMDLeXM",
  recoveryCode: "M2GT58X4MPKAFA59NANTSBDENYRB3CNK",
  recoveryAuthKey: "wfWGiC3NTcTxLhBzBfIJU1HLyxh4bNjlB6qrM-eXZl8",
  recoveryWrapKey: "cGFun3KBokw0xudg70FLJoHVaXuRxnPiu-Zx8Bv4Pdw",
  privateKey: "EBESExQVFhcYGRobHB0eHyAhIiMkJSYnKCkqKywtLi8",
  publicKey: "2J47rXlDfb7Z-ENBgwT0YP8Fx_6B_kqVd6gEy5Nn_2Y",
  passphraseWrapped:
    "v1.xc20p.QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZX.gQtSHC4dqBdnXK8h2oazSumCQgXL-OV1F3IGurfQh6lGm2TKK-O60-bAQzVNFIB2",
};

export const PASSPHRASE = "long enough passphrase 一二三";
export const NEW_PASSPHRASE = "another long passphrase 四五六";

export function throwsCode(fn: () => unknown, code: CryptoErrorCode): void {
  expect(fn).toThrow(CryptoError);
  expect(fn).toThrow(expect.objectContaining({ code }));
}
