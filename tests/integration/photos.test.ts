// Room type photos (issue 11) through POST/DELETE
// /api/v1/properties/{id}/room-types/{roomTypeId}/photos: an upload is turned
// upright, stripped of its metadata and stored as WebP in the widths it has
// (files outside the database), listed with the room type, shown on the
// guest's search with its alt text in the guest's language, and refused with
// a clear 422 when it is not a usable image; removal deletes the files. The
// files live in the media folder, or in an S3-compatible bucket (a local
// s3rver here), and are served under /media/ either way.
import fs from "node:fs";
import path from "node:path";
import os from "node:os";
import { AwsClient } from "aws4fetch";
import S3rver from "s3rver";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getPool } from "../../db/pool.server";
import { apiAccounts, apiClient, createProperty, type ApiCall, type Fixture } from "../helpers";

let call: ApiCall;
let hotel: Fixture;
let otherHotel: Fixture;
let tokens: Record<string, string> = {};

beforeAll(async () => {
  call = await apiClient();
  hotel = await createProperty({ DBL: { rooms: 1 } });
  otherHotel = await createProperty({ DBL: { rooms: 1 } });
  ({ tokens } = await apiAccounts(call, {
    desk: { role: "front_desk", propertyIds: [hotel.propertyId] },
    manager: { role: "manager", propertyIds: [hotel.propertyId] },
    otherManager: { role: "manager", propertyIds: [otherHotel.propertyId] },
  }));
});

/** A photo as a phone takes it: landscape pixels, stored sideways with an EXIF orientation, and a GPS-ish tag. */
async function phonePhoto(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 40, g: 120, b: 90 } } })
    .jpeg()
    .withExif({ IFD0: { Copyright: "Somewhere 38.7N 9.1W" } })
    .toBuffer();
}

function upload(photo: Buffer, fields: Record<string, string>, who = "manager", roomTypeId?: string) {
  const form = new FormData();
  form.set("photo", new Blob([new Uint8Array(photo)], { type: "image/jpeg" }), "room.jpg");
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  return call(
    "POST",
    `/api/v1/properties/${hotel.propertyId}/room-types/${roomTypeId ?? hotel.roomTypes.DBL.id}/photos`,
    { token: tokens[who], form },
  );
}

