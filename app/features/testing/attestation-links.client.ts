import { openSealedAttestation, sealAttestation, type OpenedProof } from "~/crypto/attestation";
import { loadSodium } from "~/crypto/sodium";
import type { SignedAttestation } from "~/domain/testing/attestation";
import type { UseCaseOptions, UseCaseResult } from "~/forms/form-reply";
import { postFormStep } from "~/forms/post-form-step.client";

const STEPS_URL = "/api/testing/attestations";

/**
 * Makes a proof link of the member's own negative result: the server signs the facts, this
 * browser seals them under a key it makes, the server stores only the sealed text. The key
 * is in the returned link's fragment and nowhere else.
 */
export async function createProofLink(request: { bookingId: string; expiresOn: string }, options: UseCaseOptions & { origin: string }): Promise<UseCaseResult<{ link: string }>> {
  const [sodium, signed] = await Promise.all([loadSodium(), postFormStep<{ signed: SignedAttestation }>(STEPS_URL, { intent: "sign", ...request }, options.csrf)]);
  if (!signed.ok) return signed;
  options.onWorking?.();
  const { sealed, fragment } = sealAttestation(sodium, signed.signed);
  const { id } = signed.signed.facts;
  const stored = await postFormStep(STEPS_URL, { intent: "store", id, ...request, sealed }, options.csrf);
  if (!stored.ok) return stored;
  return { ok: true, link: `${options.origin}/proof/${id}#${fragment}` };
}

export type ProofView =
  | OpenedProof
  | { ok: false; problem: "not-found" | "revoked" | "rateLimited" | "network" };

type OpenReply = { status: "valid"; expiresOn: string; sealed: string } | { status: "revoked" | "expired" | "not-found" };

/** The recipient's side: fetches the link's sealed text (never its fragment) and opens and checks it here. */
export async function openProofLink(link: { id: string; fragment: string; signingPublicKey: string; today: string }): Promise<ProofView> {
  if (link.fragment === "" || link.fragment === "#") return { ok: false, problem: "incomplete" };
  let response: Response;
  try {
    response = await fetch(`/api/proofs/${encodeURIComponent(link.id)}`, { credentials: "omit", cache: "no-store" });
  } catch {
    return { ok: false, problem: "network" };
  }
  if (response.status === 429) return { ok: false, problem: "rateLimited" };
  const reply = (await response.json().catch(() => null)) as OpenReply | null;
  if (reply === null) return { ok: false, problem: "network" };
  if (reply.status !== "valid") return { ok: false, problem: reply.status === "expired" ? "expired" : reply.status };
  const sodium = await loadSodium();
  return openSealedAttestation(sodium, { id: link.id, fragment: link.fragment, sealed: reply.sealed, heldExpiresOn: reply.expiresOn, signingPublicKey: link.signingPublicKey, today: link.today });
}
