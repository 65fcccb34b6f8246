import { useState } from "react";
import type { UnlockedKeys } from "~/crypto/account-keys";
import { useCsrfToken } from "~/components/ui/csrf-field";
import type { IdentityFields } from "~/domain/identity/identity-fields";
import { useKeyForm } from "~/features/keys/use-key-form";
import { openShare } from "./identity-vault.client";

/** The social worker's side: one shared identity opened at a time with the tab's keys (openShare). */
export function useSharedIdentity(keys: UnlockedKeys | null) {
  const csrf = useCsrfToken();
  const [opened, setOpened] = useState<{ shareId: string; fields: IdentityFields } | null>(null);
  const opening = useKeyForm([]);

  async function open(shareId: string) {
    if (!keys) return;
    setOpened(null);
    const result = await openShare(shareId, keys, { csrf, onWorking: opening.start });
    if (!result.ok) return opening.fail(result);
    setOpened({ shareId, fields: result.fields });
    opening.succeed();
  }

  return {
    /** The identity on show, and the share it came from. */
    opened,
    opening,
    open: (shareId: string) => void open(shareId),
    close: () => setOpened(null),
  };
}
