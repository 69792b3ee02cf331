// The front desk's service worker (registered by the desk, for the whole
// site: see app/offline/worker.ts). It precaches the app's
// scripts, styles, translations and icons, so the desk opens with no network,
// even after a browser restart; and it keeps the last desk page the server
// drew for each property, served when the network is gone, for one shift at
// most, and forgotten when a desk page answers that the session ended.
// Nothing else is cached: the shapes persist in IndexedDB (the page's
// own code), and every other request goes to the network as usual.
/// <reference lib="webworker" />
import { clientsClaim } from "workbox-core";
import { ExpirationPlugin } from "workbox-expiration";
import { cleanupOutdatedCaches, precacheAndRoute, type PrecacheEntry } from "workbox-precaching";
import { registerRoute } from "workbox-routing";
import { NetworkFirst } from "workbox-strategies";
import { DESK_PAGES, SHIFT_SECONDS, deskPageKey, isDeskPage } from "./desk-pages";

declare const self: ServiceWorkerGlobalScope;
/** Filled in by scripts/build-service-worker.ts: every file to precache, with its revision. */
declare const PRECACHE: PrecacheEntry[];

self.skipWaiting();
clientsClaim();
cleanupOutdatedCaches();
precacheAndRoute(PRECACHE);

const expiry = new ExpirationPlugin({ maxEntries: 20, maxAgeSeconds: SHIFT_SECONDS });

/**
 * A desk page worth keeping: drawn for a signed-in clerk. A redirect to the
 * sign-in page means the session ended: the kept pages (they name guests) go.
 */
async function keepDeskPage({ response }: { response: Response }): Promise<Response | null> {
  if (response.redirected || response.status === 401 || response.status === 403) {
    await caches.delete(DESK_PAGES);
    return null;
  }
  return response.status === 200 ? response : null;
}

const deskPages = new NetworkFirst({
  cacheName: DESK_PAGES,
  // Online but the server unreachable (the hotel's line is down): the kept page after 5 s.
  networkTimeoutSeconds: 5,
  plugins: [
    { cacheKeyWillBeUsed: async ({ request }) => deskPageKey(request.url) },
    { cacheWillUpdate: keepDeskPage },
    expiry,
  ],
});

registerRoute(({ request, url }) => request.mode === "navigate" && isDeskPage(url), deskPages);

// Signing out (the header's form, with or without the page's scripts): the kept desk pages name
// guests, so they go before the request does; the next clerk signs in and the desk is drawn anew.
registerRoute(
  ({ url }) => url.pathname === "/sign-out" || url.pathname === "/sign-out.data",
  async ({ request }) => {
    await caches.delete(DESK_PAGES);
    return fetch(request);
  },
  "POST",
);

// The page asks for its own document to be kept once this worker controls it
// (its first load came before the worker), and again when its data changed.
self.addEventListener("message", (event) => {
  const data = event.data as { type?: string; url?: string } | null;
  if (data?.type !== "keep-desk-page" || typeof data.url !== "string") return;
  const url = new URL(data.url, self.location.origin);
  if (url.origin !== self.location.origin || !isDeskPage(url)) return;
  // Through the same strategy as a navigation: kept under the same key, with the same expiry.
  const request = new Request(url.href, { credentials: "same-origin", headers: { Accept: "text/html" } });
  const [response, done] = deskPages.handleAll({ event, request });
  event.waitUntil(Promise.all([response, done]).catch(() => undefined));
});
