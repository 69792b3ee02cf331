// Room type photos (issue 11): a manager uploads one with what it shows in
// the hotel's languages; the server checks it is an image it can read,
// turns it upright, drops its metadata (a phone's EXIF may carry where it was
// taken) and stores WebP variants of a few widths for responsive images, by
// sharp (libvips). The files live outside the database (app/media); the row
// says which widths exist, the aspect ratio and the alt text. Audited.
import { randomUUID } from "node:crypto";
import sharp, { type Sharp } from "sharp";
import { currentTxid } from "./booking.server";
import type { ShownPhoto } from "./room-details";
import { audit } from "./setup.server";
import { DomainError } from "~/domain/errors";
import { MAX_PHOTO_BYTES, mediaUrl, putMedia, removeMedia } from "~/media/store.server";
import { getPool, withSerializableTx, type Actor } from "../../db/pool.server";

/** The widths stored, in pixels: a phone, a column, a wide screen. */
export const PHOTO_WIDTHS = [400, 800, 1200, 1600] as const;
/** The narrowest photo worth showing a guest. */
const MIN_WIDTH = 320;

export type Photo = {
  id: string;
  roomTypeId: string;
  alt: Partial<Record<string, string>>;
  widths: number[];
  /** Height / width. */
  aspect: number;
  sortOrder: number;
  /** The URL of each width, and of the one to use without srcset. */
  urls: Record<string, string>;
  src: string;
};

const keyOf = (photoId: string, width: number) => `room-types/${photoId}-${width}.webp`;

function withUrls(row: Omit<Photo, "urls" | "src">): Photo {
  const urls = Object.fromEntries(row.widths.map((width) => [String(width), mediaUrl(keyOf(row.id, width))]));
  const middle = row.widths.find((width) => width >= 800) ?? row.widths[row.widths.length - 1];
  return { ...row, aspect: Number(row.aspect), urls, src: urls[String(middle)] };
}

const PHOTO_JSON = `json_build_object('id', ph.id, 'roomTypeId', ph.room_type_id, 'alt', ph.alt, 'widths', ph.widths,
  'aspect', ph.aspect, 'sortOrder', ph.sort_order)`;

/** Every photo of the property's room types, by type and order. */
export async function photosOfProperty(propertyId: string): Promise<Map<string, Photo[]>> {
  const { rows } = await getPool().query<{ photo: Omit<Photo, "urls" | "src"> }>(
    `SELECT ${PHOTO_JSON} AS photo FROM room_type_photos ph JOIN room_types rt ON rt.id = ph.room_type_id
      WHERE rt.property_id = $1 ORDER BY ph.room_type_id, ph.sort_order, ph.created_at`,
    [propertyId],
  );
  const byType = new Map<string, Photo[]>();
  for (const { photo } of rows) {
    const list = byType.get(photo.roomTypeId) ?? [];
    list.push(withUrls(photo));
    byType.set(photo.roomTypeId, list);
  }
  return byType;
}

/** A photo as a page shows it, its alt text in the reader's language (else English). */
export function shownPhoto(photo: Photo | undefined, language: string): ShownPhoto | null {
  if (!photo) return null;
  return {
    src: photo.src,
    srcSet: photo.widths.map((width) => `${photo.urls[String(width)]} ${width}w`).join(", "),
    alt: photo.alt[language] ?? photo.alt.en ?? "",
    aspect: photo.aspect,
  };
}

