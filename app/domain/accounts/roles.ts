/** Staff roles. "member" is everyone's default and has no row (public.role_grants.role). */
export const STAFF_ROLES = ["leader", "mentor", "social_worker", "admin"] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
