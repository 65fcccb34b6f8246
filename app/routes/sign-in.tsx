import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useNavigate } from "@remix-run/react";
import { useRef, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { postFormStep } from "~/forms/post-form-step.client";
import { redirectIfSignedIn } from "~/auth/current-account.server";
import { useCsrfToken } from "~/components/ui/csrf-field";
import { HandleField, SecretField, FormMessage } from "~/components/ui/form-field";
import { KeyFormSubmit, NeedsJavascript } from "~/features/keys/key-work";
import { useKeyForm } from "~/features/keys/use-key-form";
import { deriveAccountKeys, publicKeyFromPrivate, unwrapPrivateKey } from "~/crypto/account-keys";

import { storeTabKeys } from "~/features/keys/tab-keys.client";
import { findHandleProblem } from "~/domain/accounts/handle";
import type { FieldErrors } from "~/forms/form-reply";
import { pageTitle } from "~/i18n/meta";

/** The fields this page shows; errors on others become one form-level message. */
const VISIBLE_FIELDS = ["handle", "passphrase"];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "signIn.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await redirectIfSignedIn(request, "/home");
  return null;
}

type KdfReply = { kdfSalt: string; kdfOpslimit: number; kdfMemlimit: number };

export default function SignIn() {
  const { t } = useTranslation();
  const csrf = useCsrfToken();
  const { busy, errors, notice, start, fail, succeed } = useKeyForm(VISIBLE_FIELDS);
  const navigate = useNavigate();
  const passphrase = useRef<HTMLInputElement>(null);



  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const handle = String(new FormData(event.currentTarget).get("handle") ?? "");
    const secret = passphrase.current?.value ?? "";
    const found: FieldErrors = {};
    const handleProblem = findHandleProblem(handle);
    if (handleProblem) found.handle = `errors.handle.${handleProblem}`;
    if (!secret) found.passphrase = "errors.passphrase.required";
    if (Object.keys(found).length > 0) return fail(found);

    start();
    const params = await postFormStep<KdfReply>("/api/auth/params", { handle }, csrf);
    if (!params.ok) return fail(params);
    const derived = await deriveAccountKeys(secret, params.kdfSalt, { opslimit: params.kdfOpslimit, memlimit: params.kdfMemlimit });
    const signedIn = await postFormStep<{ wrappedPrivateKey: string }>("/api/auth/sign-in", { handle, authKey: derived.authKey }, csrf);
    if (!signedIn.ok) return fail(signedIn);
    try {
      const privateKey = await unwrapPrivateKey(signedIn.wrappedPrivateKey, derived.wrapKey, "passphrase");
      storeTabKeys({ privateKey, publicKey: await publicKeyFromPrivate(privateKey) });
    } catch {
      return fail({ ok: false, fieldErrors: {}, formError: "errors.keys.unwrapFailed" });
    }
    navigate("/home", { replace: true });
  }

  return (
    <section className="panel" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">{t("signIn.title")}</h1>
      <NeedsJavascript />
      <form method="post" action="/api/auth/sign-in" onSubmit={onSubmit} noValidate>
        <FormMessage message={notice?.key} tone={notice?.tone} />
        <HandleField error={errors.handle} />
        <SecretField
          id="passphrase"
          ref={passphrase}
          label={t("fields.passphrase")}
          autoComplete="current-password"
          error={errors.passphrase} />
        <KeyFormSubmit busy={busy} label={t("signIn.submit")} />
      </form>
      <p>
        <Link to="/recover">{t("signIn.forgot")}</Link>
      </p>
      <p>
        {t("signIn.noAccount")} <Link to="/sign-up">{t("nav.signUp")}</Link>
      </p>
    </section>
  );
}
