import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, redirect, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { PageLink } from "~/components/ui/page-link";
import { z } from "zod";
import { readForAccount, requireAccount } from "~/auth/current-account.server";
import { CsrfField } from "~/components/ui/csrf-field";
import { FormField, FormMessage } from "~/components/ui/form-field";
import { getDatabase } from "~/data/db.server";
import { getLedGroup } from "~/data/groups.server";
import { updateMeeting } from "~/data/meetings.server";
import { asMember } from "~/data/rls.server";
import { TEXT_LIMITS } from "~/domain/groups/meeting-fields";
import { MeetingDetailsFieldset } from "~/features/groups/meeting-details-fields";
import { fieldError, fieldFailure, formFailure } from "~/forms/form-reply";
import { MeetingDetailsFields, readMeetingDetails } from "~/forms/meeting-details";
import { formReply, parseForm, refusal } from "~/forms/parse-form.server";
import { pageTitle } from "~/i18n/meta";
import { useTranslation } from "~/i18n/use-translation";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "groups.editMeeting.title");

const Params = z.object({ groupId: z.uuid(), meetingId: z.uuid() });

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  // Only the group's leaders change its meetings: for anyone else, or another group's meeting, the page does not exist.
  const { read } = await readForAccount(request, context, (trx) => getLedGroup(trx, params.groupId));
  const meeting = read?.series.find((series) => series.id === params.meetingId);
  if (!read || !meeting) throw new Response(null, { status: 404 });
  const { id, name, attendanceMode, types, capacity, notes, details } = meeting;
  return { group: { id: read.group.id, name: read.group.name }, meeting: { id, name, attendanceMode, types, capacity, notes, details } };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const account = await requireAccount(request, context);
  const ids = Params.safeParse(params);
  if (!ids.success) throw new Response(null, { status: 404 });
  const form = await parseForm(request, z.object(MeetingDetailsFields));
  if (!form.ok) return formReply(form);
  const { meeting, problems } = readMeetingDetails(form.value);
  if (Object.keys(problems).length > 0) return formReply(refusal(400, fieldFailure(problems)));
  const changed = await asMember(await getDatabase(), account.userId, (trx) => updateMeeting(trx, ids.data.meetingId, meeting));
  if (!changed.ok) return formReply(refusal(403, formFailure("errors.groups.notAllowed")));
  return redirect(`/groups/${ids.data.groupId}`);
}

export default function EditMeeting() {
  const { group, meeting } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby="edit-meeting-title">
      <p className="breadcrumb">
        <PageLink to={`/groups/${group.id}`}>{group.name}</PageLink>
      </p>
      <h1 id="edit-meeting-title">{t("groups.editMeeting.title")}</h1>
      <p>{t("groups.editMeeting.intro")}</p>
      <Form method="post">
        <CsrfField />
        <FormField id="meeting-name" name="name" label={t("groups.newMeeting.name")} maxLength={TEXT_LIMITS.meetingName} defaultValue={meeting.name} error={fieldError(reply, "name")} required />
        <MeetingDetailsFieldset reply={reply} meeting={meeting} />
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          {t("groups.editMeeting.save")}
        </button>
        <FormMessage message={reply && !reply.ok ? (reply.formError ?? "errors.groups.checkFields") : undefined} />
      </Form>
    </section>
  );
}
