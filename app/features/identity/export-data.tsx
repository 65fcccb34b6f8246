import { useState } from "react";
import { useTranslation } from "~/i18n/use-translation";
import { FormMessage } from "~/components/ui/form-field";
import type { FormNotice } from "~/features/keys/use-key-form";
import { NeedsJavascript } from "~/features/keys/key-work";

/**
 * The export: what the file holds and who can read it, said before the download (the
 * member ticks that they understand), and where it went after.
 */
export function ExportData({ ready, busy, notice, onExport }: { ready: boolean; busy: boolean; notice?: FormNotice; onExport: () => void }) {
  const { t } = useTranslation();
  const [understood, setUnderstood] = useState(false);
  return (
    <section className="panel" aria-labelledby="export-title">
      <h2 id="export-title">{t("identity.exportTitle")}</h2>
      <p>{t("identity.exportIntro")}</p>
      <p className="form-message form-message--warning" id="export-warning">
        {t("identity.exportWarning")}
      </p>
      <NeedsJavascript />
      {/* The file is decrypted in the browser: without scripts these controls could do nothing. */}
      <div className="needs-scripts">
        <div className="checkbox">
          <input id="export-understood" type="checkbox" checked={understood} onChange={(event) => setUnderstood(event.target.checked)} aria-describedby="export-warning" />
          <label htmlFor="export-understood">{t("identity.exportUnderstood")}</label>
        </div>
        <button type="button" className="button button--secondary" disabled={!ready || !understood || busy} onClick={onExport}>
          {t("identity.export")}
        </button>
        <FormMessage message={notice?.key} tone={notice?.tone} values={notice?.values} />
      </div>
    </section>
  );
}
