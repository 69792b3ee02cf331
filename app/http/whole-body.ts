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
