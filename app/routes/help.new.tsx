import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { PageLink } from "~/components/ui/page-link";
import { z } from "zod";
import { requireAccount } from "~/auth/current-account.server";
import { CsrfField } from "~/components/ui/csrf-field";
import { FormMessage } from "~/components/ui/form-field";
import { getDatabase } from "~/data/db.server";
import { askForHelp, type AskResult } from "~/data/help-requests.server";
import { asMember } from "~/data/rls.server";
import { identityHints } from "~/domain/help/identity-hints";
import { CONTACT_WAYS, HELP_CATEGORIES, HELP_URGENCIES } from "~/domain/help/request-rules";
import { HELP_TEXT_MAX, HelpRequestFields, type HelpRequestValues } from "~/features/help/help-request-fields";
import { fieldFailure, formFailure, type FormFailure } from "~/forms/form-reply";
import { memberText } from "~/forms/member-text";
import { parseForm, refusal, type Refusal, type RefusalReason, type Refusals } from "~/forms/parse-form.server";
import { pageTitle } from "~/i18n/meta";
import { useTranslation } from "~/i18n/use-translation";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "help.form.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const account = await requireAccount(request, context);
  // One key per form shown: the same form sent twice makes one request.
  return { hasArea: account.areaId !== null, idempotencyKey: crypto.randomUUID() };
}

const HelpRequestForm = z.object({
  category: z.enum(HELP_CATEGORIES, "errors.help.category"),
  urgency: z.enum(HELP_URGENCIES, "errors.help.urgency"),
  contactWay: z.enum(CONTACT_WAYS, "errors.help.contactWay"),
  description: memberText(HELP_TEXT_MAX, "errors.help.tooLong").refine((text) => text.length > 0, "errors.help.descriptionEmpty"),
  idempotencyKey: z.uuid("errors.form.invalid"),
  sendAnyway: z.literal("yes").optional(),
});

const REFUSALS: Refusals<RefusalReason<AskResult>> = {
  "no-area": refusal(409, formFailure("errors.help.noArea")),
  "too-many": refusal(409, formFailure("errors.help.tooMany")),
  "not-found": refusal(400, formFailure("errors.form.invalid")),
};

type HelpFormReply = FormFailure & { values: HelpRequestValues; identityFound?: boolean };

/** What the member sent, given back with the refusal so that nothing they wrote is lost. */
function sentValues(form: FormData | null): HelpRequestValues {
  const text = (name: string) => {
    const value = form?.get(name);
    return typeof value === "string" ? value.slice(0, HELP_TEXT_MAX * 2) : "";
  };
  return { category: text("category"), urgency: text("urgency"), contactWay: text("contactWay"), description: text("description") };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const account = await requireAccount(request, context);
  const copy = request.clone();
  const form = await parseForm(request, HelpRequestForm);
  const refuse = async ({ status, body }: Refusal, identityFound = false) =>
    data<HelpFormReply>({ ...body, values: sentValues(await copy.formData().catch(() => null)), identityFound }, { status });
  if (!form.ok) return refuse(form);
  const { value } = form;
  // Checked again here: without scripts the member has not seen the warning yet.
  if (value.sendAnyway !== "yes" && identityHints(value.description).length > 0) return refuse(refusal(400, fieldFailure({ description: "errors.help.identity" })), true);
  const asked = await asMember(await getDatabase(), account.userId, (trx) =>
    askForHelp(trx, { category: value.category, urgency: value.urgency, contactWay: value.contactWay, description: value.description, idempotencyKey: value.idempotencyKey }),
  );
  if (!asked.ok) return refuse(REFUSALS[asked.reason]);
  return redirect(`/help/${asked.id}?done=sent`);
}

export default function NewHelpRequest() {
  const { hasArea, idempotencyKey } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby="help-new-title">
      <p className="breadcrumb">
        <PageLink to="/help">{t("help.back")}</PageLink>
      </p>
      <h1 id="help-new-title">{t("help.form.title")}</h1>
      {hasArea ? (
        <>
          <p>{t("help.form.intro")}</p>
          <Form method="post">
            <CsrfField />
            <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
            <HelpRequestFields reply={reply} values={reply?.values ?? { category: "", urgency: "routine", contactWay: "portal", description: "" }} />
            {reply?.identityFound ? (
              <label className="choice">
                <input type="checkbox" name="sendAnyway" value="yes" /> {t("help.form.sendAnyway")}
              </label>
            ) : null}
            <button type="submit" className="button" disabled={navigation.state === "submitting"}>
              {t("help.form.send")}
            </button>
            <FormMessage message={reply?.formError} />
          </Form>
        </>
      ) : (
        <>
          <p>{t("help.noArea")}</p>
          <PageLink className="button" to="/welcome">
            {t("help.chooseArea")}
          </PageLink>
        </>
      )}
    </section>
  );
}
