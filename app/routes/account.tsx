import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useRevalidator } from "@remix-run/react";
import { z } from "zod";
import { useRef, type FormEvent } from "react";
import { useTranslation } from "~/i18n/use-translation";
import { keyMaterial, readForAccount, requireAccount } from "~/auth/current-account.server";
import { CsrfField, useCsrfToken } from "~/components/ui/csrf-field";
import { AreaOptions } from "~/features/areas/area-options";
import { DeleteAccount } from "~/features/accounts/delete-account";
import { changePassphrase } from "~/features/accounts/account-flows.client";
import { updateOwnProfile } from "~/data/accounts.server";
import { getDatabase } from "~/data/db.server";
import { asMember } from "~/data/rls.server";
import { listAreas } from "~/data/roles.server";
import { fieldError, fieldFailure } from "~/forms/form-reply";
import { formReply, parseForm, refusal } from "~/forms/parse-form.server";
import { FormMessage, SecretField, SelectField } from "~/components/ui/form-field";
import { KeyFormSubmit, NeedsJavascript } from "~/features/keys/key-work";
import { useKeyForm } from "~/features/keys/use-key-form";
import { pageTitle } from "~/i18n/meta";

/** The fields this page shows; errors on others become one form-level message. */
const VISIBLE_FIELDS = ["currentPassphrase", "newPassphrase", "passphraseConfirm"];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "account.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { account, read: areas } = await readForAccount(request, context, (trx) => listAreas(trx));
  return {
    handle: account.handle,
    roles: account.roles,
    areaId: account.areaId,
    areas,
    keys: keyMaterial(account),
  };
}

const AreaChoice = z.object({
  areaId: z.union([z.literal("").transform(() => null), z.uuid("errors.account.area")]),
});

/** The member's area (where social workers can help them). Works without scripts. */
export async function action({ request, context }: ActionFunctionArgs) {
  const account = await requireAccount(request, context);
  const form = await parseForm(request, AreaChoice);
  if (!form.ok) return formReply(form);
  const db = await getDatabase();
  const areaId = form.value.areaId;
  const updated = await asMember(db, account.userId, async (trx) => {
    const exists = areaId === null || (await listAreas(trx)).some((area) => area.id === areaId);
    return exists && (await updateOwnProfile(trx, { areaId }));
  });
  if (!updated) return formReply(refusal(400, fieldFailure({ areaId: "errors.account.area" })));
  return { ok: true as const };
}

export default function Account() {
  const { handle, roles, keys, areaId, areas } = useLoaderData<typeof loader>();
  const areaReply = useActionData<typeof action>();
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
        <Form method="post">
          <CsrfField />
          <FormMessage message={areaReply?.ok ? "account.areaSaved" : undefined} tone="info" />
          <SelectField id="area" name="areaId" label={t("admin.roles.area")} error={fieldError(areaReply, "areaId")} defaultValue={areaId ?? ""}>
            <option value="">{t("account.noArea")}</option>
            <AreaOptions areas={areas} />
          </SelectField>
          <button type="submit" className="button button--secondary">
            {t("account.saveArea")}
          </button>
        </Form>
      </section>
      <section className="panel" aria-labelledby="passphrase-title">
        <h2 id="passphrase-title">{t("account.changePassphrase")}</h2>
        <p>{t("account.changePassphraseIntro")}</p>
        <NeedsJavascript />
        <form method="post" action="/api/auth/passphrase" onSubmit={onSubmit} noValidate>
          <FormMessage message={notice?.key} tone={notice?.tone} values={notice?.values} />
          <SecretField id="current-passphrase" ref={current} label={t("fields.currentPassphrase")} autoComplete="current-password" error={errors.currentPassphrase} />
          <SecretField id="new-passphrase" ref={next} label={t("fields.newPassphrase")} hint={t("signUp.passphraseHint")} autoComplete="new-password" error={errors.newPassphrase} />
          <SecretField id="passphrase-confirm" ref={confirmation} label={t("fields.passphraseConfirm")} autoComplete="new-password" error={errors.passphraseConfirm} />
          <KeyFormSubmit busy={busy} label={t("account.changePassphraseSubmit")} />
        </form>
      </section>
      <DeleteAccount material={keys} />
    </>
  );
}
