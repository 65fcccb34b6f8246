import { useEffect, useRef, useState } from "react";
import { useTranslation } from "~/i18n/use-translation";
import { AREA_PICK_FIELDS, areaName, areaParentsOf, areaSteps, pickedArea, type AreaNode } from "~/domain/areas/areas";

/**
 * Choosing an area step by step: province, then its cities, then their districts.
 * With scripts the next select appears as soon as one is chosen. Without, the form's
 * "next" button (intent=area-step, see HomeAreaForm) posts the picks and the page comes back
 * one step further, `chosenId` being the area reached so far. Selects are `#area-<level>`.
 */
export function AreaPicker({ areas, chosenId, legend, error }: { areas: readonly AreaNode[]; chosenId: string | null; legend: string; error?: string }) {
  const { t, i18n } = useTranslation();
  const [chosen, setChosen] = useState(chosenId);
  const fieldset = useRef<HTMLFieldSetElement>(null);
  // A reply (saved, or one step further) brings a new starting point.
  useEffect(() => setChosen(chosenId), [chosenId]);
  // A choice made before the page's scripts ran (a slow phone) is in the page but not in this
  // state, and hydration leaves selects as they are: start from what the selects show.
  useEffect(() => {
    const shown = [...(fieldset.current?.querySelectorAll("select") ?? [])].map((select) => select.value);
    setChosen(pickedArea(shown, areaParentsOf(areas)));
    // Once, at hydration: later changes arrive through onChange.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const steps = areaSteps(areas, chosen);
  const last = steps.at(-1);
  // Stopped above the district: say why the district helps, without insisting.
  const stoppedEarly = steps.length > 1 && last?.chosenId === null;
  return (
    <fieldset ref={fieldset} className="choices area-picker" aria-describedby={error ? "area-error" : undefined}>
      <legend>{legend}</legend>
      {steps.map((step, index) => (
        <div className="field" key={step.level}>
          <label htmlFor={`area-${step.level}`}>{t(`admin.roles.level.${step.level}`)}</label>
          <select
            id={`area-${step.level}`}
            name={AREA_PICK_FIELDS[index]}
            value={step.chosenId ?? ""}
            onChange={(event) => setChosen(event.target.value || (steps[index - 1]?.chosenId ?? null))}
          >
            <option value="">{index === 0 ? t("areas.none") : t("areas.choose")}</option>
            {step.choices.map((area) => (
              <option key={area.id} value={area.id}>
                {areaName(area, i18n.language)}
              </option>
            ))}
          </select>
        </div>
      ))}
      {stoppedEarly ? <p className="field__hint">{t("areas.districtHelps")}</p> : null}
      {error ? (
        <p id="area-error" className="field__error" role="alert">
          {t(error)}
        </p>
      ) : null}
    </fieldset>
  );
}
