import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { NATIONAL_HOTLINES, NEXT_TEN_MINUTES, telHref } from "~/domain/crisis/hotlines";
import { pageTitle } from "~/i18n/meta";
import { useTranslation } from "~/i18n/use-translation";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "crisis.title");

/**
 * When it is hard right now: lines to call (large, one tap to dial) and a few calm steps for the
 * next ten minutes. Open to everyone, signed in or not; nothing to load, nothing sent.
 */
export default function Crisis() {
  const { t } = useTranslation();
  return (
    <>
      <section className="panel" aria-labelledby="crisis-title">
        <h1 id="crisis-title">{t("crisis.heading")}</h1>
        <p>{t("crisis.intro")}</p>
        <ul className="hotline-list" data-testid="hotlines">
          {NATIONAL_HOTLINES.map((line) => (
            <li key={line.number}>
              <a className="button hotline" href={telHref(line.number)}>
                <span className="hotline__number">{line.number}</span> <span>{t(`crisis.lines.${line.kind}`)}</span>
              </a>
            </li>
          ))}
        </ul>
        <p className="field__hint">{t("crisis.emergency")}</p>
      </section>
      <section className="panel" aria-labelledby="crisis-steps-title">
        <h2 id="crisis-steps-title">{t("crisis.stepsTitle")}</h2>
        <ol>
          {NEXT_TEN_MINUTES.map((step) => (
            <li key={step}>{t(`crisis.steps.${step}`)}</li>
          ))}
        </ol>
        <p>
          <Link to="/talk-now">{t("crisis.talkNow")}</Link>
        </p>
      </section>
    </>
  );
}
