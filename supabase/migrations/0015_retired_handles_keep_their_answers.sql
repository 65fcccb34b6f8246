-- A deleted account's handle keeps answering as it did (issue 14). The sign-in parameters
-- endpoint gives an unknown handle a stable fake salt, so without this row a handle's answer
-- would switch from its real salt to a fake one at deletion, telling anyone who asked before
-- that the account is gone. So deletion copies the salt and KDF parameters here, keyed by an
-- HMAC of the handle's key under the server's secret (the handle itself is not kept), and
-- the endpoint keeps answering with them. The handle stays taken: sign-up refuses it, and
-- sign-in fails on it as on a wrong passphrase (no account, no auth key hash).
-- No timestamp, so the row does not say when the account went. Privileged path only.
create table private.retired_handles (
  handle_hmac text primary key check (handle_hmac ~ '^[A-Za-z0-9_-]{43}$'),
  kdf_salt text not null check (kdf_salt ~ '^[A-Za-z0-9_-]{22}$'),
  kdf_opslimit integer not null check (kdf_opslimit between 3 and 10),
  kdf_memlimit integer not null check (kdf_memlimit between 67108864 and 268435456)
);

revoke all on table private.retired_handles from public, anon, authenticated, service_role;
alter table private.retired_handles enable row level security;
