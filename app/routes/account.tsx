import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useRevalidator } from "@remix-run/react";
import { useRef, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { postAuthStep } from "~/auth/auth-api.client";
import { requireAccount } from "~/auth/current-account.server";
import { useCsrfToken } from "~/components/csrf-field";
import { SecretField, FormMessage } from "~/components/form-field";
import { KeyFormSubmit, NeedsJavascript } from "~/components/key-work";
import { useKeyForm } from "~/components/use-key-form";
import { rewrapForNewPassphrase } from "~/crypto/account-keys";
import { storeTabKeys } from "~/crypto/tab-keys.client";
import { findPassphraseProblem } from "~/domain/accounts/passphrase";
import type { FieldErrors } from "~/forms/form-reply";
import { pageTitle } from "~/i18n/meta";

/** The fields this page shows; errors on others become one form-level message. */
const VISIBLE_FIELDS = ["currentPassphrase", "newPassphrase", "passphraseConfirm"];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "account.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const account = await requireAccount(request);
  return {
    handle: account.handle,
    roles: account.roles,
    keys: {
      kdfSalt: account.kdfSalt,
      kdfOpslimit: account.kdfOpslimit,
      kdfMemlimit: account.kdfMemlimit,
      publicKey: account.publicKey,
      wrappedPrivateKey: account.wrappedPrivateKey,
    },
  };
}

export default function Account() {
  const { handle, roles, keys } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const csrf = useCsrfToken();
  const { busy, errors, notice, start, fail, succeed } = useKeyForm(VISIBLE_FIELDS);
  const revalidator = useRevalidator();
  const current = useRef<HTMLInputElement>(null);
  const next = useRef<HTMLInputElement>(null);
  const confirmation = useRef<HTMLInputElement>(null);



  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const currentPassphrase = current.current?.value ?? "";
    const newPassphrase = next.current?.value ?? "";
    const found: FieldErrors = {};
    if (!currentPassphrase) found.currentPassphrase = "errors.passphrase.required";
    const problem = findPassphraseProblem(newPassphrase, confirmation.current?.value ?? "");
    if (problem === "mismatch") found.passphraseConfirm = "errors.passphrase.mismatch";
    else if (problem) found.newPassphrase = `errors.passphrase.${problem}`;
    if (Object.keys(found).length > 0) return fail(found);

    start();
    let rewrapped: Awaited<ReturnType<typeof rewrapForNewPassphrase>>;
    try {
      rewrapped = await rewrapForNewPassphrase({
        currentPassphrase,
        currentSalt: keys.kdfSalt,
        currentParams: { opslimit: keys.kdfOpslimit, memlimit: keys.kdfMemlimit },
        wrappedPrivateKey: keys.wrappedPrivateKey,
        newPassphrase,
      });
    } catch {
      return fail({ currentPassphrase: "errors.passphrase.currentWrong" });
    }
    const { privateKey, ...upload } = rewrapped;
    const reply = await postAuthStep("/api/auth/passphrase", upload, csrf);
    if (!reply.ok) return fail(reply);
    storeTabKeys({ privateKey, publicKey: keys.publicKey });
    form.reset();
    succeed("account.passphraseChanged");
    revalidator.revalidate();
  }

  return (
    <>
      <section className="panel" aria-labelledby="account-title">
        <h1 id="account-title">{t("account.title")}</h1>
        <dl className="facts">
          <dt>{t("fields.handle")}</dt>
          <dd translate="no">{handle}</dd>
          <dt>{t("account.roles")}</dt>
          <dd>{[t("roles.member"), ...roles.map((role) => t(`roles.${role}`))].join(t("list.separator"))}</dd>
        </dl>
      </section>
      <section className="panel" aria-labelledby="passphrase-title">
        <h2 id="passphrase-title">{t("account.changePassphrase")}</h2>
        <p>{t("account.changePassphraseIntro")}</p>
        <NeedsJavascript />
        <form method="post" action="/api/auth/passphrase" onSubmit={onSubmit} noValidate>
          <FormMessage message={notice?.key} tone={notice?.tone} />
          <SecretField id="current-passphrase" ref={current} label={t("fields.currentPassphrase")} autoComplete="current-password" error={errors.currentPassphrase} />
          <SecretField id="new-passphrase" ref={next} label={t("fields.newPassphrase")} hint={t("signUp.passphraseHint")} autoComplete="new-password" error={errors.newPassphrase} />
          <SecretField id="passphrase-confirm" ref={confirmation} label={t("fields.passphraseConfirm")} autoComplete="new-password" error={errors.passphraseConfirm} />
          <KeyFormSubmit busy={busy} label={t("account.changePassphraseSubmit")} />
        </form>
      </section>
    </>
  );
}
