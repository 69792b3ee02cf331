// Where uploaded media (room type photos) are kept: files outside the
// database, in `media` of the data folder or HOTEL_MEDIA_DIR, served under
// /media/ by server.ts with a year's caching (a file's name is new for every
// upload, so its bytes never change). Written to a temporary name and renamed,
// so a reader never sees half a file.
import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { defaultDataDir } from "../../db/project-root";

/** The largest photo read, in bytes. */
export const MAX_PHOTO_BYTES = 8 * 1024 * 1024;
/** The most an upload's body may be: the photo and its form fields (server.ts caps upload paths at this). */
export const MAX_UPLOAD_BYTES = MAX_PHOTO_BYTES + 64 * 1024;

/** The URL path files are served under. */
export const MEDIA_URL_PATH = "/media";

export function mediaDir(): string {
  return process.env.HOTEL_MEDIA_DIR ? path.resolve(process.env.HOTEL_MEDIA_DIR) : path.join(defaultDataDir(), "media");
}

/** A key is a relative path of safe segments ("room-types/<id>-800.webp"): never outside the folder. */
function fileOf(key: string): string {
  if (!/^[a-z0-9-]+(\/[a-z0-9-]+)*\.[a-z0-9]+$/.test(key)) throw new Error(`not a media key: ${key}`);
  return path.join(mediaDir(), key);
}

export async function putMedia(key: string, bytes: Uint8Array): Promise<void> {
  const file = fileOf(key);
  await fs.mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${randomUUID()}.part`;
  await fs.writeFile(temporary, bytes);
  await fs.rename(temporary, file);
}

export async function removeMedia(key: string): Promise<void> {
  await fs.rm(fileOf(key), { force: true });
}

export function mediaUrl(key: string): string {
  return `${MEDIA_URL_PATH}/${key}`;
}
