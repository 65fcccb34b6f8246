import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, redirect, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { PageLink } from "~/components/ui/page-link";
import { z } from "zod";
import { readForAccount, requireAccount } from "~/auth/current-account.server";
import { CsrfField } from "~/components/ui/csrf-field";
import { FormMessage, SelectField } from "~/components/ui/form-field";
import { getDatabase } from "~/data/db.server";
import { createGroup, listOwnLeaderAreas } from "~/data/groups.server";
import { keptAreas } from "~/data/kept-areas.server";
import { asMember } from "~/data/rls.server";
import { areaChain, areaCovers, areaName } from "~/domain/areas/areas";
import { fieldError, fieldFailure } from "~/forms/form-reply";
import { GroupDetailsFields, readGroupDetails } from "~/forms/group-details";
import { GroupDetailsFieldset } from "~/features/groups/group-details-fields";
import { formReply, parseForm, refusal } from "~/forms/parse-form.server";
import { pageTitle } from "~/i18n/meta";
import { useTranslation } from "~/i18n/use-translation";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "groups.newGroup.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const [{ read: leaderAreas }, everyArea] = await Promise.all([readForAccount(request, context, (trx) => listOwnLeaderAreas(trx)), keptAreas()]);
  // Only the areas the member's leader approval covers (an admin: all).
  const parents = new Map(everyArea.map((area) => [area.id, area.parentId]));
  const allowed = everyArea.filter((area) => leaderAreas.some((grant) => areaCovers(grant, area.id, parents)));
  // Each allowed area named with the areas above it ("广东省 · 广州市 · 天河区").
  const areas = allowed.map((area) => ({ id: area.id, chain: areaChain(everyArea, area.id) }));
  return { areas, mayLead: leaderAreas.length > 0 };
}

const NewGroupForm = z.object({ ...GroupDetailsFields, areaId: z.uuid("errors.groups.area") });

export async function action({ request, context }: ActionFunctionArgs) {
  const account = await requireAccount(request, context);
  const form = await parseForm(request, NewGroupForm);
  if (!form.ok) return formReply(form);
  const { value } = form;
  const { details, problems } = readGroupDetails(value);
  if (Object.keys(problems).length > 0) return formReply(refusal(400, fieldFailure(problems)));
  const created = await asMember(await getDatabase(), account.userId, (trx) => createGroup(trx, { ...details, areaId: value.areaId }));
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
        <PageLink to="/lead">{t("groups.newGroup.apply")}</PageLink>
      </section>
    );
  }
  return (
    <section className="panel" aria-labelledby="new-group-title">
      <h1 id="new-group-title">{t("groups.newGroup.title")}</h1>
      <p>{t("groups.newGroup.intro")}</p>
      <Form method="post">
        <CsrfField />
        <GroupDetailsFieldset reply={reply} />
        <SelectField id="group-area" name="areaId" label={t("groups.newGroup.area")} error={fieldError(reply, "areaId")}>
          <option value="">{t("groups.newGroup.chooseArea")}</option>
          {areas.map((area) => (
            <option key={area.id} value={area.id}>
              {area.chain.map((step) => areaName(step, i18n.language)).join(" · ")}
            </option>
          ))}
        </SelectField>
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          {t("groups.newGroup.create")}
        </button>
        <FormMessage message={reply && !reply.ok ? reply.formError : undefined} />
      </Form>
    </section>
  );
}
