// Where uploaded media (room type photos) are kept: files outside the
// database, in `media` of the data folder (HOTEL_MEDIA_DIR), or in an
// S3-compatible bucket when HOTEL_MEDIA_S3_URL names one (path style:
// https://host/bucket; signed with HOTEL_MEDIA_S3_ACCESS_KEY_ID and
// HOTEL_MEDIA_S3_SECRET_ACCESS_KEY by aws4fetch). Either way they are served
// under /media/ (app/routes/media.$.ts) with a year's caching: a file's name
// is new for every upload, so its bytes never change. In the folder a file is
// written to a temporary name and renamed, so a reader never sees half of it.
import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { AwsClient } from "aws4fetch";
import { defaultDataDir } from "../../db/project-root";

/** The largest photo read, in bytes. */
export const MAX_PHOTO_BYTES = 8 * 1024 * 1024;
/** The most an upload's body may be: the photo and its form fields (server.ts caps upload paths at this). */
export const MAX_UPLOAD_BYTES = MAX_PHOTO_BYTES + 64 * 1024;

/** The URL path files are served under. */
export const MEDIA_URL_PATH = "/media";

export type MediaFile = { bytes: Uint8Array; contentType: string };

type MediaStore = {
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  remove(key: string): Promise<void>;
  get(key: string): Promise<MediaFile | undefined>;
};

const TYPES: Record<string, string> = { webp: "image/webp" };

/** A key is a relative path of safe segments ("room-types/<id>-800.webp"): never outside the folder or bucket. */
export function isMediaKey(key: string): boolean {
  return /^[a-z0-9-]+(\/[a-z0-9-]+)*\.[a-z0-9]+$/.test(key) && key.length <= 200;
}

function checked(key: string): string {
  if (!isMediaKey(key)) throw new Error(`not a media key: ${key}`);
  return key;
}

export function mediaDir(): string {
  return process.env.HOTEL_MEDIA_DIR ? path.resolve(process.env.HOTEL_MEDIA_DIR) : path.join(defaultDataDir(), "media");
}

function folderStore(dir: string): MediaStore {
  return {
    async put(key, bytes) {
      const file = path.join(dir, checked(key));
      await fs.mkdir(path.dirname(file), { recursive: true });
      const temporary = `${file}.${randomUUID()}.part`;
      await fs.writeFile(temporary, bytes);
      await fs.rename(temporary, file);
    },
    async remove(key) {
      await fs.rm(path.join(dir, checked(key)), { force: true });
    },
    async get(key) {
      try {
        const bytes = await fs.readFile(path.join(dir, checked(key)));
        return { bytes, contentType: TYPES[path.extname(key).slice(1)] ?? "application/octet-stream" };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
        throw error;
      }
    },
  };
}

function bucketStore(bucketUrl: string, credentials: { accessKeyId: string; secretAccessKey: string }): MediaStore {
  const client = new AwsClient({
    ...credentials,
    service: "s3",
    region: process.env.HOTEL_MEDIA_S3_REGION ?? "us-east-1",
  });
  const objectUrl = (key: string) => `${bucketUrl.replace(/\/+$/, "")}/${checked(key)}`;
  const failed = async (what: string, response: Response) => {
    throw new Error(`media bucket: ${what} answered ${response.status} ${(await response.text()).slice(0, 200)}`);
  };
  return {
    async put(key, bytes, contentType) {
      const response = await client.fetch(objectUrl(key), {
        method: "PUT",
        body: new Uint8Array(bytes),
        headers: { "content-type": contentType },
      });
      if (!response.ok) await failed(`PUT ${key}`, response);
    },
    async remove(key) {
      const response = await client.fetch(objectUrl(key), { method: "DELETE" });
      if (!response.ok && response.status !== 404) await failed(`DELETE ${key}`, response);
    },
    async get(key) {
      const response = await client.fetch(objectUrl(key));
      if (response.status === 404) return undefined;
      if (!response.ok) await failed(`GET ${key}`, response);
      return {
        bytes: new Uint8Array(await response.arrayBuffer()),
        contentType: response.headers.get("content-type") ?? "application/octet-stream",
      };
    },
  };
}

let current: { config: string; store: MediaStore } | undefined;

/** The store the environment names (read each time, so a test or an operator can change it). */
function store(): MediaStore {
  const bucket = process.env.HOTEL_MEDIA_S3_URL;
  const config = bucket ? `s3:${bucket}:${process.env.HOTEL_MEDIA_S3_ACCESS_KEY_ID}` : `dir:${mediaDir()}`;
  if (current?.config !== config) {
    current = {
      config,
      store: bucket
        ? bucketStore(bucket, {
            accessKeyId: process.env.HOTEL_MEDIA_S3_ACCESS_KEY_ID ?? "",
            secretAccessKey: process.env.HOTEL_MEDIA_S3_SECRET_ACCESS_KEY ?? "",
          })
        : folderStore(mediaDir()),
    };
  }
  return current.store;
}

export const putMedia = (key: string, bytes: Uint8Array, contentType: string) => store().put(key, bytes, contentType);
export const removeMedia = (key: string) => store().remove(key);
export const readMedia = (key: string) => store().get(key);

export function mediaUrl(key: string): string {
  return `${MEDIA_URL_PATH}/${key}`;
}
