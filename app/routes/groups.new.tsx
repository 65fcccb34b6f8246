import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, redirect, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { readForAccount, requireAccount } from "~/auth/current-account.server";
import { CsrfField } from "~/components/ui/csrf-field";
import { FormField, FormMessage, SelectField, TextAreaField } from "~/components/ui/form-field";
import { getDatabase } from "~/data/db.server";
import { createGroup, listOwnLeaderAreas } from "~/data/groups.server";
import { listAreas } from "~/data/roles.server";
import { asMember } from "~/data/rls.server";
import { GROUP_LANGUAGES, TEXT_LIMITS, checkText, type GroupLanguage } from "~/domain/groups/meeting-fields";
import { areaChain, areaCovers, areaName } from "~/domain/areas/areas";
import { fieldError, fieldFailure, type FieldErrors } from "~/forms/form-reply";
import { formReply, parseForm, refusal } from "~/forms/parse-form.server";
import { pageTitle } from "~/i18n/meta";
import { useTranslation } from "~/i18n/use-translation";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "groups.newGroup.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { read } = await readForAccount(request, context, async (trx) => {
    const [leaderAreas, areas] = await Promise.all([listOwnLeaderAreas(trx), listAreas(trx)]);
    return { leaderAreas, areas };
  });
  // Only the areas the member's leader approval covers (an admin: all).
  const parents = new Map(read.areas.map((area) => [area.id, area.parentId]));
  const allowed = read.areas.filter((area) => read.leaderAreas.some((grant) => areaCovers(grant, area.id, parents)));
  // Each allowed area named with the areas above it ("广东省 · 广州市 · 天河区").
  const areas = allowed.map((area) => ({ id: area.id, chain: areaChain(read.areas, area.id) }));
  return { areas, mayLead: read.leaderAreas.length > 0 };
}

const NewGroupForm = z.object({
  name: z.string().trim().min(1, "errors.field.required"),
  description: z.string().trim(),
  areaId: z.uuid("errors.groups.area"),
  ...(Object.fromEntries(GROUP_LANGUAGES.map((language) => [`language_${language}`, z.literal("on").optional()])) as Record<`language_${GroupLanguage}`, z.ZodOptional<z.ZodLiteral<"on">>>),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const account = await requireAccount(request, context);
  const form = await parseForm(request, NewGroupForm);
  if (!form.ok) return formReply(form);
  const { value } = form;
  const languages = GROUP_LANGUAGES.filter((language) => value[`language_${language}`] === "on");
  const problems: FieldErrors = {};
  for (const [field, limit] of [["name", "groupName"], ["description", "groupDescription"]] as const) {
    const problem = checkText(limit, value[field]);
    if (problem) problems[field] = problem.problem === "tooLong" ? `errors.groups.tooLong.${limit}` : "errors.groups.characters";
  }
  if (languages.length === 0) problems.languages = "errors.groups.languages";
  if (Object.keys(problems).length > 0) return formReply(refusal(400, fieldFailure(problems)));
  const created = await asMember(await getDatabase(), account.userId, (trx) => createGroup(trx, { name: value.name, description: value.description, areaId: value.areaId, languages }));
  if (!created.ok) return formReply(refusal(403, fieldFailure({ areaId: "errors.groups.notYourArea" })));
  return redirect(`/groups/${created.id}`);
}

export default function NewGroup() {
  const { areas, mayLead } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t, i18n } = useTranslation();
  if (!mayLead) {
    return (
      <section className="panel" aria-labelledby="new-group-title">
        <h1 id="new-group-title">{t("groups.newGroup.title")}</h1>
        <p>{t("groups.newGroup.notYet")}</p>
        <Link to="/lead">{t("groups.newGroup.apply")}</Link>
      </section>
    );
  }
  const languagesError = fieldError(reply, "languages");
  return (
    <section className="panel" aria-labelledby="new-group-title">
      <h1 id="new-group-title">{t("groups.newGroup.title")}</h1>
      <p>{t("groups.newGroup.intro")}</p>
      <Form method="post">
        <CsrfField />
        <FormField id="group-name" name="name" label={t("groups.newGroup.name")} hint={t("groups.newGroup.nameHint")} maxLength={TEXT_LIMITS.groupName} error={fieldError(reply, "name")} required />
        <TextAreaField id="group-description" name="description" label={t("groups.newGroup.description")} rows={4} maxLength={TEXT_LIMITS.groupDescription} error={fieldError(reply, "description")} />
        <SelectField id="group-area" name="areaId" label={t("groups.newGroup.area")} error={fieldError(reply, "areaId")}>
          <option value="">{t("groups.newGroup.chooseArea")}</option>
          {areas.map((area) => (
            <option key={area.id} value={area.id}>
              {area.chain.map((step) => areaName(step, i18n.language)).join(" · ")}
            </option>
          ))}
        </SelectField>
        <fieldset className="field" aria-describedby={languagesError ? "group-languages-error" : undefined}>
          <legend>{t("groups.newGroup.languages")}</legend>
          {GROUP_LANGUAGES.map((language) => (
            <label key={language} className="choice">
              <input type="checkbox" name={`language_${language}`} defaultChecked={language === "zh-CN"} /> {t(`groups.languages.${language}`)}
            </label>
          ))}
          {languagesError ? (
            <p id="group-languages-error" className="field__error" role="alert">
              {t(languagesError)}
            </p>
          ) : null}
        </fieldset>
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          {t("groups.newGroup.create")}
        </button>
        <FormMessage message={reply && !reply.ok ? reply.formError : undefined} />
      </Form>
    </section>
  );
}
