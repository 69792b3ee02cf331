// A response body the app wrote whole (a JSON text), kept beside the Response
// that carries it, so that the launcher's resource routes send it as it is
// instead of reading it back out of the Response's stream. On globalThis: the
// Remix build and the launcher bundle this module separately.
const BODIES = Symbol.for("hotel.http.whole-bodies");
type Holder = { [BODIES]?: WeakMap<Response, string> };

function bodies(): WeakMap<Response, string> {
  const holder = globalThis as Holder;
  return (holder[BODIES] ??= new WeakMap());
}

/** A Response with `text` as its body, remembered whole. */
export function wholeResponse(text: string, init: ResponseInit): Response {
  const response = new Response(text, init);
  bodies().set(response, text);
  return response;
}

/** The text a Response was made with by wholeResponse, while nothing has read its stream. */
export function wholeBodyOf(response: Response): string | undefined {
  const text = bodies().get(response);
  return text !== undefined && !response.bodyUsed ? text : undefined;
}

// The same for requests: the launcher reads a write's body off the socket
// whole before its route runs, and the API's JSON reader takes it from here
// instead of from the Request's stream.
const REQUEST_BODIES = Symbol.for("hotel.http.whole-request-bodies");
type RequestHolder = { [REQUEST_BODIES]?: WeakMap<Request, Buffer> };

function requestBodies(): WeakMap<Request, Buffer> {
  const holder = globalThis as RequestHolder;
  return (holder[REQUEST_BODIES] ??= new WeakMap());
}

/** Remembers the bytes a Request was made with. */
export function rememberRequestBody(request: Request, body: Buffer): void {
  requestBodies().set(request, body);
}

/** The bytes a Request was made with, while nothing has read its stream. */
export function wholeRequestBodyOf(request: Request): Buffer | undefined {
  const body = requestBodies().get(request);
  return body !== undefined && !request.bodyUsed ? body : undefined;
}
