import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { PageLink } from "~/components/ui/page-link";
import { z } from "zod";
import { keyMaterial, readForAccount, requireAccount } from "~/auth/current-account.server";
import { CsrfField } from "~/components/ui/csrf-field";
import { FormMessage } from "~/components/ui/form-field";
import { getDatabase } from "~/data/db.server";
import { getConversation, getOwnPin, listConversationMessages, readConversation, setDisappearing, toEnvelopeRow } from "~/data/messages.server";
import { asMember } from "~/data/rls.server";
import { DISAPPEAR_CHOICES, whyCannotSend } from "~/domain/mentors/messages";
import { ConversationPanel } from "~/features/messages/conversation-panel";
import { formFailure } from "~/forms/form-reply";
import { DisappearChoice } from "~/forms/message-payloads";
import { formReply, parseForm, refusal } from "~/forms/parse-form.server";
import { pageTitle } from "~/i18n/meta";
import { useTranslation } from "~/i18n/use-translation";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "conversation.title");

const MentorshipId = z.uuid();

/**
 * A mentor and a mentee's messages (decisions 028 and 032): the envelopes as stored, opened in
 * the browser with the member's keys; opening the page marks its "new message" notice read.
 * Only the two of them reach it; anyone else, or a made-up id, gets "not found".
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const id = MentorshipId.safeParse(params.mentorshipId);
  if (!id.success) throw new Response(null, { status: 404 });
  const mentorshipId = id.data;
  const { account, read } = await readForAccount(request, context, async (trx) => {
    const conversation = await getConversation(trx, mentorshipId);
    if (!conversation) return null;
    const [messages, pin] = await Promise.all([listConversationMessages(trx, mentorshipId), getOwnPin(trx, mentorshipId)]);
    return { conversation, messages, pin };
  });
  if (!read) throw new Response(null, { status: 404 });
  // A write, so in a transaction of its own: the session's is read-only (readForAccount).
  await asMember(await getDatabase(), account.userId, (trx) => readConversation(trx, mentorshipId));
  const { conversation, messages, pin } = read;
  return {
    ownerId: account.userId,
    material: keyMaterial(account),
    conversation,
    messages: messages.map(toEnvelopeRow),
    pin,
  };
}

const DisappearForm = z.object({ intent: z.literal("disappear"), days: DisappearChoice });

/** The one form that needs no keys: disappearing messages, for messages sent from now on. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const account = await requireAccount(request, context);
  const id = MentorshipId.safeParse(params.mentorshipId);
  if (!id.success) throw new Response(null, { status: 404 });
  const form = await parseForm(request, DisappearForm);
  if (!form.ok) return formReply(form);
  const set = await asMember(await getDatabase(), account.userId, (trx) => setDisappearing(trx, id.data, form.value.days));
  if (!set.ok) return formReply(refusal(409, formFailure("errors.messages.notOpen")));
  return { ok: true as const, disappearSaved: true };
}

export default function ConversationPage() {
  const { ownerId, material, conversation, messages, pin } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const blockedBecause = whyCannotSend(conversation);
  const current = conversation.disappearAfterDays === null ? "off" : String(conversation.disappearAfterDays);
  return (
    <section className="panel" aria-labelledby="conversation-title">
      <p className="breadcrumb">
        <PageLink to="/mentors">{t("conversation.back")}</PageLink>
      </p>
      <h1 id="conversation-title">
        {t(conversation.asMentor ? "conversation.withMentee" : "conversation.withMentor", { handle: conversation.counterpart.handle })}
      </h1>
      <p className="field__hint">{t("conversation.private")}</p>
      {blockedBecause ? (
        <p className="form-message form-message--info" role="status" data-testid="conversation-closed">
          {t(`conversation.closed.${blockedBecause}`)}
        </p>
      ) : null}
      <ConversationPanel
        mentorshipId={conversation.id}
        ownerId={ownerId}
        material={material}
        counterpart={conversation.counterpart}
        messages={messages}
        pin={pin}
        canSend={blockedBecause === null}
      />
      {blockedBecause === null ? (
        <Form method="post" className="field" aria-labelledby="conversation-disappear-title" preventScrollReset>
          <CsrfField />
          <input type="hidden" name="intent" value="disappear" />
          <h2 id="conversation-disappear-title">{t("conversation.disappear.title")}</h2>
          <p className="field__hint">{t("conversation.disappear.hint")}</p>
          <label className="field__label" htmlFor="conversation-disappear">
            {t("conversation.disappear.label")}
          </label>
          <select id="conversation-disappear" name="days" defaultValue={current} key={current}>
            {DISAPPEAR_CHOICES.map((days) => (
              <option key={String(days)} value={days === null ? "off" : String(days)}>
                {days === null ? t("conversation.disappear.off") : t("conversation.disappear.days", { count: days })}
              </option>
            ))}
          </select>{" "}
          <button type="submit" className="button button--secondary" disabled={navigation.state === "submitting"}>
            {t("conversation.disappear.save")}
          </button>
          {reply && "disappearSaved" in reply ? (
            <p className="form-message form-message--success" role="status">
              {t("conversation.disappear.saved")}
            </p>
          ) : null}
          <FormMessage message={reply && "formError" in reply ? reply.formError : undefined} />
        </Form>
      ) : null}
      <p>
        <PageLink to={`/mentors/${conversation.id}/report`}>{t("conversation.report")}</PageLink>
      </p>
      <p className="field__hint">{t("conversation.endOrBlock")}</p>
    </section>
  );
}
