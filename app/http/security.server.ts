// The web's security baseline, applied by the launcher to every response:
// strict headers with a per-response CSP nonce, and a cross-site check on
// every state-changing request (together with SameSite=Lax cookies, this is
// the CSRF protection).
import { randomBytes } from "node:crypto";

export function newNonce(): string {
  return randomBytes(16).toString("base64");
}

export function securityHeaders(nonce: string, options: { hsts: boolean }): Record<string, string> {
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    // react-aria injects one small <style>; it carries this nonce (see <meta name="csp-nonce">).
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join("; ");
  return {
    "Content-Security-Policy": csp,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
    ...(options.hsts ? { "Strict-Transport-Security": "max-age=63072000; includeSubDomains" } : {}),
  };
}

/**
 * The same baseline for answers that are not documents (JSON, problem
 * details): nothing in them may load or run anything, so no nonce is needed
 * and the policy is the strictest.
 */
export function resourceHeaders(options: { hsts: boolean }): Record<string, string> {
  return {
    ...securityHeaders("", options),
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * A state-changing request that a browser sent from another site. Browsers
 * send Origin on every cross-origin POST and Sec-Fetch-Site on all modern
 * requests; clients that send neither (curl, server-to-server API calls) carry
 * no cookies a forger could ride on, and the API wants a bearer token anyway.
 */
export function isCrossSiteWrite(args: {
  method: string;
  host: string | undefined;
  origin: string | undefined;
  secFetchSite: string | undefined;
}): boolean {
  if (SAFE_METHODS.has(args.method.toUpperCase())) return false;
  if (args.origin && args.origin !== "null") {
    try {
      return new URL(args.origin).host !== args.host;
    } catch {
      return true;
    }
  }
  if (args.origin === "null") return true;
  return args.secFetchSite === "cross-site" || args.secFetchSite === "same-site";
}
