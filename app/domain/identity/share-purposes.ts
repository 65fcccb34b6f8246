/** Purposes a member may share their identity vault for (help requests will add more). */
export const IDENTITY_SHARE_PURPOSES = ["area_support"] as const;
export type IdentitySharePurpose = (typeof IDENTITY_SHARE_PURPOSES)[number];
