import { PageLink } from "~/components/ui/page-link";
import type { StaffCard } from "~/domain/accounts/staff-card";
import { staffLabel } from "~/features/staff/staff-label";
import { useTranslation } from "~/i18n/use-translation";

/**
 * On the member's request page, where sharing the identity for this request stands: shared
 * (with whom, and that it ends with the request), a link to share once a worker has it, or
 * that sharing comes once one does. Nothing for a finished request without a share. No
 * encryption here: the share page loads it.
 */
export function RequestShareLink({
  requestId,
  open,
  worker,
  shared,
}: {
  requestId: string;
  /** The request is still open. */
  open: boolean;
  /** The worker assigned to it, if any. */
  worker: { handle: string; card: StaffCard | null } | null;
  /** A live share for this request exists. */
  shared: boolean;
}) {
  const { t } = useTranslation();
  const to = `/help/${requestId}/share` as const;
  if (shared && worker) {
    return (
      <p data-testid="help-share-status">
        {t("helpShare.linkLive", { worker: staffLabel(t, worker.handle, worker.card) ?? worker.handle })} <PageLink to={to}>{t("helpShare.linkManage")}</PageLink>
      </p>
    );
  }
  if (!open) return null;
  if (!worker) return <p data-testid="help-share-status">{t("helpShare.linkLater")}</p>;
  return (
    <p data-testid="help-share-status">
      <PageLink to={to} id="help-share-link">
        {t("helpShare.link")}
      </PageLink>
    </p>
  );
}
