// Which desk pages the service worker keeps, and under which key: one page
// per property (the clerk's other parameters — an open stay, a search — are
// the page's own business), kept at most one shift.
export const DESK_PAGES = "desk-pages";
export const SHIFT_SECONDS = 12 * 60 * 60;

export const isDeskPage = (url: URL) => url.pathname === "/desk";

export function deskPageKey(href: string): string {
  const url = new URL(href);
  const key = new URL("/desk", url.origin);
  const property = url.searchParams.get("property");
  if (property) key.searchParams.set("property", property);
  return key.href;
}
