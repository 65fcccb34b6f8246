import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { z } from "zod";
import { CsrfField } from "~/components/ui/csrf-field";
import { FormMessage } from "~/components/ui/form-field";
import { wipeTabKeys } from "~/features/keys/wipe-tab-keys.client";
import { formReply, parseForm } from "~/forms/parse-form.server";
import { pageTitle } from "~/i18n/meta";
import { endSessionHeaders } from "~/auth/auth-replies.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "signOut.title");

export async function action({ request }: ActionFunctionArgs) {
  const form = await parseForm(request, z.object({}));
  if (!form.ok) return formReply(form);
  const headers = await endSessionHeaders(request, "signOut");
  return redirect("/", { headers });
}

export const loader = () => null;

/** Shown when visited directly, or when a sign-out was refused (e.g. a page left open too long). */
export default function SignOut() {
  const reply = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby="sign-out-title">
      <h1 id="sign-out-title">{t("signOut.title")}</h1>
      <FormMessage message={reply?.formError} />
      <Form method="post" onSubmit={() => wipeTabKeys()}>
        <CsrfField />
        <button type="submit" className="button">
          {t("nav.signOut")}
        </button>
      </Form>
    </section>
  );
}
