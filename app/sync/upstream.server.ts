// Where the shape proxy sends its requests: a real Electric (ELECTRIC_URL) or
// the embedded shape server the launcher started. Kept on globalThis because
// the launcher and the Remix build bundle this module separately.
import type { ShapeAnswer } from "../../shape-server";
import { getEnv } from "~/env.server";

export type ShapeUpstream = {
  url: string;
  secret?: string;
  /** The embedded shape server's answer in this process (then `url` is only for tools). */
  serve?: (query: URLSearchParams, signal: AbortSignal) => Promise<ShapeAnswer>;
};

const KEY = Symbol.for("hotel.shape.upstream");
type Holder = { [KEY]?: ShapeUpstream };

export function setShapeUpstream(upstream: ShapeUpstream | undefined): void {
  (globalThis as Holder)[KEY] = upstream;
}

export function shapeUpstream(): ShapeUpstream | undefined {
  const set = (globalThis as Holder)[KEY];
  if (set) return set;
  const env = getEnv();
  return env.ELECTRIC_URL ? { url: env.ELECTRIC_URL, secret: env.ELECTRIC_SECRET } : undefined;
}
