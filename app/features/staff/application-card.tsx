import { Form } from "@remix-run/react";
import { CsrfField } from "~/components/ui/csrf-field";
import { FormField } from "~/components/ui/form-field";
import type { LeaderEligibility } from "~/domain/groups/leader-eligibility";
import { TEXT_LIMITS } from "~/domain/groups/meeting-fields";
import { fieldError } from "~/forms/form-reply";
import { formatDate } from "~/i18n/format";
import { useTranslation } from "~/i18n/use-translation";

export interface ApplicationOnCard {
  id: string;
  memberId: string;
  handle: string;
  note: string;
  createdAt: Date | string;
  verifiedSince: string | null;
  eligibility: LeaderEligibility;
}

/**
 * One application to lead or to mentor, as staff answer it: record since when the member has
 * been abstinent ("verify"), then approve (only when eligible) or decline ("decide"). Leading
 * and mentoring share the rule, so they share the card.
 */
export function ApplicationCard({ application, areaName, today, busy, reply }: { application: ApplicationOnCard; areaName: string; today: string; busy: boolean; reply: unknown }) {
  const { t, i18n } = useTranslation();
  return (
    <li data-handle={application.handle}>
      <h2 translate="no">{application.handle}</h2>
      <p>
        {areaName} · {formatDate(application.createdAt, i18n.language)}
      </p>
      {application.note ? <p className="field__hint">{t("groups.lead.theirNote", { note: application.note })}</p> : null}
      <p>
        {application.verifiedSince
          ? t("groups.staffLeaders.verifiedSince", { date: formatDate(application.verifiedSince, i18n.language) })
          : t("groups.staffLeaders.notVerified")}
      </p>
      <Form method="post" preventScrollReset>
        <CsrfField />
        <input type="hidden" name="intent" value="verify" />
        <input type="hidden" name="memberId" value={application.memberId} />
        <FormField id={`since-${application.id}`} name="since" type="date" max={today} defaultValue={application.verifiedSince ?? ""} label={t("groups.staffLeaders.since")} error={fieldError(reply, "since")} required />
        <button type="submit" className="button button--secondary" disabled={busy}>
          {t("groups.staffLeaders.record")}
        </button>
      </Form>
      <Form method="post" preventScrollReset>
        <CsrfField />
        <input type="hidden" name="intent" value="decide" />
        <input type="hidden" name="applicationId" value={application.id} />
        <FormField id={`reason-${application.id}`} name="reason" maxLength={TEXT_LIMITS.decisionReason} autoComplete="off" label={t("groups.lead.reasonOptional")} error={fieldError(reply, "reason")} />
        <button type="submit" name="decision" value="approve" className="button" disabled={busy || !application.eligibility.eligible}>
          {t("groups.staffLeaders.approve")}
        </button>{" "}
        <button type="submit" name="decision" value="decline" className="button button--secondary" disabled={busy}>
          {t("groups.staffLeaders.decline")}
        </button>
        {!application.eligibility.eligible ? (
          <p className="field__hint">
            {application.eligibility.reason === "tooRecent"
              ? t("groups.staffLeaders.eligibleOn", { date: formatDate(application.eligibility.eligibleOn, i18n.language) })
              : t("groups.staffLeaders.verifyFirst")}
          </p>
        ) : null}
      </Form>
    </li>
  );
}
