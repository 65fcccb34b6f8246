import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useRef, type FormEvent } from "react";
import { useTranslation } from "~/i18n/use-translation";
import { getAuthProvider } from "~/auth/auth-provider.server";
import { getSessionStatus } from "~/auth/current-account.server";
import { CsrfField, useCsrfToken } from "~/components/ui/csrf-field";
import { FormMessage, SecretField } from "~/components/ui/form-field";
import { returnPathAfterUnlock } from "~/domain/navigation/return-path";
import { unlockSession } from "~/features/accounts/account-flows.client";
import { KeyFormSubmit, NeedsJavascript } from "~/features/keys/key-work";
import { useKeyForm } from "~/features/keys/use-key-form";
import { wipeTabKeys } from "~/features/keys/wipe-tab-keys.client";
import { pageTitle } from "~/i18n/meta";

/** The fields this page shows; errors on others become one form-level message. */
const VISIBLE_FIELDS = ["passphrase"];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "locked.title");

/**
 * Where every signed-in page sends a session locked for lack of use (docs/decisions/012).
 * It shows nothing of the account (not even the handle): whoever holds the phone may not be
 * the member. It gives only the salt and KDF parameters, as sign-in gives them for any handle.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const returnTo = returnPathAfterUnlock(new URL(request.url).searchParams.get("redirectTo"));
  const status = await getSessionStatus(request, context);
  if (status.kind === "member") throw redirect(returnTo);
  const params = status.kind === "locked" ? await getAuthProvider().unlockParams(request) : null;
  if (!params) throw redirect("/sign-in");
  return { params, returnTo };
}

export default function Locked() {
  const { params, returnTo } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const csrf = useCsrfToken();
  const { busy, errors, notice, start, fail } = useKeyForm(VISIBLE_FIELDS);
  const passphrase = useRef<HTMLInputElement>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = await unlockSession({ passphrase: passphrase.current?.value ?? "" }, params, { csrf, onWorking: start });
    if (!result.ok) return fail(result);
    // A whole new page: the header and every loader see the unlocked session.
    window.location.replace(returnTo);
  }

  return (
    <section className="panel" aria-labelledby="locked-title">
      <h1 id="locked-title">{t("locked.title")}</h1>
      <p>{t("locked.explain")}</p>
      <NeedsJavascript />
      <form method="post" action="/api/session/unlock" onSubmit={onSubmit} noValidate>
        <FormMessage message={notice?.key} tone={notice?.tone} values={notice?.values} />
        <SecretField id="passphrase" ref={passphrase} label={t("fields.passphrase")} autoComplete="current-password" error={errors.passphrase} />
        <KeyFormSubmit busy={busy} label={t("locked.submit")} />
      </form>
      <p>{t("locked.notYou")}</p>
      <Form method="post" action="/sign-out" onSubmit={() => wipeTabKeys()}>
        <CsrfField />
        <button type="submit" className="button button--secondary">
          {t("nav.signOut")}
        </button>
      </Form>
    </section>
  );
}
