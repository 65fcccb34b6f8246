import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "~/i18n/use-translation";
import type { KeyMaterial } from "~/domain/accounts/key-material";
import type { UnlockedKeys } from "~/crypto/account-keys";
import { readTabKeys } from "~/features/keys/tab-keys.client";
import { unlockKeys } from "~/features/keys/unlock-keys.client";
import { FormMessage, SecretField } from "~/components/ui/form-field";
import { KeyFormSubmit } from "~/features/keys/key-work";
import { useKeyForm } from "~/features/keys/use-key-form";

const VISIBLE_FIELDS = ["passphrase"];

/**
 * The tab's unlocked keys (after a reload, opened with the session's tab key). A tab
 * opened after sign-in, or whose session changed, has none until the member types their
 * passphrase again.
 */
export function useTabKeys(): { keys: UnlockedKeys | null; ready: boolean; setKeys: (keys: UnlockedKeys) => void } {
  const [keys, setKeys] = useState<UnlockedKeys | null>(null);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let current = true;
    readTabKeys()
      .catch(() => null)
      .then((stored) => {
        if (!current) return;
        setKeys(stored);
        setReady(true);
      });
    return () => {
      current = false;
    };
  }, []);
  return { keys, ready, setKeys };
}

/** Asks for the passphrase to unlock this tab's keys; the passphrase stays in the browser. */
export function UnlockKeys({ material, onUnlocked }: { material: KeyMaterial; onUnlocked: (keys: UnlockedKeys) => void }) {
  const { t } = useTranslation();
  const passphrase = useRef<HTMLInputElement>(null);
  const { busy, errors, notice, start, fail } = useKeyForm(VISIBLE_FIELDS);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = await unlockKeys({ passphrase: passphrase.current?.value ?? "" }, material, { onWorking: start });
    if (!result.ok) return fail(result);
    onUnlocked(result.keys);
  }

  return (
    <form className="panel" onSubmit={onSubmit} noValidate aria-labelledby="unlock-title">
      <h2 id="unlock-title">{t("unlock.title")}</h2>
      <p>{t("unlock.explain")}</p>
      <FormMessage message={notice?.key} tone={notice?.tone} values={notice?.values} />
      <SecretField id="unlock-passphrase" ref={passphrase} label={t("fields.passphrase")} autoComplete="current-password" error={errors.passphrase} />
      <KeyFormSubmit busy={busy} label={t("unlock.submit")} />
    </form>
  );
}
