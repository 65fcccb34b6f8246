import { z } from "zod";
import { CHALLENGE_MAX_LENGTH, CHALLENGE_PURPOSES, MAX_CHALLENGE_EXPONENT, readChallenge } from "~/domain/accounts/challenge";
import { KDF_BOUNDS } from "~/domain/accounts/kdf-policy";
import { ENVELOPE_TAG_BYTES, isBase64UrlOfBytes, isEnvelopeShape } from "~/domain/formats/envelope-shape";
import { HandleInput } from "~/forms/account-input";
import { KeyVersion, OwnerKey, Reseals, VaultCiphertext } from "~/forms/identity-payloads";

/**
 * The wire shapes of what the browser uploads for an account (decision 001). The
 * server checks shape and size only; it cannot and does not look inside.
 */
const INVALID = "errors.field.invalid";

export const Key32 = z.string().max(64, INVALID).refine((value) => isBase64UrlOfBytes(value, 32), INVALID);
export const Salt16 = z.string().max(64, INVALID).refine((value) => isBase64UrlOfBytes(value, 16), INVALID);
export const KdfOpslimit = z.coerce.number({ error: INVALID }).int(INVALID).min(KDF_BOUNDS.minOpslimit, INVALID).max(KDF_BOUNDS.maxOpslimit, INVALID);
export const KdfMemlimit = z.coerce.number({ error: INVALID }).int(INVALID).min(KDF_BOUNDS.minMemlimit, INVALID).max(KDF_BOUNDS.maxMemlimit, INVALID);
/** A wrapped 32-byte private key (the ciphertext carries a 16-byte tag). */
export const WrappedKey = z
  .string()
  .max(200, INVALID)
  .refine((value) => isEnvelopeShape(value, 32 + ENVELOPE_TAG_BYTES), INVALID);

/** The handle is the one field posted as typed: the same schema as the browser's check (decision 005). */
export const Handle = HandleInput;

/**
 * A solved proof-of-work challenge (decision 013): the challenge as the server issued it and
 * the number the browser found. Whether it solves it is the server's check, not the schema's.
 */
const ChallengeProof = {
  challenge: z.string().max(CHALLENGE_MAX_LENGTH, INVALID).refine((value) => readChallenge(value) !== null, INVALID),
  solution: z.coerce.number({ error: INVALID }).int(INVALID).min(0, INVALID).max(2 ** MAX_CHALLENGE_EXPONENT - 1, INVALID),
};

export const ChallengeRequestPayload = z.object({ purpose: z.enum(CHALLENGE_PURPOSES, { error: INVALID }), handle: Handle });

/** "This is a shared or borrowed phone" was ticked: posted as "on", absent otherwise (as a checkbox posts). */
export const SharedPhone = z
  .literal("on", { error: INVALID })
  .optional()
  .transform((ticked) => ticked === "on");

const PassphraseKeys = {
  authKey: Key32,
  kdfSalt: Salt16,
  kdfOpslimit: KdfOpslimit,
  kdfMemlimit: KdfMemlimit,
  wrappedPrivateKey: WrappedKey,
};

/** The part of an upload that replaces a passphrase (sign-up, change, recovery); the auth key is hashed apart. */
export type PassphraseUpload = Omit<z.infer<z.ZodObject<typeof PassphraseKeys>>, "authKey">;

export const SignUpPayload = z.object({
  handle: Handle,
  ...ChallengeProof,
  sharedPhone: SharedPhone,
  ...PassphraseKeys,
  publicKey: Key32,
  recoveryAuthKey: Key32,
  recoveryWrappedPrivateKey: WrappedKey,
});
export type SignUpPayload = z.infer<typeof SignUpPayload>;

/** Is this handle free? Asked before sign-up derives keys, with the sign-up's own solved challenge (decision 017). */
export const HandleCheckPayload = z.object({ handle: Handle, ...ChallengeProof });
export type HandleCheckPayload = z.infer<typeof HandleCheckPayload>;

export const LoginParamsPayload = z.object({ handle: Handle });
export const SignInPayload = z.object({ handle: Handle, authKey: Key32, sharedPhone: SharedPhone, ...ChallengeProof });
export type SignInPayload = z.infer<typeof SignInPayload>;

/** Unlocking a session locked for lack of use: the passphrase's auth key, as at sign-in (the session names the account). */
export const UnlockSessionPayload = z.object({ authKey: Key32 });

export const ChangePassphrasePayload = z.object({ currentAuthKey: Key32, ...PassphraseKeys });
export type ChangePassphrasePayload = z.infer<typeof ChangePassphrasePayload>;

export const RecoveryStartPayload = z.object({ intent: z.literal("start"), handle: Handle, recoveryAuthKey: Key32, ...ChallengeProof });
export type RecoveryStartPayload = z.infer<typeof RecoveryStartPayload>;
export const RecoveryCompletePayload = z.object({
  intent: z.literal("complete"),
  handle: Handle,
  ...ChallengeProof,
  recoveryAuthKey: Key32,
  ...PassphraseKeys,
  newRecoveryAuthKey: Key32,
  newRecoveryWrappedPrivateKey: WrappedKey,
  sharedPhone: SharedPhone,
});
export type RecoveryCompletePayload = z.infer<typeof RecoveryCompletePayload>;
export const RecoveryPayload = z.discriminatedUnion("intent", [RecoveryStartPayload, RecoveryCompletePayload], {
  error: INVALID,
});

/** A new recovery code for the same key pair, proved by the current passphrase's auth key. */
export const NewRecoveryCodePayload = z.object({ currentAuthKey: Key32, recoveryAuthKey: Key32, recoveryWrappedPrivateKey: WrappedKey });
export type NewRecoveryCodePayload = z.infer<typeof NewRecoveryCodePayload>;

/** The vault rotated to the new key pair: all four fields, or none for a member without a vault. */
const VaultForNewKeys = {
  ciphertext: VaultCiphertext.optional(),
  ownerSealedKey: OwnerKey.optional(),
  newKeyVersion: KeyVersion.optional(),
  reseals: Reseals.optional(),
};

/**
 * A new key pair (decision 015), proved by the current passphrase's auth key: the new pair's
 * public key, its private key wrapped under the passphrase (new salt) and under a new
 * recovery code, and the vault rotated to it. The server parses the vault fields into
 * `vault` (null when none were sent).
 */
export const ReplaceKeysPayload = z
  .object({ currentAuthKey: Key32, ...PassphraseKeys, publicKey: Key32, recoveryAuthKey: Key32, recoveryWrappedPrivateKey: WrappedKey, ...VaultForNewKeys })
  .superRefine((value, ctx) => {
    const sent = (["ciphertext", "ownerSealedKey", "newKeyVersion", "reseals"] as const).filter((field) => value[field] !== undefined);
    if (sent.length !== 0 && sent.length !== 4) ctx.addIssue({ code: "custom", path: ["ciphertext"], message: INVALID });
  })
  .transform(({ ciphertext, ownerSealedKey, newKeyVersion, reseals, ...keys }) => ({
    ...keys,
    vault:
      ciphertext !== undefined && ownerSealedKey !== undefined && newKeyVersion !== undefined && reseals !== undefined
        ? { ciphertext, ownerSealedKey, newKeyVersion, reseals }
        : null,
  }));
export type ReplaceKeysPayload = z.output<typeof ReplaceKeysPayload>;
