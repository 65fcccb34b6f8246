import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { PageLink } from "~/components/ui/page-link";
import { useTranslation } from "~/i18n/use-translation";
import { z } from "zod";
import { getCurrentAccount } from "~/auth/current-account.server";
import { updateOwnProfile } from "~/data/accounts.server";
import { getDatabase } from "~/data/db.server";
import { asMember } from "~/data/rls.server";
import { safeRedirectPath } from "~/domain/navigation/safe-redirect";
import { isProduction } from "~/env.server";
import { FormMessage } from "~/components/ui/form-field";
import { formReply, parseForm } from "~/forms/parse-form.server";
import { LOCALES } from "~/domain/accounts/locales";
import { languageCookie } from "~/i18n/language.server";
import { pageTitle } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "language.label");

const LanguageChoice = z.object({
  lng: z.enum(LOCALES, { error: "errors.language.unsupported" }),
  redirectTo: z.string().max(2000, "errors.field.invalid").optional(),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await parseForm(request, LanguageChoice);
  if (!form.ok) return formReply(form);
  // A signed-in member's choice is kept with their profile too (the language for anything sent to them later).
  const account = await getCurrentAccount(request, context);
  if (account) {
    const db = await getDatabase();
    await asMember(db, account.userId, (trx) => updateOwnProfile(trx, { locale: form.value.lng }));
  }
  return redirect(safeRedirectPath(form.value.redirectTo), {
    headers: { "Set-Cookie": languageCookie(form.value.lng, isProduction()) },
  });
}

export const loader = () => null;

/** Reached when a language choice was refused (the switch itself is in the header). */
export default function LanguageRefused() {
  const reply = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby="language-title">
      <h1 id="language-title">{t("language.label")}</h1>
      <FormMessage message={reply ? (reply.formError ?? reply.fieldErrors.lng ?? "errors.form.invalid") : undefined} />
      <p>
        <PageLink to="/">{t("errors.page.home")}</PageLink>
      </p>
    </section>
  );
}
