import { z } from "zod";
import { SHARE_MAX_DAYS } from "~/domain/identity/share-expiry";
import { isEnvelopeShape, isOwnerKeyShape, isSealedKeyShape, MAX_VAULT_CIPHERTEXT_BYTES } from "~/domain/formats/envelope-shape";

/**
 * The wire shapes of identity-vault uploads (decision 003). The server checks the
 * envelopes' shape and size only; it cannot read them.
 */
const INVALID = "errors.field.invalid";

export const VaultCiphertext = z
  .string()
  .max(16_000, "errors.vault.tooLarge")
  .refine((value) => isEnvelopeShape(value, MAX_VAULT_CIPHERTEXT_BYTES), INVALID);
/** A share's copy of the data key (`v1.sealed.`). */
export const SealedKey = z.string().max(200, INVALID).refine(isSealedKeyShape, INVALID);
/** The owner's copy (`v2.box.`, decision 011); the anonymous `v1.sealed.` form is refused. */
export const OwnerKey = z.string().max(200, INVALID).refine(isOwnerKeyShape, INVALID);
export const KeyVersion = z.coerce.number({ error: INVALID }).int(INVALID).min(1, INVALID).max(1_000_000, INVALID);
export const ShareDays = z.coerce
  .number({ error: "errors.share.days" })
  .int("errors.share.days")
  .min(1, "errors.share.days")
  .max(SHARE_MAX_DAYS, "errors.share.days");

export const SaveVaultPayload = z.object({ ciphertext: VaultCiphertext, ownerSealedKey: OwnerKey, keyVersion: KeyVersion });

/** A share comes with the vault re-encrypted under the same data key, now pinning the recipient's key (decision 014). */
export const CreateSharePayload = SaveVaultPayload.extend({
  recipientId: z.uuid("errors.share.recipient"),
  sealedKey: SealedKey,
  days: ShareDays,
});

/**
 * A share for one help request (migration 0036): to the worker assigned to it, whose key the
 * browser sealed to, with the vault holding their pin. How long it lasts is the server's.
 */
export const CreateRequestSharePayload = SaveVaultPayload.extend({
  recipientId: z.uuid("errors.helpShare.notAllowed"),
  sealedKey: SealedKey,
});

/** Every live share re-sealed under a rotation's new data key, as JSON. */
export const Reseals = z
  .string()
  .max(100_000, INVALID)
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: INVALID });
      return z.NEVER;
    }
  })
  .pipe(z.array(z.object({ shareId: z.uuid(INVALID), sealedKey: SealedKey }), { error: INVALID }).max(500, INVALID));

export const RevokeSharePayload = z.object({
  shareId: z.uuid(INVALID),
  ciphertext: VaultCiphertext,
  ownerSealedKey: OwnerKey,
  newKeyVersion: KeyVersion,
  reseals: Reseals,
});

/** Deleting the vault takes nothing but the CSRF token. */
export const DeleteVaultPayload = z.object({});

export const OpenSharePayload = z.object({ shareId: z.uuid(INVALID) });
