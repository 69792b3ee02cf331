// The demo accounts the seed creates (launcher/seed.ts), for the launcher's
// greeting, the benchmark and the end-to-end tests. Demo data only; this
// module imports nothing, so anything may read it.
export const DEMO_PASSWORD = "hotel-demo-2026!";
/** The demo staff's TOTP secret (base32, SHA-1, 6 digits, 30 s): demo data only. */
export const DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXP";
export const DEMO_ACCOUNTS = [
  { email: "guest@example.com", role: "guest", name: "Grace Guest" },
  { email: "desk@example.com", role: "front_desk", name: "Dario Desk" },
  { email: "manager@example.com", role: "manager", name: "Mina Manager" },
  { email: "auditor@example.com", role: "auditor", name: "Aude Auditor" },
  { email: "admin@example.com", role: "admin", name: "Adam Admin" },
] as const;

/** The demo account of a role. */
export function demoAccount(role: (typeof DEMO_ACCOUNTS)[number]["role"]): (typeof DEMO_ACCOUNTS)[number] {
  return DEMO_ACCOUNTS.find((account) => account.role === role)!;
}
