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
// whole before its route runs. The Request it hands over makes no stream of
// those bytes unless someone asks for one: json(), text(), arrayBuffer() and
// the API's JSON reader (wholeRequestBodyOf) take the bytes directly.
const WHOLE = Symbol.for("hotel.http.whole-request-body");
type Whole = { [WHOLE]?: () => Buffer | undefined };

class WholeBodyRequest extends Request {
  readonly #bytes: Buffer;
  #read = false;
  #stream?: Response;

  constructor(url: string, init: { method: string; headers: Headers }, bytes: Buffer) {
    super(url, init);
    this.#bytes = bytes;
    (this as Whole)[WHOLE] = () => (this.bodyUsed ? undefined : this.#bytes);
  }

  /** The bytes as a Response's body, for what only a stream can give (body, formData, blob). */
  #asResponse(): Response {
    if (!this.#stream) {
      const type = this.headers.get("content-type");
      this.#stream = new Response(this.#bytes.byteLength ? (this.#bytes as Uint8Array<ArrayBuffer>) : null, {
        headers: type ? { "content-type": type } : {},
      });
    }
    return this.#stream;
  }

  #take(): Buffer {
    if (this.bodyUsed) throw new TypeError("Body is unusable: Body has already been read");
    this.#read = true;
    return this.#bytes;
  }

  override get body(): ReadableStream<Uint8Array<ArrayBuffer>> | null {
    return this.#bytes.byteLength ? this.#asResponse().body : null;
  }
  override get bodyUsed(): boolean {
    return this.#read || (this.#stream?.bodyUsed ?? false);
  }
  override async text(): Promise<string> {
    return this.#take().toString("utf8");
  }
  override async json(): Promise<unknown> {
    return JSON.parse(await this.text()) as unknown;
  }
  override async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = this.#take();
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }
  override formData(): Promise<FormData> {
    return this.#asResponse().formData();
  }
  override blob(): Promise<Blob> {
    return this.#asResponse().blob();
  }
  override clone(): Request {
    if (this.bodyUsed) throw new TypeError("Body is unusable: Body has already been read");
    return new WholeBodyRequest(this.url, { method: this.method, headers: new Headers(this.headers) }, this.#bytes);
  }
}

/** A Request carrying `bytes`, the whole body already read. */
export function requestWithWholeBody(url: string, init: { method: string; headers: Headers }, bytes: Buffer): Request {
  return new WholeBodyRequest(url, init, bytes);
}

/** The bytes a Request was made with by requestWithWholeBody, while nothing has read its body. */
export function wholeRequestBodyOf(request: Request): Buffer | undefined {
  return (request as Whole)[WHOLE]?.();
}
