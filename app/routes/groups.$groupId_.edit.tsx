import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, redirect, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { PageLink } from "~/components/ui/page-link";
import { z } from "zod";
import { readForAccount, requireAccount } from "~/auth/current-account.server";
import { CsrfField } from "~/components/ui/csrf-field";
import { FormMessage } from "~/components/ui/form-field";
import { getDatabase } from "~/data/db.server";
import { getLedGroup, updateGroup } from "~/data/groups.server";
import { asMember } from "~/data/rls.server";
import { GroupDetailsFieldset } from "~/features/groups/group-details-fields";
import { fieldFailure, formFailure } from "~/forms/form-reply";
import { GroupDetailsFields, readGroupDetails } from "~/forms/group-details";
import { formReply, parseForm, refusal } from "~/forms/parse-form.server";
import { pageTitle } from "~/i18n/meta";
import { useTranslation } from "~/i18n/use-translation";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "groups.editGroup.title");

const GroupId = z.uuid();

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  // Only the group's leaders change it: for anyone else the page does not exist.
  const { read } = await readForAccount(request, context, (trx) => getLedGroup(trx, params.groupId));
  if (!read) throw new Response(null, { status: 404 });
  const { id, name, description, languages, status } = read.group;
  return { group: { id, name, description, languages, status } };
}

const EditGroupForm = z.object({ ...GroupDetailsFields, status: z.enum(["active", "closed"], { error: "errors.form.invalid" }) });

export async function action({ request, context, params }: ActionFunctionArgs) {
  const account = await requireAccount(request, context);
  const groupId = GroupId.safeParse(params.groupId);
  if (!groupId.success) throw new Response(null, { status: 404 });
  const form = await parseForm(request, EditGroupForm);
  if (!form.ok) return formReply(form);
  const { details, problems } = readGroupDetails(form.value);
  if (Object.keys(problems).length > 0) return formReply(refusal(400, fieldFailure(problems)));
  const changed = await asMember(await getDatabase(), account.userId, (trx) => updateGroup(trx, groupId.data, { ...details, status: form.value.status }));
  if (!changed.ok) return formReply(refusal(403, formFailure("errors.groups.notAllowed")));
  return redirect(`/groups/${groupId.data}`);
}

export default function EditGroup() {
  const { group } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby="edit-group-title">
      <p className="breadcrumb">
        <PageLink to={`/groups/${group.id}`}>{group.name}</PageLink>
      </p>
      <h1 id="edit-group-title">{t("groups.editGroup.title")}</h1>
      <Form method="post">
        <CsrfField />
        <GroupDetailsFieldset reply={reply} group={group} />
        <fieldset className="field">
          <legend>{t("groups.editGroup.status")}</legend>
          {(["active", "closed"] as const).map((status) => (
            <label key={status} className="choice">
              <input type="radio" name="status" value={status} defaultChecked={group.status === status} /> {t(`groups.editGroup.statuses.${status}`)}
            </label>
          ))}
          <p className="field__hint">{t("groups.editGroup.closedHint")}</p>
        </fieldset>
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          {t("groups.editGroup.save")}
        </button>
        <FormMessage message={reply && !reply.ok ? reply.formError : undefined} />
      </Form>
    </section>
  );
}
