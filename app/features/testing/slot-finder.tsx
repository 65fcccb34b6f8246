import { Form } from "@remix-run/react";
import { SearchForm } from "~/components/ui/search-form";
import { CsrfField } from "~/components/ui/csrf-field";
import { FormMessage } from "~/components/ui/form-field";
import type { AreaNode } from "~/domain/areas/areas";
import { SLOT_WEEKS, type SlotDay, type SlotWeeks } from "~/domain/testing/member-view";
import type { FormFailure } from "~/forms/form-reply";
import { AreaOptions } from "~/features/areas/area-options";
import { formatDay } from "~/i18n/format";
import { useTranslation } from "~/i18n/use-translation";

/** What each slot's button does: book it, or move a booking to it. Posted with a key the loader made, so a form sent twice counts once. */
export interface SlotChoice {
  intent: "book" | "move";
  idempotencyKey: string;
  /** The button's words, with {{time}}. */
  label: "testing.slots.book" | "testing.slots.moveHere";
}

/**
 * Open slots for the coming weeks in one area (and the areas under it), by day and then by
 * site, each with its places left and a button; above them, a plain GET form to look in
 * another area or further ahead.
 */
export function SlotFinder(props: { areas: readonly AreaNode[]; areaId: string | null; weeks: SlotWeeks; days: SlotDay[]; choice: SlotChoice; reply?: FormFailure; busy: boolean }) {
  const { t, i18n } = useTranslation();
  const { days, choice } = props;
  return (
    <section className="panel" aria-labelledby="slots-title">
      <h2 id="slots-title">{t("testing.slots.title")}</h2>
      <SearchForm to="/testing" className="finder-form">
        <div className="field">
          <label htmlFor="slots-area">{t("testing.slots.area")}</label>
          <select id="slots-area" name="area" defaultValue={props.areaId ?? ""}>
            <option value="">{t("areas.choose")}</option>
            <AreaOptions areas={props.areas} />
          </select>
        </div>
        <div className="field">
          <label htmlFor="slots-weeks">{t("testing.slots.period")}</label>
          <select id="slots-weeks" name="weeks" defaultValue={String(props.weeks)}>
            {[...SLOT_WEEKS].sort((a, b) => a - b).map((weeks) => (
              <option key={weeks} value={weeks}>
                {t(`testing.slots.weeks.${weeks}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button--secondary">
          {t("testing.slots.show")}
        </button>
      </SearchForm>
      <p className="field__hint">{t("testing.slots.away")}</p>
      {/* The forms' fields are hidden: a refusal of one shows here, whichever it is. */}
      <FormMessage message={props.reply ? (props.reply.formError ?? Object.values(props.reply.fieldErrors)[0]) : undefined} />
      {props.areaId === null ? <p>{t("testing.slots.chooseArea")}</p> : days.length === 0 ? <p>{t("testing.slots.none")}</p> : null}
      {days.map((day) => (
        <section key={day.date} className="slot-day" aria-labelledby={`day-${day.date}`}>
          <h3 id={`day-${day.date}`}>{formatDay(day.date, i18n.language)}</h3>
          {day.sites.map((site) => (
            <div key={site.siteId} className="slot-site">
              <h4 id={`site-${day.date}-${site.siteId}`}>{site.siteName}</h4>
              {/* One form per site and day; the button pressed names its slot (without scripts too). */}
              <Form method="post">
                <CsrfField />
                <input type="hidden" name="intent" value={choice.intent} />
                <input type="hidden" name="idempotencyKey" value={choice.idempotencyKey} />
                <ul className="slot-list">
                  {site.slots.map((slot) => (
                    <li key={slot.slotId} className="slot-list__item">
                      {/* The day and the site are read out with the time: every day has the same times. */}
                      <button
                        type="submit"
                        name="slotId"
                        value={slot.slotId}
                        className="button"
                        data-slot={slot.slotId}
                        disabled={props.busy}
                        aria-describedby={`day-${day.date} site-${day.date}-${site.siteId}`}
                      >
                        {t(choice.label, { time: `${slot.start}–${slot.end}` })}
                      </button>
                      <span className="field__hint">{t("testing.slots.places", { count: slot.placesLeft })}</span>
                    </li>
                  ))}
                </ul>
              </Form>
            </div>
          ))}
        </section>
      ))}
    </section>
  );
}
