/**
 * The Argon2id parameters this client agrees to derive with — the same range the server
 * accepts (decision 001: opslimit 3..10, memlimit 64..256 MiB).
 *
 * Enforced on every derivation, including parameters that arrive from the server at
 * sign-in: a compromised server could otherwise hand out weak parameters and receive an
 * auth key that is cheap to brute-force back to the passphrase. The lower bound also stops
 * a member from being signed up with weak parameters by mistake; the upper bound stops a
 * server from freezing or crashing the tab (256 MiB is already too much for cheap phones).
 *
 * The one source of these numbers: the browser's crypto core, the server's upload schema
 * (forms/account-payloads.ts) and the fake parameters for unknown handles import them, and
 * a database test checks the CHECK constraints of migration 0003 against them.
 *
 * Kept in its own module so unit tests can replace the bounds (vi.mock) to run with tiny parameters.
 */
export const KDF_BOUNDS: KdfBounds = {
  minOpslimit: 3,
  maxOpslimit: 10,
  minMemlimit: 64 * 1024 * 1024,
  maxMemlimit: 256 * 1024 * 1024,
};

export type KdfBounds = { minOpslimit: number; maxOpslimit: number; minMemlimit: number; maxMemlimit: number };

/** Argon2id13 parameters. */
export type KdfParams = { opslimit: number; memlimit: number };

/** What new accounts derive with: 3 passes, 64 MiB (decision 001). */
export const KDF_V1: KdfParams = { opslimit: 3, memlimit: 64 * 1024 * 1024 };
