import { Form } from "@remix-run/react";
import { PageLink } from "~/components/ui/page-link";
import { CsrfField } from "~/components/ui/csrf-field";
import { useTranslation } from "~/i18n/use-translation";

/**
 * The crisis corner of the member's home page: one button that asks the people who can help
 * (their group leaders) to get in touch, a plain form post that works without JavaScript,
 * and the way to the hotlines. No location is asked for or sent.
 */
export function TalkNowPanel() {
  const { t } = useTranslation();
  return (
    <section className="talk-now-panel" aria-labelledby="talk-now-panel-title">
      <h2 id="talk-now-panel-title">{t("talkNow.panelTitle")}</h2>
      <p>{t("talkNow.panelLine")}</p>
      <Form method="post" action="/talk-now">
        <CsrfField />
        <button type="submit" name="intent" value="ask" className="button">
          {t("talkNow.ask")}
        </button>
      </Form>
      <p>
        <PageLink to="/crisis">{t("talkNow.hotlines")}</PageLink>
      </p>
    </section>
  );
}
