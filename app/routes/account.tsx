import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useRevalidator } from "@remix-run/react";
import { z } from "zod";
import { useRef, type FormEvent } from "react";
import { useTranslation } from "~/i18n/use-translation";
import { isSharedPhoneSession, keyMaterial, readForAccount, requireAccount } from "~/auth/current-account.server";
import { getAuthProvider } from "~/auth/auth-provider.server";
import { CsrfField, useCsrfToken } from "~/components/ui/csrf-field";
import { HomeAreaForm } from "~/features/areas/home-area-form";
import { DeleteAccount } from "~/features/accounts/delete-account";
import { KeyChangeSection } from "~/features/accounts/key-change-section";
import { changePassphrase, newRecoveryCode, replaceKeys } from "~/features/accounts/account-flows.client";
import { getDatabase } from "~/data/db.server";
import { getOwnVault, listOwnShares } from "~/data/identity.server";
import { asMember } from "~/data/rls.server";
import { keptAreas } from "~/data/kept-areas.server";
import { chooseOwnLock, getOwnLockChoice } from "~/data/lock-settings.server";
import { isLockChoice, LOCK_CHOICES, SHARED_PHONE_LOCK_MINUTES } from "~/domain/sessions/session-terms";
import { fieldError, fieldFailure } from "~/forms/form-reply";
import { areaPicksOf, HomeAreaInputs } from "~/forms/home-area-input";
import { chooseOwnAreaByPicks } from "~/data/accounts.server";
import { formReply, parseForm, refusal } from "~/forms/parse-form.server";
import { FormMessage, SecretField } from "~/components/ui/form-field";
import { KeyFormSubmit, NeedsJavascript } from "~/features/keys/key-work";
import { useKeyForm } from "~/features/keys/use-key-form";
import { pageTitle } from "~/i18n/meta";

/** The fields this page shows; errors on others become one form-level message. */
const VISIBLE_FIELDS = ["currentPassphrase", "newPassphrase", "passphraseConfirm"];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "account.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const [{ account, read }, areas] = await Promise.all([
    // Asked together: on PostgreSQL the three statements go out in one round trip.
    readForAccount(request, context, async (trx) => {
      const [lockAfterMinutes, vault, shares] = await Promise.all([getOwnLockChoice(trx), getOwnVault(trx), listOwnShares(trx)]);
      return {
        lockAfterMinutes,
        // Replacing the keys rotates the vault and re-seals its live shares in the browser.
        vault: vault ?? null,
        shares: shares.map(({ id, recipientId, recipientHandle, recipientPublicKey, live }) => ({ id, recipientId, recipientHandle, recipientPublicKey, live })),
      };
    }),
    keptAreas(),
  ]);
  return {
    ownerId: account.userId,
    handle: account.handle,
    roles: account.roles,
    areaId: account.areaId,
    areas,
    lockAfterMinutes: read.lockAfterMinutes,
    sharedPhone: await isSharedPhoneSession(request, context),
    keys: keyMaterial(account),
    vault: read.vault,
    shares: read.shares,
  };
}

/** The lock choices as the form posts them: "off" or a number of minutes. */
const LOCK_OPTIONS = ["off", ...LOCK_CHOICES.map(String)];

const AccountChange = z.discriminatedUnion(
  "intent",
  [
    ...HomeAreaInputs,
    z.object({
      intent: z.literal("lock"),
      lockAfterMinutes: z
        .string("errors.account.lockChoice")
        .refine((value) => LOCK_OPTIONS.includes(value), "errors.account.lockChoice")
        .transform((value) => {
          const minutes = Number(value);
          return isLockChoice(minutes) ? minutes : null;
        }),
    }),
  ],
  { error: "errors.form.invalid" },
);

