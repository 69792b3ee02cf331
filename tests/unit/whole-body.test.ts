// A write's Request made from a body read whole: every way of reading it
// gives the bytes once, as a Request built from a stream would.
import { describe, expect, it } from "vitest";
import { requestWithWholeBody, wholeRequestBodyOf } from "~/http/whole-body";

const make = (text: string, type = "application/json") =>
  requestWithWholeBody(
    "http://localhost/api/v1/bookings",
    { method: "POST", headers: new Headers({ "content-type": type }) },
    Buffer.from(text),
  );

describe("a Request with its body read whole", () => {
  it("gives its bytes to the JSON reader until something reads the body, then never again", async () => {
    const request = make('{"a":"é"}');
    expect(wholeRequestBodyOf(request)?.toString()).toBe('{"a":"é"}');
    expect(request.bodyUsed).toBe(false);
    expect(await request.json()).toEqual({ a: "é" });
    expect(request.bodyUsed).toBe(true);
    expect(wholeRequestBodyOf(request)).toBeUndefined();
    await expect(request.text()).rejects.toThrow(TypeError);
  });

  it("reads as text, bytes, a stream or a form, as any Request does", async () => {
    expect(await make("plain").text()).toBe("plain");
    expect(Buffer.from(await make("bytes").arrayBuffer()).toString()).toBe("bytes");
    const streamed = make("streamed");
    expect(await new Response(streamed.body).text()).toBe("streamed");
    expect(streamed.bodyUsed).toBe(true);
    expect(wholeRequestBodyOf(streamed)).toBeUndefined();
    const form = await make("scope=everywhere&x=%C3%A9", "application/x-www-form-urlencoded").formData();
    expect([...form]).toEqual([
      ["scope", "everywhere"],
      ["x", "é"],
    ]);
    await expect(make("{not json").json()).rejects.toThrow(SyntaxError);
  });

  it("has no body when none was sent, and a clone reads the same bytes", async () => {
    expect(make("").body).toBeNull();
    const original = make('{"b":1}');
    expect(await original.clone().json()).toEqual({ b: 1 });
    expect(await original.json()).toEqual({ b: 1 });
  });

  it("is not mistaken for one when the Request was made the usual way", () => {
    expect(wholeRequestBodyOf(new Request("http://localhost/", { method: "POST", body: "x" }))).toBeUndefined();
  });
});
