-- The owner's copy of a vault's data key was crypto_box_seal to the owner's public key
-- (v1.sealed.), which anyone who knows that public key can make: a server could plant a
-- vault whose data key it knows, and the owner's browser would open it and encrypt later
-- edits under that key. The browser now makes the owner's copy with crypto_box_easy from the
-- owner's key pair to itself, which only the owner's private key can do, and refuses any
-- other form (docs/decisions/011-authenticated-owner-copy-and-vault-padding.md):
--   v2.box.<base64url of a 24-byte nonce and the 48-byte box> (72 bytes, 96 characters).
-- Shares keep v1.sealed. (identity_shares_sealed_key_format is unchanged).
--
-- Replaces constraint identity_vaults_owner_sealed_key_format from 0006: only the new form
-- may be written. NOT VALID, so rows written before this migration stay: the browser
-- refuses to open them and offers the member to delete them (public.identity_vaults' delete
-- policy). An update must write the new form, so such a row can be deleted or replaced,
-- never kept. Do not VALIDATE the constraint while such rows may exist.
alter table public.identity_vaults drop constraint identity_vaults_owner_sealed_key_format;
alter table public.identity_vaults add constraint identity_vaults_owner_sealed_key_format
  check (owner_sealed_key ~ '^v2\.box\.[A-Za-z0-9_-]{96}$') not valid;
