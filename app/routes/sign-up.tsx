import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useNavigate } from "@remix-run/react";
import { PageLink } from "~/components/ui/page-link";
import { useRef, useState, type FormEvent } from "react";
import { useTranslation } from "~/i18n/use-translation";
import { redirectIfSignedIn } from "~/auth/current-account.server";
import { useCsrfToken } from "~/components/ui/csrf-field";
import { HandleField, SecretField, FormMessage } from "~/components/ui/form-field";
import { opensPages, PrefetchPage } from "~/components/ui/prefetch-page";
import { KeyFormSubmit, NeedsJavascript } from "~/features/keys/key-work";
import { RecoveryCodePanel } from "~/features/accounts/recovery-code-panel";
import { signUp } from "~/features/accounts/account-flows.client";
import { SharedPhoneChoice, sharedPhoneTicked } from "~/features/accounts/shared-phone-choice";
import { useKeyForm } from "~/features/keys/use-key-form";
import { pageTitle } from "~/i18n/meta";

/** The fields this page shows; errors on others become one form-level message. */
const VISIBLE_FIELDS = ["handle", "passphrase", "passphraseConfirm"];

export const handle = opensPages("/welcome");

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "signUp.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  await redirectIfSignedIn(request, context, "/home");
  return null;
}

export default function SignUp() {
  const { t } = useTranslation();
  const csrf = useCsrfToken();
  const { busy, errors, notice, start, fail, succeed } = useKeyForm(VISIBLE_FIELDS);
  const navigate = useNavigate();
  const passphrase = useRef<HTMLInputElement>(null);
  const confirmation = useRef<HTMLInputElement>(null);
  const [recoveryCode, setRecoveryCode] = useState<string>();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const typed = {
      handle: String(new FormData(form).get("handle") ?? ""),
      passphrase: passphrase.current?.value ?? "",
      passphraseConfirm: confirmation.current?.value ?? "",
      sharedPhone: sharedPhoneTicked(form),
    };
    const result = await signUp(typed, { csrf, onWorking: start });
    if (!result.ok) return fail(result);
    succeed();
    setRecoveryCode(result.recoveryCode);
  }

  if (recoveryCode) {
    return (
      <>
        <RecoveryCodePanel code={recoveryCode} onConfirmed={() => navigate("/welcome", { replace: true })} />
        <PrefetchPage page="/welcome" />
      </>
    );
  }

  return (
    <section className="panel" aria-labelledby="sign-up-title">
      <h1 id="sign-up-title">{t("signUp.title")}</h1>
      <p>{t("signUp.intro")}</p>
      <NeedsJavascript />
      <form method="post" action="/api/auth/sign-up" onSubmit={onSubmit} noValidate>
        <FormMessage message={notice?.key} tone={notice?.tone} values={notice?.values} />
        <HandleField error={errors.handle} hint={t("signUp.handleHint")} />
        <SecretField
          id="passphrase"
          ref={passphrase}
          label={t("fields.passphrase")}
          hint={t("signUp.passphraseHint")}
          autoComplete="new-password"
          error={errors.passphrase} />
        <SecretField
          id="passphrase-confirm"
          ref={confirmation}
          label={t("fields.passphraseConfirm")}
          autoComplete="new-password"
          error={errors.passphraseConfirm} />
        <SharedPhoneChoice />
        <KeyFormSubmit busy={busy} label={t("signUp.submit")} />
      </form>
      <p>
        {t("signUp.haveAccount")} <PageLink to="/sign-in">{t("nav.signIn")}</PageLink>
      </p>
      <p>
        <PageLink to="/about">{t("signUp.aboutLink")}</PageLink>
      </p>
    </section>
  );
}
