import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { SearchForm } from "~/components/ui/search-form";
import { PageLink } from "~/components/ui/page-link";
import { Pager } from "~/components/ui/pager";
import { z } from "zod";
import { readForAccount, requireAccount } from "~/auth/current-account.server";
import { CsrfField } from "~/components/ui/csrf-field";
import { FilterSelect } from "~/components/ui/filter-select";
import { FormMessage, TextAreaField } from "~/components/ui/form-field";
import { getDatabase } from "~/data/db.server";
import { applyMentorshipMove, askMentor, findMentors, listOwnMentorships, type AskMentorResult, type MoveResult } from "~/data/mentors.server";
import { keptAreas } from "~/data/kept-areas.server";
import { asMember } from "~/data/rls.server";
import { areaNameById } from "~/domain/areas/areas";
import { directoryQueryString, parseDirectoryQuery } from "~/domain/mentors/directory-query";
import { EXPERIENCE_AREAS, MENTOR_LANGUAGES, MENTOR_TEXT_LIMITS } from "~/domain/mentors/mentor-fields";
import { AreaOptions } from "~/features/areas/area-options";
import { MentorshipList } from "~/features/mentors/mentorship-list";
import { fieldError, formFailure } from "~/forms/form-reply";
import { MentorshipMoveFields } from "~/forms/mentor-forms";
import { memberText } from "~/forms/member-text";
import { formReply, parseForm, refusal, type Refusal, type RefusalReason, type Refusals } from "~/forms/parse-form.server";
import { formatList } from "~/i18n/format";
import { pageTitle } from "~/i18n/meta";
import { useTranslation } from "~/i18n/use-translation";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "mentors.directory.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { filters, dropped } = parseDirectoryQuery(new URL(request.url).searchParams);
  const [{ read }, areas] = await Promise.all([
    readForAccount(request, context, async (trx) => {
      const [found, mentorships] = await Promise.all([findMentors(trx, filters), listOwnMentorships(trx)]);
      return { found, mentorships };
    }),
    keptAreas(),
  ]);
  return {
    areas,
    filters,
    dropped: dropped.length > 0,
    mentors: read.found.mentors,
    more: read.found.more,
    mentorships: read.mentorships.filter((entry) => !entry.asMentor),
  };
}

const MentorsAction = z.discriminatedUnion(
  "intent",
  [z.object({ intent: z.literal("ask"), mentorId: z.uuid("errors.form.invalid"), note: memberText(MENTOR_TEXT_LIMITS.requestNote, "errors.mentors.noteTooLong") }), ...MentorshipMoveFields],
  { error: "errors.form.invalid" },
);

const REFUSALS: Refusals<RefusalReason<AskMentorResult | MoveResult>> = {
  self: refusal(400, formFailure("errors.mentors.self")),
  already: refusal(409, formFailure("errors.mentors.askedAlready")),
  unavailable: refusal(409, formFailure("errors.mentors.unavailable")),
  "not-found": refusal(404, formFailure("errors.mentors.notFound")),
};

export async function action({ request, context }: ActionFunctionArgs) {
  const account = await requireAccount(request, context);
  // The mentor asked is in the address too, so a refusal shows beside that mentor's form only.
  const asked = new URL(request.url).searchParams.get("mentor");
  const reply = (refused: Refusal) => formReply(asked ? { ...refused, body: { ...refused.body, intent: asked } } : refused);
  const form = await parseForm(request, MentorsAction);
  if (!form.ok) return reply(form);
  const move = form.value;
  const outcome = await asMember<AskMentorResult | MoveResult>(await getDatabase(), account.userId, (trx) =>
    move.intent === "ask" ? askMentor(trx, { mentorId: move.mentorId, note: move.note }) : applyMentorshipMove(trx, move),
  );
  if (!outcome.ok) return reply(REFUSALS[outcome.reason]);
  return { ok: true as const, done: move.intent };
}

