// Where the shape proxy sends its requests: a real Electric (ELECTRIC_URL) or
// the embedded shape server the launcher started. Kept on globalThis because
// the launcher and the Remix build bundle this module separately.
import type { Message, Row } from "@electric-sql/client";
import { parse as parseArray } from "postgres-array";
import type { FollowedBatch, ShapeAnswer, ShapeServer } from "../../shape-server";
import { getEnv } from "~/env.server";

export type ShapeUpstream = {
  url: string;
  secret?: string;
  /** The embedded shape server's answer in this process (then `url` is only for tools). */
  serve?: (query: URLSearchParams, signal: AbortSignal) => Promise<ShapeAnswer>;
  /** A shape followed in this process, change by change (the embedded shape server only). */
  follow?: ShapeServer["follow"];
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

type Scalar = string | number | bigint | boolean | object | null;
/** How @electric-sql/client types a value by its column's type (its default parser); other types stay text. */
const PARSERS: Record<string, (text: string) => Scalar> = {
  int2: Number,
  int4: Number,
  float4: Number,
  float8: Number,
  int8: BigInt,
  bool: (text) => text === "t" || text === "true",
  json: (text) => JSON.parse(text) as object,
  jsonb: (text) => JSON.parse(text) as object,
};

/**
 * A followed shape's messages with their values typed as the Electric client
 * types them, so that a reader of shapes sees the same rows either way.
 */
export function typedMessages<R extends Row<unknown>>({ messages, schema }: FollowedBatch): Message<R>[] {
  const typed = (row: Record<string, string | null>) => {
    for (const [name, text] of Object.entries(row)) {
      const column = schema[name];
      if (text === null || !column) continue;
      const parser = PARSERS[column.type] ?? ((value: string) => value);
      (row as Record<string, unknown>)[name] = column.dims ? parseArray(text, parser) : parser(text);
    }
    return row;
  };
  for (const message of messages as {
    value?: Record<string, string | null>;
    old_value?: Record<string, string | null>;
  }[]) {
    if (message.value) typed(message.value);
    if (message.old_value) typed(message.old_value);
  }
  return messages as unknown as Message<R>[];
}
