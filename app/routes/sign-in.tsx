import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useNavigate } from "@remix-run/react";
import { PageLink } from "~/components/ui/page-link";
import { useRef, type FormEvent } from "react";
import { useTranslation } from "~/i18n/use-translation";
import { redirectIfSignedIn } from "~/auth/current-account.server";
import { CsrfField, useCsrfToken } from "~/components/ui/csrf-field";
import { HandleField, SecretField, FormMessage } from "~/components/ui/form-field";
import { opensPages, PrefetchPage } from "~/components/ui/prefetch-page";
import { keyWorkerUrl } from "~/features/keys/encryption-assets.server";
import { KeyFormSubmit, NeedsJavascript } from "~/features/keys/key-work";
import { signIn } from "~/features/accounts/account-flows.client";
import { SharedPhoneChoice, sharedPhoneTicked } from "~/features/accounts/shared-phone-choice";
import { useKeyForm } from "~/features/keys/use-key-form";
import { pageTitle } from "~/i18n/meta";

/** The fields this page shows; errors on others become one form-level message. */
const VISIBLE_FIELDS = ["handle", "passphrase"];

export const handle = opensPages("/home");

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "signIn.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  await redirectIfSignedIn(request, context, "/home");
  // The built key worker, which this page's HTML starts (decision 037); null without a build.
  return { keyWorker: keyWorkerUrl() };
}

export default function SignIn() {
  const { t } = useTranslation();
  const { keyWorker } = useLoaderData<typeof loader>();
  const csrf = useCsrfToken();
  const { busy, errors, notice, start, fail } = useKeyForm(VISIBLE_FIELDS);
  const navigate = useNavigate();
  const passphrase = useRef<HTMLInputElement>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const typed = {
      handle: String(new FormData(form).get("handle") ?? ""),
      passphrase: passphrase.current?.value ?? "",
      sharedPhone: sharedPhoneTicked(form),
    };
    const result = await signIn(typed, { csrf, onWorking: start });
    if (!result.ok) return fail(result);
    navigate("/home", { replace: true });
  }

  return (
    <section className="panel" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">{t("signIn.title")}</h1>
      <NeedsJavascript />
      <form method="post" action="/api/auth/sign-in" onSubmit={onSubmit} noValidate>
        <CsrfField />
        <FormMessage message={notice?.key} tone={notice?.tone} values={notice?.values} />
        <HandleField error={errors.handle} />
        <SecretField
          id="passphrase"
          ref={passphrase}
          label={t("fields.passphrase")}
          autoComplete="current-password"
          error={errors.passphrase} />
        <SharedPhoneChoice />
        <KeyFormSubmit busy={busy} label={t("signIn.submit")} signInWorker={keyWorker} />
      </form>
      {/* While the keys are derived, the home page's scripts come, so it opens without waiting for them. */}
      {busy && <PrefetchPage page="/home" />}
      <p>
        <PageLink to="/recover">{t("signIn.forgot")}</PageLink>
      </p>
      <p>
        {t("signIn.noAccount")} <PageLink to="/sign-up">{t("nav.signUp")}</PageLink>
      </p>
    </section>
  );
}