export default function Mentors() {
  const { areas, filters, dropped, mentors, more, mentorships } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t, i18n } = useTranslation();
  const busy = navigation.state === "submitting";
  const areaOf = (id: string) => areaNameById(areas, id, i18n.language);
  const here = directoryQueryString(filters);
  const refusedAt = reply && !reply.ok ? reply.intent : undefined;
  const chosen = [
    filters.areaId ? areaOf(filters.areaId) : null,
    filters.language ? t(`groups.languages.${filters.language}`) : null,
    filters.experience ? t(`mentors.experience.${filters.experience}`) : null,
  ].filter((choice): choice is string => Boolean(choice));
  return (
    <>
      <section className="panel" aria-labelledby="mentors-title">
        <h1 id="mentors-title">{t("mentors.directory.title")}</h1>
        <p>{t("mentors.directory.intro")}</p>
        <FormMessage message={reply && !reply.ok ? (refusedAt ? undefined : reply.formError) : reply?.ok ? `mentors.done.${reply.done}` : undefined} tone={reply && !reply.ok ? "error" : "info"} />
        <details className="finder-choices" open={mentors.length === 0}>
          <summary>{chosen.length > 0 ? t("mentors.directory.chosen", { choices: chosen.join(" · ") }) : t("mentors.directory.choose")}</summary>
          <SearchForm to="/mentors" className="finder-form">
            <div className="field">
              <label htmlFor="mentors-area">{t("mentors.directory.area")}</label>
              <select id="mentors-area" name="area" defaultValue={filters.areaId ?? ""}>
                <option value="">{t("mentors.directory.anyArea")}</option>
                <AreaOptions areas={areas} />
              </select>
            </div>
            <FilterSelect
              idPrefix="mentors"
              name="language"
              label={t("mentors.directory.language")}
              any={t("mentors.directory.anyLanguage")}
              value={filters.language}
              options={MENTOR_LANGUAGES.map((language) => [language, t(`groups.languages.${language}`)])}
            />
            <FilterSelect
              idPrefix="mentors"
              name="experience"
              label={t("mentors.directory.experience")}
              any={t("mentors.directory.anyExperience")}
              value={filters.experience}
              options={EXPERIENCE_AREAS.map((area) => [area, t(`mentors.experience.${area}`)])}
            />
            <button type="submit" className="button">
              {t("mentors.directory.search")}
            </button>{" "}
            <PageLink to="/mentors">{t("mentors.directory.clear")}</PageLink>
          </SearchForm>
        </details>
        {dropped ? <p className="field__hint">{t("mentors.directory.dropped")}</p> : null}
      </section>
      <section className="panel" aria-labelledby="mentor-list-title">
        <h2 id="mentor-list-title">{t("mentors.directory.results")}</h2>
        {mentors.length === 0 ? <p>{t("mentors.directory.none")}</p> : null}
        <ul className="request-list">
          {mentors.map((mentor) => (
            <li key={mentor.memberId} data-handle={mentor.handle}>
              <h3 translate="no">{mentor.handle}</h3>
              <p>{areaOf(mentor.areaId)}</p>
              {mentor.years !== null ? <p>{t("mentors.directory.years", { count: mentor.years })}</p> : null}
              {mentor.languages.length > 0 ? (
                <p>{t("mentors.directory.speaks", { languages: formatList(mentor.languages.map((language) => t(`groups.languages.${language}`)), i18n.language) })}</p>
              ) : null}
              {mentor.experience.length > 0 ? (
                <p>{t("mentors.directory.knows", { areas: formatList(mentor.experience.map((area) => t(`mentors.experience.${area}`)), i18n.language) })}</p>
              ) : null}
              {mentor.hasRoom ? (
                <details open={refusedAt === mentor.memberId}>
                  <summary>{t("mentors.directory.ask")}</summary>
                  <Form method="post" action={`/mentors${here}${here ? "&" : "?"}mentor=${mentor.memberId}`} preventScrollReset>
                    <CsrfField />
                    <input type="hidden" name="intent" value="ask" />
                    <input type="hidden" name="mentorId" value={mentor.memberId} />
                    <TextAreaField
                      id={`ask-note-${mentor.memberId}`}
                      name="note"
                      label={t("mentors.directory.note")}
                      hint={t("mentors.directory.noteHint")}
                      maxLength={MENTOR_TEXT_LIMITS.requestNote}
                      error={refusedAt === mentor.memberId ? fieldError(reply, "note") : undefined}
                    />
                    <FormMessage message={reply && !reply.ok && refusedAt === mentor.memberId ? reply.formError : undefined} />
                    <button type="submit" className="button" disabled={busy}>
                      {t("mentors.directory.send")}
                    </button>
                  </Form>
                </details>
              ) : (
                <p className="field__hint">{t("mentors.directory.full")}</p>
              )}
            </li>
          ))}
        </ul>
        <Pager
          label={t("mentors.directory.pages")}
          previous={filters.page > 1 ? { to: `/mentors${directoryQueryString({ ...filters, page: filters.page - 1 })}`, text: t("mentors.directory.previous") } : null}
          next={more ? { to: `/mentors${directoryQueryString({ ...filters, page: filters.page + 1 })}`, text: t("mentors.directory.nextPage") } : null}
        />
      </section>
      <section className="panel" aria-labelledby="own-mentorships-title">
        <h2 id="own-mentorships-title">{t("mentors.own.title")}</h2>
        <MentorshipList entries={mentorships} busy={busy} empty="mentors.own.none" />
      </section>
    </>
  );
}

