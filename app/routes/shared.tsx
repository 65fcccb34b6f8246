import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { keyMaterial, readForRole } from "~/auth/current-account.server";
import { FormMessage } from "~/components/ui/form-field";
import { Pager } from "~/components/ui/pager";
import { OpenedIdentity } from "~/features/identity/opened-identity";
import { SharesForMeTable } from "~/features/identity/shares-for-me-table";
import { useSharedIdentity } from "~/features/identity/use-shared-identity";
import { NeedsJavascript } from "~/features/keys/key-work";
import { OwnSafetyNumber } from "~/features/keys/safety-number";
import { UnlockKeys, useTabKeys } from "~/features/keys/unlock-keys";
import { listSharesForMe } from "~/data/identity-openings.server";
import { SHARES_PAGE_SIZE, sharesPageFrom, sharesPageHref } from "~/domain/identity/shares-pages";
import { getOwnStaffCard } from "~/data/staff-cards.server";
import { staffLabel } from "~/features/staff/staff-label";
import { pageTitle } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "shared.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const from = sharesPageFrom(new URL(request.url).searchParams);
  const { account: worker, read } = await readForRole(request, context, "social_worker", async (trx) => {
    const [page, card] = await Promise.all([listSharesForMe(trx, { from, limit: SHARES_PAGE_SIZE }), getOwnStaffCard(trx)]);
    return { page, card };
  });
  const { page, card } = read;
  return {
    material: keyMaterial(worker),
    handle: worker.handle,
    card,
    shares: page.shares.map((share) => ({ ...share, expiresAt: new Date(share.expiresAt).toISOString() })),
    previous: page.previous === null ? null : sharesPageHref({ toward: "start", anchor: page.previous }),
    next: page.next === null ? null : sharesPageHref({ toward: "end", anchor: page.next }),
  };
}

export default function SharedWithMe() {
  const { material, handle, card, shares, previous, next } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const { keys, ready, setKeys } = useTabKeys();
  const { opened, opening, open, close } = useSharedIdentity(keys);
  return (
    <>
      <section className="panel" aria-labelledby="shared-title">
        <h1 id="shared-title">{t("shared.title")}</h1>
        <p>{t("shared.intro")}</p>
        <p data-testid="own-staff-card">{card ? t("shared.seenAs", { label: staffLabel(t, handle, card) }) : t("shared.noCard", { handle })}</p>
        <NeedsJavascript />
        {ready && !keys ? <UnlockKeys material={material} onUnlocked={setKeys} /> : null}
        <FormMessage message={opening.notice?.key} tone={opening.notice?.tone} values={opening.notice?.values} />
        <SharesForMeTable shares={shares} canOpen={keys !== null && !opening.busy} onOpen={open} />
        <Pager
          label={t("shared.pages")}
          previous={previous ? { to: previous, text: t("shared.previous") } : null}
          next={next ? { to: next, text: t("shared.next") } : null}
        />
      </section>
      {keys ? <OwnSafetyNumber keys={keys} /> : null}
      {opened ? (
        <OpenedIdentity title={t("shared.openedTitle", { handle: shares.find((s) => s.id === opened.shareId)?.ownerHandle ?? "" })} fields={opened.fields} onClose={close} />
      ) : null}
    </>
  );
}
