import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { SearchForm } from "~/components/ui/search-form";
import { countPublicLookup } from "~/auth/auth-replies.server";
import { FormField } from "~/components/ui/form-field";
import { checkAttendanceStatement, statementKeyFingerprint, type CheckedStatement } from "~/data/attendance.server";
import { getDatabase } from "~/data/db.server";
import { asSystem } from "~/data/rls.server";
import { getOrCreateServerSecret } from "~/data/server-secret.server";
import { normaliseStatementCode } from "~/domain/groups/attendance-statement";
import { formatDate } from "~/i18n/format";
import { pageTitle } from "~/i18n/meta";
import { useTranslation } from "~/i18n/use-translation";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "check.title");

/** The public check of a statement of attendance: anyone with the code, signed in or not. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const typed = new URL(request.url).searchParams.get("code");
  if (typed === null || typed.trim() === "") return { typed: "", result: null, problem: null };
  const code = normaliseStatementCode(typed);
  if (!code) return { typed: typed.slice(0, 40), result: null, problem: "format" as const };
  // Codes are too long to guess, but nobody needs to try thousands: counted per network.
  const verdict = await countPublicLookup(context.clientAddress);
  if (verdict.limited) return data({ typed: code, result: null, problem: "rateLimited" as const }, { status: 429, headers: { "Retry-After": String(verdict.retryAfterSeconds) } });
  const db = await getDatabase();
  const { result, fingerprint } = await asSystem(db, "attendance: public check of a statement", async (trx) => {
    const secret = await getOrCreateServerSecret(trx);
    return { result: await checkAttendanceStatement(trx, secret, code), fingerprint: statementKeyFingerprint(secret) };
  });
  return { typed: code, result: { ...result, fingerprint } as CheckedStatement & { fingerprint: string }, problem: null };
}

export default function CheckStatement() {
  const { typed, result, problem } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  return (
    <section className="panel" aria-labelledby="check-title">
      <h1 id="check-title">{t("check.title")}</h1>
      <p>{t("check.intro")}</p>
      <SearchForm to="/check">
        <FormField id="check-code" name="code" defaultValue={typed} autoComplete="off" autoCapitalize="characters" spellCheck={false} maxLength={40} label={t("check.code")} hint={t("check.codeHint")} error={problem === "format" ? "check.badFormat" : problem === "rateLimited" ? "check.rateLimited" : undefined} />
        <button type="submit" className="button">
          {t("check.check")}
        </button>
      </SearchForm>
      {result ? (
        <div className="check-result" role="status" data-testid="check-result">
          {!result.found ? (
            <p className="form-message form-message--error">{t("check.notFound")}</p>
          ) : result.withdrawn ? (
            <p className="form-message form-message--warning">{t("check.withdrawn")}</p>
          ) : !result.signatureValid ? (
            <p className="form-message form-message--error">{t("check.badSignature")}</p>
          ) : (
            <p className="form-message form-message--info">
              {t("check.valid", {
                count: result.attendedCount,
                from: formatDate(result.periodFrom, i18n.language),
                to: formatDate(result.periodTo, i18n.language),
                issued: formatDate(result.issuedAt, i18n.language),
              })}
            </p>
          )}
          {result.found ? <p className="field__hint">{t("check.namesNobody", { fingerprint: result.fingerprint })}</p> : null}
        </div>
      ) : null}
    </section>
  );
}
