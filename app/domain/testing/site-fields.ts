/** How long a testing site's words may be (the data layer and the staff's forms both hold to these). */
export const SITE_LIMITS = { publicName: 80, notes: 1000, address: 300 } as const;
