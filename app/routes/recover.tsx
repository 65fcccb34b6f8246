import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useNavigate } from "@remix-run/react";
import { useRef, useState, type FormEvent } from "react";
import { useTranslation } from "~/i18n/use-translation";
import { redirectIfSignedIn } from "~/auth/current-account.server";
import { useCsrfToken } from "~/components/ui/csrf-field";
import { HandleField, SecretField, FormMessage } from "~/components/ui/form-field";
import { opensPages, PrefetchPage } from "~/components/ui/prefetch-page";
import { KeyFormSubmit, NeedsJavascript } from "~/features/keys/key-work";
import { RecoveryCodePanel } from "~/features/accounts/recovery-code-panel";
import { recoverAccount } from "~/features/accounts/account-flows.client";
import { SharedPhoneChoice, sharedPhoneTicked } from "~/features/accounts/shared-phone-choice";
import { useKeyForm } from "~/features/keys/use-key-form";
import { pageTitle } from "~/i18n/meta";

/** The fields this page shows; errors on others become one form-level message. */
const VISIBLE_FIELDS = ["handle", "recoveryCode", "passphrase", "passphraseConfirm"];

export const handle = opensPages("/home");

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "recover.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  await redirectIfSignedIn(request, context, "/account");
  return null;
}

export default function Recover() {
  const { t } = useTranslation();
  const csrf = useCsrfToken();
  const { busy, errors, notice, start, fail } = useKeyForm(VISIBLE_FIELDS);
  const navigate = useNavigate();
  const code = useRef<HTMLInputElement>(null);
  const passphrase = useRef<HTMLInputElement>(null);
  const confirmation = useRef<HTMLInputElement>(null);
  const [newCode, setNewCode] = useState<string>();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const typed = {
      handle: String(new FormData(form).get("handle") ?? ""),
      recoveryCode: code.current?.value ?? "",
      passphrase: passphrase.current?.value ?? "",
      passphraseConfirm: confirmation.current?.value ?? "",
      sharedPhone: sharedPhoneTicked(form),
    };
    const result = await recoverAccount(typed, { csrf, onWorking: start });
    if (!result.ok) return fail(result);
    setNewCode(result.recoveryCode);
  }

  if (newCode) {
    return (
      <>
        <p className="form-message form-message--info" role="status">
          {t("recover.done")}
        </p>
        <RecoveryCodePanel code={newCode} onConfirmed={() => navigate("/home", { replace: true })} />
        <PrefetchPage page="/home" />
      </>
    );
  }

  return (
    <section className="panel" aria-labelledby="recover-title">
      <h1 id="recover-title">{t("recover.title")}</h1>
      <p>{t("recover.intro")}</p>
      <NeedsJavascript />
      <form method="post" action="/api/auth/recover" onSubmit={onSubmit} noValidate>
        <FormMessage message={notice?.key} tone={notice?.tone} values={notice?.values} />
        <HandleField error={errors.handle} />
        <SecretField id="recovery-code" visible ref={code} label={t("fields.recoveryCode")} autoComplete="off" error={errors.recoveryCode} />
        <SecretField id="passphrase" ref={passphrase} label={t("fields.newPassphrase")} hint={t("signUp.passphraseHint")} autoComplete="new-password" error={errors.passphrase} />
        <SecretField id="passphrase-confirm" ref={confirmation} label={t("fields.passphraseConfirm")} autoComplete="new-password" error={errors.passphraseConfirm} />
        <SharedPhoneChoice />
        <KeyFormSubmit busy={busy} label={t("recover.submit")} />
      </form>
    </section>
  );
}
