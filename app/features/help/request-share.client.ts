import { sealAndPostShare, type ShareUseCase } from "~/features/identity/identity-vault.client";

/**
 * Shares the identity with the social worker assigned to help request `requestId`, for that
 * request only (migration 0036): sealed to their key after checking it against its pin,
 * exactly as a share on the identity page is (sealAndPostShare). How long it lasts is the
 * server's (REQUEST_SHARE_DAYS), so `days` is not sent; it ends sooner, with the request.
 */
export function shareForRequest(requestId: string): ShareUseCase {
  return ({ recipient, accepted }, own, options) => sealAndPostShare(`/api/help/${requestId}/share`, {}, { recipient, accepted }, own, options);
}
