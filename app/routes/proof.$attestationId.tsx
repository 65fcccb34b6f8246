import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { getDatabase } from "~/data/db.server";
import { asSystem } from "~/data/rls.server";
import { getOrCreateServerSecret } from "~/data/server-secret.server";
import { publicSigningKey, signingKeyFingerprint } from "~/data/signing-keys.server";
import { isUuid } from "~/domain/formats/uuid";
import { ProofCheck } from "~/features/testing/proof-check";
import { pageTitle } from "~/i18n/meta";
import { useTranslation } from "~/i18n/use-translation";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "attestations.proof.title");

/**
 * A proof link, as its recipient opens it, signed in or not. The page gives only the key to
 * check signatures with; the browser fetches the sealed proof (api.proofs.$attestationId) and
 * opens it with the key in the fragment.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const id = params.attestationId ?? "";
  if (!isUuid(id)) throw new Response(null, { status: 404 });
  const secret = await asSystem(await getDatabase(), "testing: read the signing key", getOrCreateServerSecret);
  return { id, signingPublicKey: publicSigningKey(secret, "testAttestations"), fingerprint: signingKeyFingerprint(secret, "testAttestations") };
}

export default function Proof() {
  const { id, signingPublicKey, fingerprint } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby="proof-title">
      <h1 id="proof-title">{t("attestations.proof.title")}</h1>
      <p>{t("attestations.proof.intro")}</p>
      <noscript>
        <p className="form-message form-message--warning">{t("attestations.proof.needsScript")}</p>
      </noscript>
      <ProofCheck id={id} signingPublicKey={signingPublicKey} fingerprint={fingerprint} />
    </section>
  );
}
