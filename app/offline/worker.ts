// The desk's service worker (service-worker/sw.ts, built to /sw.js): registered
// by the desk page, and asked to keep the page the server drew so the desk
// opens with no network. Its scope is the whole site, not /desk alone: a
// clerk reaches the desk from the sign-in page without a full page load, and
// a worker controls only pages first loaded inside its scope; it answers
// nothing but the desk page and the app's own files.

const SCOPE = "/";

/** Register the worker (once per page load) and, once it controls the page, have it keep this page. */
export async function registerDeskWorker(): Promise<void> {
  if (typeof navigator === "undefined" || !("serviceWorker" in navigator)) return;
  try {
    await navigator.serviceWorker.register("/sw.js", { scope: SCOPE });
    await navigator.serviceWorker.ready;
    keepDeskPage(true);
  } catch {
    // No worker (a private window, an old browser): the desk works, only not offline.
  }
}

let lastKept = 0;

/** Ask the worker to keep this desk page as it is now (at most every 30 s unless `now`). */
export function keepDeskPage(now = false): void {
  if (typeof navigator === "undefined" || !navigator.onLine || !navigator.serviceWorker) return;
  if (!now && Date.now() - lastKept < 30_000) return;
  lastKept = Date.now();
  void navigator.serviceWorker.ready.then((registration) =>
    registration.active?.postMessage({ type: "keep-desk-page", url: window.location.href }),
  );
}