const mediaFile = (url: string) => path.join(process.env.HOTEL_MEDIA_DIR!, url.replace(/^\/media\//, ""));

describe("room type photos", () => {
  it("stores WebP variants of the widths the upload has, without its metadata, listed with the type and audited", async () => {
    const added = await upload(await phonePhoto(1300, 900), {
      alt: "Double room with a balcony",
      "alt.ar": "غرفة مزدوجة بشرفة",
    });
    expect(added.status, added.text).toBe(201);
    const photo = added.json.photo;
    expect(photo).toMatchObject({
      roomTypeId: hotel.roomTypes.DBL.id,
      alt: { en: "Double room with a balcony", ar: "غرفة مزدوجة بشرفة" },
      widths: [400, 800, 1200],
      aspect: 0.6923,
    });
    for (const width of photo.widths) {
      const file = mediaFile(photo.urls[String(width)]);
      const meta = await sharp(fs.readFileSync(file)).metadata();
      expect(meta).toMatchObject({ format: "webp", width });
      expect(meta.exif).toBeUndefined();
    }
    expect(photo.src).toBe(photo.urls["800"]);
    const served = await call("GET", photo.src);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("image/webp");

    const listed = await call("GET", `/api/v1/properties/${hotel.propertyId}/room-types`, { token: tokens.manager });
    expect(listed.json.roomTypes[0].photos.map((p: { id: string }) => p.id)).toEqual([photo.id]);
    const { rows } = await getPool().query(
      `SELECT action FROM audit_events WHERE entity_id = $1 AND action = 'room_type.photo_added'`,
      [hotel.roomTypes.DBL.id],
    );
    expect(rows).toHaveLength(1);

    // The guest's search shows it, described in the guest's language.
    const search = (language: string) =>
      call(
        "GET",
        `/?propertyId=${hotel.propertyId}&checkIn=${hotel.day(10)}&checkOut=${hotel.day(11)}&adults=1&lng=${language}`,
        { headers: { "accept-language": language } },
      );
    const english = await search("en");
    expect(english.text).toContain('alt="Double room with a balcony"');
    expect(english.text).toContain(`${photo.urls["400"]} 400w`);
    expect((await search("ar")).text).toContain('alt="غرفة مزدوجة بشرفة"');
    // A language without its own text falls back to English.
    expect((await search("de")).text).toContain('alt="Double room with a balcony"');

    const removed = await call(
      "DELETE",
      `/api/v1/properties/${hotel.propertyId}/room-types/${hotel.roomTypes.DBL.id}/photos/${photo.id}`,
      { token: tokens.manager },
    );
    expect(removed.status, removed.text).toBe(200);
    for (const width of photo.widths) expect(fs.existsSync(mediaFile(photo.urls[String(width)]))).toBe(false);
    expect((await search("en")).text).not.toContain("Double room with a balcony");
  });

  it("refuses what is not a usable photo, or has no English alt text, with a 422 naming the field", async () => {
    const notImage = await upload(Buffer.from("GIF89a but really just text"), { alt: "Text" });
    expect(notImage.status).toBe(422);
    expect(notImage.json.code).toBe("invalid_photo");
    expect(notImage.json.errors[0].field).toBe("photo");
    const narrow = await upload(await phonePhoto(200, 150), { alt: "Tiny" });
    expect(narrow.status).toBe(422);
    expect(narrow.json.code).toBe("invalid_photo");
    const noAlt = await upload(await phonePhoto(800, 600), { "alt.de": "Nur Deutsch" });
    expect(noAlt.status).toBe(422);
    expect(noAlt.json.errors[0].field).toBe("alt.en");
    const noPhoto = await call(
      "POST",
      `/api/v1/properties/${hotel.propertyId}/room-types/${hotel.roomTypes.DBL.id}/photos`,
      {
        token: tokens.manager,
        form: (() => {
          const form = new FormData();
          form.set("alt", "Nothing");
          return form;
        })(),
      },
    );
    expect(noPhoto.status).toBe(422);
    expect(noPhoto.json.errors[0].field).toBe("photo");
    const asJson = await call(
      "POST",
      `/api/v1/properties/${hotel.propertyId}/room-types/${hotel.roomTypes.DBL.id}/photos`,
      {
        token: tokens.manager,
        body: { photo: "data:image/png;base64,AAAA" },
      },
    );
    expect(asJson.status).toBe(415);
    const { rows } = await getPool().query(`SELECT count(*)::int AS n FROM room_type_photos WHERE room_type_id = $1`, [
      hotel.roomTypes.DBL.id,
    ]);
    expect(rows[0].n).toBe(0);
  });

  it("is for managers of the property: 403 to the desk, 404 elsewhere", async () => {
    const photo = await phonePhoto(800, 600);
    expect((await upload(photo, { alt: "Room" }, "desk")).status).toBe(403);
    expect((await upload(photo, { alt: "Room" }, "otherManager")).status).toBe(404);
    expect((await upload(photo, { alt: "Room" }, "manager", otherHotel.roomTypes.DBL.id)).status).toBe(404);
    expect((await upload(photo, { alt: "Room" }, "manager", "not-a-type")).status).toBe(404);
    const missing = await call(
      "DELETE",
      `/api/v1/properties/${hotel.propertyId}/room-types/${hotel.roomTypes.DBL.id}/photos/${hotel.propertyId}`,
      { token: tokens.manager },
    );
    expect(missing.status).toBe(404);
  });
});

describe("photos in an S3-compatible bucket", () => {
  let server: S3rver;
  let bucket: string;
  const aws = new AwsClient({ accessKeyId: "S3RVER", secretAccessKey: "S3RVER", service: "s3", region: "us-east-1" });

  beforeAll(async () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "hotel-s3-"));
    server = new S3rver({
      port: 0,
      address: "127.0.0.1",
      silent: true,
      directory,
      configureBuckets: [{ name: "photos" }],
    });
    const { port } = await server.run();
    bucket = `http://127.0.0.1:${port}/photos`;
    Object.assign(process.env, {
      HOTEL_MEDIA_S3_URL: bucket,
      HOTEL_MEDIA_S3_ACCESS_KEY_ID: "S3RVER",
      HOTEL_MEDIA_S3_SECRET_ACCESS_KEY: "S3RVER",
    });
  });

  afterAll(async () => {
    delete process.env.HOTEL_MEDIA_S3_URL;
    delete process.env.HOTEL_MEDIA_S3_ACCESS_KEY_ID;
    delete process.env.HOTEL_MEDIA_S3_SECRET_ACCESS_KEY;
    await server.close();
  });

  it("stores the variants as objects of the bucket, serves them under /media/, and deletes them", async () => {
    const added = await upload(await phonePhoto(900, 600), { alt: "Twin room" });
    expect(added.status, added.text).toBe(201);
    const photo = added.json.photo;
    expect(photo.widths).toEqual([400, 800]);
    for (const width of photo.widths) {
      const key = photo.urls[String(width)].replace(/^\/media\//, "");
      const object = await aws.fetch(`${bucket}/${key}`);
      expect(object.status).toBe(200);
      expect((await sharp(Buffer.from(await object.arrayBuffer())).metadata()).width).toBe(width);
      // Not in the folder.
      expect(fs.existsSync(mediaFile(photo.urls[String(width)]))).toBe(false);
    }
    const served = await call("GET", photo.src);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("image/webp");
    expect(served.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");

    const removed = await call(
      "DELETE",
      `/api/v1/properties/${hotel.propertyId}/room-types/${hotel.roomTypes.DBL.id}/photos/${photo.id}`,
      { token: tokens.manager },
    );
    expect(removed.status, removed.text).toBe(200);
    expect((await aws.fetch(`${bucket}/${photo.urls["400"].replace(/^\/media\//, "")}`)).status).toBe(404);
    expect((await call("GET", photo.src)).status).toBe(404);
  });
});

describe("GET /media/", () => {
  it("answers 404 for anything that is not a stored file, never a path outside the folder", async () => {
    for (const url of [
      "/media/room-types/nothing-400.webp",
      "/media/../package.json",
      "/media/%2e%2e/%2e%2e/package.json",
      "/media/room-types/",
      "/media/ROOM/x.webp",
    ]) {
      expect((await call("GET", url)).status, url).toBe(404);
    }
  });
});
