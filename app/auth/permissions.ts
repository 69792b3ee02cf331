// The one table of who may do what. Every loader, action and API route asks
// it (through `can` / `requirePermission`); nothing else decides.
import type { Role } from "./session.server";

export const PERMISSIONS = {
  // Bookings: guests their own, staff those of their properties.
  "booking:create": ["guest", "front_desk", "manager", "admin"],
  "booking:read_own": ["guest", "front_desk", "manager", "auditor", "admin"],
  "booking:read_property": ["front_desk", "manager", "auditor", "admin"],
  "booking:cancel_own": ["guest", "front_desk", "manager", "admin"],
  "booking:cancel_property": ["front_desk", "manager", "admin"],
  // The front desk's work: holds for walk-ins, confirming them, check-in and
  // check-out, room moves, no-shows and housekeeping, at the staff's properties.
  "desk:operate": ["front_desk", "manager", "admin"],
  // The desk's management: the property's hold duration and the night audit's no-shows.
  "desk:manage": ["manager", "admin"],
  // What the property sells: room types, rooms, rate plans, the rate calendar and its restrictions.
  "property:manage": ["manager", "admin"],
  // The front desk's in-person identity check (admins work the desk too: ADR 018).
  "guest:identity_check": ["front_desk", "manager", "admin"],
  // The house live: rooms, reservations and the day's bookings (no guest PII).
  "house:read": ["front_desk", "manager", "auditor", "admin"],
  // Housekeeping state and out of order, from the house screens.
  "room:update": ["front_desk", "manager"],
  // The management's live occupancy board.
  "board:read": ["manager", "auditor"],
  // Reports and the audit trail.
  "report:read": ["manager", "auditor"],
  "audit:read": ["manager", "auditor"],
  // Personal data: a guest over their own, an admin on request.
  "privacy:self": ["guest"],
  "privacy:erase_guest": ["admin"],
  // Running the system.
  "staff:manage": ["admin"],
  "outbox:read": ["admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof PERMISSIONS;

export function can(role: Role, action: Action): boolean {
  return (PERMISSIONS[action] as readonly Role[]).includes(role);
}