/** Reads, checks and resizes an upload; 422 invalid_photo (field photo) for anything that is not a usable image. */
async function variantsOf(bytes: Uint8Array): Promise<{ widths: number[]; aspect: number; files: Buffer[] }> {
  const refuse = (why: string) => new DomainError("invalid_photo", why, { field: "photo" });
  if (bytes.byteLength > MAX_PHOTO_BYTES) throw refuse("The photo is larger than 8 MB.");
  let upright: Sharp;
  let width: number;
  let height: number;
  try {
    // At most 40 megapixels decoded: a small file that unpacks to a huge image is refused, not decoded.
    const image = sharp(bytes, { limitInputPixels: 40_000_000, failOn: "error" });
    const meta = await image.metadata();
    if (!meta.format || !["jpeg", "png", "webp", "avif", "heif"].includes(meta.format)) {
      throw refuse("Send a JPEG, PNG, WebP or AVIF photo.");
    }
    upright = image.rotate();
    const turned = (meta.orientation ?? 1) >= 5;
    width = (turned ? meta.height : meta.width) ?? 0;
    height = (turned ? meta.width : meta.height) ?? 0;
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw refuse("This file is not an image we can read.");
  }
  if (width < MIN_WIDTH) throw refuse(`The photo must be at least ${MIN_WIDTH} pixels wide.`);
  const widths = PHOTO_WIDTHS.filter((w) => w <= width);
  if (widths.length === 0) widths.push(width as (typeof PHOTO_WIDTHS)[number]);
  try {
    const files = await Promise.all(
      widths.map((w) => upright.clone().resize({ width: w }).webp({ quality: 80 }).toBuffer()),
    );
    return { widths, aspect: Math.round((height / width) * 10_000) / 10_000, files };
  } catch {
    throw refuse("This file is not an image we can read.");
  }
}

/**
 * Checks, resizes and stores a photo's files under a new id; the caller then
 * writes its row (and removes the files, `keys`, should that fail). The files
 * come first so that a row never names a file that is not there.
 */
export async function storePhotoFiles(
  bytes: Uint8Array,
): Promise<{ id: string; widths: number[]; aspect: number; keys: string[] }> {
  const { widths, aspect, files } = await variantsOf(bytes);
  const id = randomUUID();
  const keys = widths.map((width) => keyOf(id, width));
  await Promise.all(keys.map((key, i) => putMedia(key, files[i], "image/webp")));
  return { id, widths, aspect, keys };
}

export async function addPhoto(
  propertyId: string,
  roomTypeId: string,
  upload: { bytes: Uint8Array; alt: Partial<Record<string, string>> },
  actor: Actor,
): Promise<{ photo: Photo; txid: string }> {
  const { rowCount } = await getPool().query(`SELECT 1 FROM room_types WHERE id = $1 AND property_id = $2`, [
    roomTypeId,
    propertyId,
  ]);
  if (!rowCount) throw new DomainError("not_found", "No such room type at this property.", {});
  const { id, widths, aspect, keys } = await storePhotoFiles(upload.bytes);
  try {
    return await withSerializableTx({ actor, label: "setup" }, async (tx) => {
      const { rows } = await tx.query<{ photo: Omit<Photo, "urls" | "src"> }>(
        `INSERT INTO room_type_photos AS ph (id, room_type_id, alt, widths, aspect, sort_order)
         SELECT $1, $2, $3, $4, $5, coalesce(max(sort_order) + 1, 0) FROM room_type_photos WHERE room_type_id = $2
         RETURNING ${PHOTO_JSON} AS photo`,
        [id, roomTypeId, JSON.stringify(upload.alt), widths, aspect],
      );
      const photo = withUrls(rows[0].photo);
      await audit(tx, {
        action: "room_type.photo_added",
        entityType: "room_type",
        entityId: roomTypeId,
        propertyId,
        changes: { photoId: id, alt: upload.alt, widths },
      });
      return { photo, txid: await currentTxid(tx) };
    });
  } catch (error) {
    await Promise.all(keys.map((key) => removeMedia(key)));
    throw error;
  }
}

export async function removePhoto(
  propertyId: string,
  roomTypeId: string,
  photoId: string,
  actor: Actor,
): Promise<{ txid: string }> {
  const result = await withSerializableTx({ actor, label: "setup" }, async (tx) => {
    const { rows } = await tx.query<{ widths: number[] }>(
      `DELETE FROM room_type_photos ph USING room_types rt
        WHERE ph.id = $3 AND ph.room_type_id = $2 AND rt.id = ph.room_type_id AND rt.property_id = $1
       RETURNING ph.widths`,
      [propertyId, roomTypeId, photoId],
    );
    if (!rows[0]) throw new DomainError("not_found", "No such photo of this room type.", {});
    await audit(tx, {
      action: "room_type.photo_removed",
      entityType: "room_type",
      entityId: roomTypeId,
      propertyId,
      changes: { photoId },
    });
    return { widths: rows[0].widths, txid: await currentTxid(tx) };
  });
  // After the commit: a photo still named by a row is never missing its files.
  await Promise.all(result.widths.map((width) => removeMedia(keyOf(photoId, width))));
  return { txid: result.txid };
}
