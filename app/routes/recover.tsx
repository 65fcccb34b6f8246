import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useNavigate } from "@remix-run/react";
import { useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { postFormStep } from "~/forms/post-form-step.client";
import { redirectIfSignedIn } from "~/auth/current-account.server";
import { useCsrfToken } from "~/components/ui/csrf-field";
import { HandleField, SecretField, FormMessage } from "~/components/ui/form-field";
import { KeyFormSubmit, NeedsJavascript } from "~/features/keys/key-work";
import { RecoveryCodePanel } from "~/features/accounts/recovery-code-panel";
import { useKeyForm } from "~/features/keys/use-key-form";
import { deriveRecoveryKeys, normalizeRecoveryCode, recoverWithCode } from "~/crypto/account-keys";
import { storeTabKeys } from "~/features/keys/tab-keys.client";
import { findHandleProblem } from "~/domain/accounts/handle";
import { findPassphraseProblem } from "~/domain/accounts/passphrase";
import type { FieldErrors } from "~/forms/form-reply";
import { pageTitle } from "~/i18n/meta";

/** The fields this page shows; errors on others become one form-level message. */
const VISIBLE_FIELDS = ["handle", "recoveryCode", "passphrase", "passphraseConfirm"];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "recover.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await redirectIfSignedIn(request, "/account");
  return null;
}

function isRecoveryCode(input: string): boolean {
  try {
    normalizeRecoveryCode(input);
    return true;
  } catch {
    return false;
  }
}

export default function Recover() {
  const { t } = useTranslation();
  const csrf = useCsrfToken();
  const { busy, errors, notice, start, fail, succeed } = useKeyForm(VISIBLE_FIELDS);
  const navigate = useNavigate();
  const code = useRef<HTMLInputElement>(null);
  const passphrase = useRef<HTMLInputElement>(null);
  const confirmation = useRef<HTMLInputElement>(null);
  const [newCode, setNewCode] = useState<string>();



  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const handle = String(new FormData(event.currentTarget).get("handle") ?? "");
    const recoveryCode = code.current?.value ?? "";
    const secret = passphrase.current?.value ?? "";
    const found: FieldErrors = {};
    const handleProblem = findHandleProblem(handle);
    if (handleProblem) found.handle = `errors.handle.${handleProblem}`;
    if (!isRecoveryCode(recoveryCode)) found.recoveryCode = "errors.recovery.codeFormat";
    const secretProblem = findPassphraseProblem(secret, confirmation.current?.value ?? "");
    if (secretProblem === "mismatch") found.passphraseConfirm = "errors.passphrase.mismatch";
    else if (secretProblem) found.passphrase = `errors.passphrase.${secretProblem}`;
    if (Object.keys(found).length > 0) return fail(found);

    start();
    const { authKey } = await deriveRecoveryKeys(recoveryCode);
    const started = await postFormStep<{ recoveryWrappedPrivateKey: string }>(
      "/api/auth/recover",
      { intent: "start", handle, recoveryAuthKey: authKey },
      csrf,
    );
    if (!started.ok) return fail(started);
    let recovered: Awaited<ReturnType<typeof recoverWithCode>>;
    try {
      recovered = await recoverWithCode({ recoveryCode, recoveryWrappedPrivateKey: started.recoveryWrappedPrivateKey, newPassphrase: secret });
    } catch {
      return fail({ ok: false, fieldErrors: {}, formError: "errors.recovery.failed" });
    }
    const { recoveryAuthKey: newRecoveryAuthKey, recoveryWrappedPrivateKey: newRecoveryWrappedPrivateKey, ...passphraseKeys } =
      recovered.upload;
    const completed = await postFormStep(
      "/api/auth/recover",
      { intent: "complete", handle, recoveryAuthKey: recovered.recoveryAuthKey, ...passphraseKeys, newRecoveryAuthKey, newRecoveryWrappedPrivateKey },
      csrf,
    );
    if (!completed.ok) return fail(completed);
    storeTabKeys(recovered.keys);
    setNewCode(recovered.recoveryCode);
  }

  if (newCode) {
    return (
      <>
        <p className="form-message form-message--info" role="status">
          {t("recover.done")}
        </p>
        <RecoveryCodePanel code={newCode} onConfirmed={() => navigate("/home", { replace: true })} />
      </>
    );
  }

  return (
    <section className="panel" aria-labelledby="recover-title">
      <h1 id="recover-title">{t("recover.title")}</h1>
      <p>{t("recover.intro")}</p>
      <NeedsJavascript />
      <form method="post" action="/api/auth/recover" onSubmit={onSubmit} noValidate>
        <FormMessage message={notice?.key} tone={notice?.tone} />
        <HandleField error={errors.handle} />
        <SecretField id="recovery-code" visible ref={code} label={t("fields.recoveryCode")} autoComplete="off" error={errors.recoveryCode} />
        <SecretField id="passphrase" ref={passphrase} label={t("fields.newPassphrase")} hint={t("signUp.passphraseHint")} autoComplete="new-password" error={errors.passphrase} />
        <SecretField id="passphrase-confirm" ref={confirmation} label={t("fields.passphraseConfirm")} autoComplete="new-password" error={errors.passphraseConfirm} />
        <KeyFormSubmit busy={busy} label={t("recover.submit")} />
      </form>
    </section>
  );
}