/**
 * The member's area (where social workers can help them) and their inactivity lock, which
 * applies to their sessions at once. Both work without scripts.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const account = await requireAccount(request, context);
  const form = await parseForm(request, AccountChange);
  if (!form.ok) return formReply(form);
  const db = await getDatabase();
  if (form.value.intent === "lock") {
    const minutes = form.value.lockAfterMinutes;
    await asMember(db, account.userId, (trx) => chooseOwnLock(trx, minutes));
    await getAuthProvider().applyLockChoice(account.userId, minutes);
    return { ok: true as const, saved: "lock" as const };
  }
  const change = form.value;
  const picked = await asMember(await getDatabase(), account.userId, (trx) => chooseOwnAreaByPicks(trx, areaPicksOf(change), change.intent === "area"));
  if (!picked.ok) return formReply(refusal(400, fieldFailure({ areaId: "errors.account.area" })));
  return change.intent === "area" ? { ok: true as const, saved: "area" as const } : { ok: true as const, step: picked.areaId };
}

export default function Account() {
  const { ownerId, handle, roles, keys, areaId, areas, lockAfterMinutes, sharedPhone, vault, shares } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const lockError = fieldError(reply, "lockAfterMinutes");
  const { t } = useTranslation();
  const csrf = useCsrfToken();
  const { busy, errors, notice, start, fail, succeed } = useKeyForm(VISIBLE_FIELDS);
  const revalidator = useRevalidator();
  const current = useRef<HTMLInputElement>(null);
  const next = useRef<HTMLInputElement>(null);
  const confirmation = useRef<HTMLInputElement>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const typed = {
      currentPassphrase: current.current?.value ?? "",
      newPassphrase: next.current?.value ?? "",
      passphraseConfirm: confirmation.current?.value ?? "",
    };
    const result = await changePassphrase(typed, keys, { csrf, onWorking: start });
    if (!result.ok) return fail(result);
    form.reset();
    succeed("account.passphraseChanged");
    revalidator.revalidate();
  }

  return (
    <>
      <section className="panel" aria-labelledby="account-title">
        <h1 id="account-title">{t("account.title")}</h1>
        <dl className="facts">
          <dt>{t("fields.handle")}</dt>
          <dd translate="no">{handle}</dd>
          <dt>{t("account.roles")}</dt>
          <dd>{[t("roles.member"), ...roles.map((role) => t(`roles.${role}`))].join(t("list.separator"))}</dd>
        </dl>
      </section>
      <section className="panel" aria-labelledby="area-title">
        <h2 id="area-title">{t("account.areaTitle")}</h2>
        <p>{t("account.areaIntro")}</p>
        <HomeAreaForm
          areas={areas}
          areaId={reply && "step" in reply ? (reply.step ?? null) : areaId}
          saved={reply !== undefined && "saved" in reply && reply.saved === "area"}
          error={fieldError(reply, "areaId")}
        />
      </section>
      <section className="panel" aria-labelledby="lock-title">
        <h2 id="lock-title">{t("account.lockTitle")}</h2>
        <p>{t("account.lockIntro")}</p>
        {sharedPhone ? <p className="field__hint">{t("account.lockSharedPhone", { minutes: SHARED_PHONE_LOCK_MINUTES })}</p> : null}
        <Form method="post" preventScrollReset>
          <CsrfField />
          <input type="hidden" name="intent" value="lock" />
          <fieldset className="choices" aria-describedby={lockError ? "lock-error" : undefined}>
            <legend>{t("account.lockLegend")}</legend>
            {LOCK_OPTIONS.map((option) => (
              <div className="checkbox" key={option}>
                <input
                  id={`lock-${option}`}
                  type="radio"
                  name="lockAfterMinutes"
                  value={option}
                  defaultChecked={option === String(lockAfterMinutes ?? "off")}
                />
                <label htmlFor={`lock-${option}`}>{option === "off" ? t("account.lockOff") : t("account.lockAfter", { minutes: Number(option) })}</label>
              </div>
            ))}
          </fieldset>
          {lockError ? (
            <p id="lock-error" className="field__error" role="alert">
              {t(lockError)}
            </p>
          ) : null}
          <button type="submit" className="button button--secondary">
            {t("account.saveLock")}
          </button>
          <FormMessage message={reply !== undefined && "saved" in reply && reply.saved === "lock" ? "account.lockSaved" : undefined} tone="info" />
        </Form>
      </section>
      <section className="panel" aria-labelledby="passphrase-title">
        <h2 id="passphrase-title">{t("account.changePassphrase")}</h2>
        <p>{t("account.changePassphraseIntro")}</p>
        <NeedsJavascript />
        <form method="post" action="/api/auth/passphrase" onSubmit={onSubmit} noValidate>
          <SecretField id="current-passphrase" ref={current} label={t("fields.currentPassphrase")} autoComplete="current-password" error={errors.currentPassphrase} />
          <SecretField id="new-passphrase" ref={next} label={t("fields.newPassphrase")} hint={t("signUp.passphraseHint")} autoComplete="new-password" error={errors.newPassphrase} />
          <SecretField id="passphrase-confirm" ref={confirmation} label={t("fields.passphraseConfirm")} autoComplete="new-password" error={errors.passphraseConfirm} />
          <KeyFormSubmit busy={busy} label={t("account.changePassphraseSubmit")} />
          <FormMessage message={notice?.key} tone={notice?.tone} values={notice?.values} />
        </form>
      </section>
      <KeyChangeSection
        name="recovery"
        title={t("account.newRecoveryCode")}
        confirmLabel={t("account.newRecoveryCodeConfirm")}
        submitLabel={t("account.newRecoveryCodeSubmit")}
        doneMessage="account.newRecoveryCodeDone"
        run={(typed, options) => newRecoveryCode({ recoveryConfirm: typed.confirmed, recoveryPassphrase: typed.passphrase }, keys, { csrf, ...options })}
      >
        <p>{t("account.newRecoveryCodeIntro")}</p>
        <p>{t("account.newRecoveryCodeOld")}</p>
      </KeyChangeSection>
      <KeyChangeSection
        name="replace"
        title={t("account.replaceKeys")}
        confirmLabel={t("account.replaceKeysConfirm")}
        submitLabel={t("account.replaceKeysSubmit")}
        doneMessage="account.replaceKeysDone"
        run={(typed, options) => replaceKeys({ replaceConfirm: typed.confirmed, replacePassphrase: typed.passphrase }, keys, { ownerId, vault, shares }, { csrf, ...options })}
        onChanged={() => revalidator.revalidate()}
      >
        <p>{t("account.replaceKeysIntro")}</p>
        <p>{t("account.replaceKeysWhat")}</p>
        {roles.includes("social_worker") ? <p>{t("account.replaceKeysShares")}</p> : null}
      </KeyChangeSection>
      <DeleteAccount material={keys} />
    </>
  );
}
