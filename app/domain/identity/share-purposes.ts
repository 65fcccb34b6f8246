/** Purposes a member may share their identity vault for: social work in their area, or one help request (migration 0036). */
export const IDENTITY_SHARE_PURPOSES = ["area_support", "help_request"] as const;
export type IdentitySharePurpose = (typeof IDENTITY_SHARE_PURPOSES)[number];
