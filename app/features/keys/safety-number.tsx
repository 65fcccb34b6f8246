import { Fragment, useEffect, useState } from "react";
import type { UnlockedKeys } from "~/crypto/account-keys";
import { ownSafetyNumber, safetyNumberOf } from "~/crypto/safety-number";
import type { SafetyNumber } from "~/domain/formats/safety-number";
import { useTranslation } from "~/i18n/use-translation";

/**
 * Safety numbers on screen (decision 014). Always computed here in the browser from the key
 * the browser itself uses, never taken from the server: a server that swapped a key would
 * also send a matching number.
 */

/** The number `compute` gives for `source`, once it has (null before, or when it fails, e.g. for a key that is not one). */
function useSafetyNumber<T>(source: T | null, compute: (source: T) => Promise<SafetyNumber>): SafetyNumber | null {
  const [shown, setShown] = useState<{ source: T; number: SafetyNumber } | null>(null);
  useEffect(() => {
    if (source === null) return;
    let current = true;
    compute(source).then(
      (number) => {
        if (current) setShown({ source, number });
      },
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [source, compute]);
  return shown !== null && shown.source === source ? shown.number : null;
}

/** The safety number of a public key. */
export function useSafetyNumberOf(publicKey: string | null): SafetyNumber | null {
  return useSafetyNumber(publicKey, safetyNumberOf);
}

/** A safety number as 6 groups of 5 digits, in a font where digits are easy to tell apart. */
export function SafetyNumberText({ number, id }: { number: SafetyNumber | null; id?: string }) {
  const { t } = useTranslation();
  if (!number) return <span className="safety-number safety-number--pending">{t("safetyNumber.working")}</span>;
  return (
    <span className="safety-number" translate="no" id={id}>
      {number.map((group, index) => (
        <Fragment key={index}>
          {index > 0 ? " " : null}
          <span>{group}</span>
        </Fragment>
      ))}
    </span>
  );
}

/** The account's own safety number and what it is for: shown on a social worker's page. */
export function OwnSafetyNumber({ keys }: { keys: UnlockedKeys }) {
  const { t } = useTranslation();
  // From the public key derived from the unlocked private key.
  const number = useSafetyNumber(keys, ownSafetyNumber);
  return (
    <section className="panel" aria-labelledby="own-safety-number-title">
      <h2 id="own-safety-number-title">{t("safetyNumber.ownTitle")}</h2>
      <p className="safety-number-line">
        <SafetyNumberText number={number} id="own-safety-number" />
      </p>
      <p>{t("safetyNumber.ownExplain")}</p>
      <p>{t("safetyNumber.ownWhenChanged")}</p>
    </section>
  );
}
