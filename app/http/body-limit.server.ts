// The cap on request bodies, for every body whatever reads it (forms, JSON,
// anything later). A declared Content-Length over the cap is refused before a
// byte is read; a body without one (Transfer-Encoding: chunked) is counted as
// it arrives and refused the moment the count passes the cap. Nothing is
// buffered here.
//
// Remix's express adapter reads the body from the request object itself
// (createReadableStreamFromReadable(req)), so the count has to sit on that
// object: it wraps `push`, through which Node's HTTP parser hands over each
// chunk of the body as it comes off the socket.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ErrorRequestHandler, Request, RequestHandler, Response } from "express";
import { requestTranslator } from "~/i18n/translate.server";

/** How long a refused connection may go on sending before it is cut, so the client can read the 413 first. */
const LINGER_MS = 250;

export class BodyTooLarge extends Error {
  constructor(readonly maxBytes: number) {
    super(`request body over ${maxBytes} bytes`);
    this.name = "BodyTooLarge";
  }
}

const REFUSED = Symbol.for("hotel.body-too-large");
type Marked = Response & { [REFUSED]?: true };

/** `limit`: the cap in bytes, or the cap of each request (a larger one for uploads). */
export function bodyLimit(limit: number | ((req: Request) => number)): RequestHandler {
  return (req, res, next) => {
    const maxBytes = typeof limit === "number" ? limit : limit(req);
    const destroy = req.destroy.bind(req);
    let refused = false;
    let cutting = false;
    // Always with an error: a reader must never take a cut-off body for the whole one.
    const cutSoon = () => {
      if (cutting) return;
      cutting = true;
      setTimeout(() => destroy(new BodyTooLarge(maxBytes)), LINGER_MS).unref();
    };
    // Once the answer is out, a body nobody read is not drained (Node would read it all) nor
    // left waiting: the connection closes.
    res.once("finish", () => {
      if (!req.complete) cutSoon();
    });
    const refuse = () => {
      if (refused) return;
      refused = true;
      (res as Marked)[REFUSED] = true;
      if (res.writableFinished) cutSoon();
      else if (!res.headersSent) void sendTooLarge(req, res, maxBytes);
    };

    // Node's parser calls push(chunk) for each piece of the body and push(null) at its end.
    let received = req.readableLength;
    const push = req.push.bind(req) as IncomingMessage["push"];
    req.push = (chunk: unknown, encoding?: BufferEncoding) => {
      if (refused) return false;
      if (chunk !== null && chunk !== undefined) {
        received += typeof chunk === "string" ? Buffer.byteLength(chunk, encoding) : (chunk as Uint8Array).byteLength;
        if (received > maxBytes) {
          refuse();
          // false: the parser stops reading the socket; the rest of the body is never read.
          return false;
        }
      }
      return push(chunk, encoding);
    };

    // A reader that gives up early (the API's own smaller cap) cancels the body, which would destroy
    // the request and the socket with it before its 413 is out: until the answer has gone, the body
    // is no longer read, and the connection closes after it.
    req.destroy = (error?: Error) => {
      if (res.writableFinished || res.destroyed || req.socket?.destroyed) return destroy(error);
      refused = true;
      if (!res.headersSent) res.set("Connection", "close");
      return req;
    };

    if (Number(req.headers["content-length"] ?? 0) > maxBytes || received > maxBytes) {
      refuse();
      return;
    }
    next();
  };
}

/** After a refusal the app may still try to answer (its body read failed); that answer has nowhere to go. */
export const bodyLimitErrors: ErrorRequestHandler = (error, _req, res, next) => {
  if ((res as Marked)[REFUSED]) return;
  next(error);
};

async function sendTooLarge(req: Request, res: Response, maxBytes: number): Promise<void> {
  const answer = await tooLargeAnswer(req, maxBytes);
  if (res.headersSent) return;
  res.status(answer.status).set(answer.headers).send(answer.body);
}

/**
 * The 413 for a body over `maxBytes`, as a problem in the reader's language
 * (from the same places a page looks: lng, cookie, Accept-Language). The
 * connection closes after it: the rest of the body is never read.
 */
export async function tooLargeAnswer(
  req: Pick<IncomingMessage, "headers" | "url">,
  maxBytes: number,
): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  const code = "body_too_large";
  let title = "The request is too large.";
  let language = "en";
  try {
    const headers = new Headers();
    for (const name of ["cookie", "accept-language"]) {
      const value = req.headers[name];
      if (typeof value === "string") headers.set(name, value);
    }
    const translator = await requestTranslator(
      new globalThis.Request(new URL(req.url ?? "/", "http://local"), { headers }),
    );
    title = translator.t(`api.${code}`, { max: maxBytes });
    language = translator.language;
  } catch {
    // An unreadable header keeps the English title.
  }
  return {
    status: 413,
    headers: {
      Connection: "close",
      "Content-Language": language,
      "Cache-Control": "no-store",
      "Content-Type": "application/problem+json",
    },
    body: JSON.stringify({ type: `/api/v1/problems/${code}`, title, status: 413, code, max: maxBytes }),
  };
}

/** Once the answer is out, cut the connection (after a moment, so the client can read it first). */
export function cutAfterAnswer(req: IncomingMessage, res: ServerResponse): void {
  const cut = () => setTimeout(() => req.destroy(new BodyTooLarge(0)), LINGER_MS).unref();
  if (res.writableFinished) cut();
  else res.once("finish", cut);
}
