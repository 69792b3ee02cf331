// The roles, shared by server and browser code (no secrets here).
export const ROLES = ["guest", "front_desk", "manager", "auditor", "admin"] as const;
export type Role = (typeof ROLES)[number];
export const STAFF_ROLES = ["front_desk", "manager", "auditor", "admin"] as const satisfies readonly Role[];
