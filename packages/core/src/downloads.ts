import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { lazySdk } from "./aws";
import { ConfigurationError } from "./errors";

/**
 * Files we hand to callers by link rather than in a response (a vendor report larger than a Lambda
 * response may be, or one a job fetched): stored in the archive under `downloads/{vendor}/...`,
 * fetched with a short-lived URL. In AWS that is an S3 presigned GET (the bucket's lifecycle
 * removes the objects after a day); locally the file sits in the archive folder and the local
 * stack serves `GET /local/downloads/{token}`, the token signed like a presigned URL (key and
 * expiry under an HMAC only this archive knows).
 */
export interface StoredFile {
  bytes: Uint8Array;
  contentType: string;
  fileName?: string;
}

export interface DownloadStore {
  put(key: string, file: StoredFile): Promise<void>;
  /** A URL that fetches the file until `expiresAt`. */
  link(key: string, expiresInSeconds: number, file: Omit<StoredFile, "bytes">): Promise<{ url: string; expiresAt: string }>;
}

/** A Content-Disposition that offers the file for download under a safe version of its name. */
export const contentDisposition = (fileName: string | undefined) =>
  fileName ? `attachment; filename="${fileName.replace(/[^A-Za-z0-9._-]/g, "_")}"` : "attachment";

export class S3Downloads implements DownloadStore {
  private readonly s3 = lazySdk(() => import("@aws-sdk/client-s3"), (sdk) => new sdk.S3Client({}));

  constructor(private readonly bucket: string | undefined) {}

  async put(key: string, file: StoredFile): Promise<void> {
    const { sdk, client } = await this.s3();
    // Encrypted by the bucket's default (SSE-KMS under the stage key), like every archive object.
    await client.send(new sdk.PutObjectCommand({ Bucket: this.requireBucket(), Key: key, Body: file.bytes, ContentType: file.contentType, ContentDisposition: contentDisposition(file.fileName) }));
  }

  async link(key: string, expiresInSeconds: number, file: Omit<StoredFile, "bytes">): Promise<{ url: string; expiresAt: string }> {
    const [{ sdk, client }, { getSignedUrl }] = await Promise.all([this.s3(), import("@aws-sdk/s3-request-presigner")]);
    const command = new sdk.GetObjectCommand({ Bucket: this.requireBucket(), Key: key, ResponseContentType: file.contentType, ResponseContentDisposition: contentDisposition(file.fileName) });
    const url = await getSignedUrl(client, command, { expiresIn: expiresInSeconds });
    return { url, expiresAt: new Date(Date.now() + expiresInSeconds * 1000).toISOString() };
  }

  private requireBucket(): string {
    if (!this.bucket) throw new ConfigurationError("ARCHIVE_BUCKET is not set: no place to keep downloads");
    return this.bucket;
  }
}

interface LinkClaims {
  key: string;
  exp: number;
}

export class FileDownloads implements DownloadStore {
  private readonly root: string;
  private secret: Promise<Buffer> | undefined;

  /** `baseUrl` is read when a link is made: the local stack's API URL is known only once it listens. */
  constructor(dir: string, private readonly baseUrl: () => string | undefined) {
    this.root = resolve(dir);
  }

  async put(key: string, file: StoredFile): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    await writeFile(path, file.bytes, { mode: 0o600 });
    await writeFile(`${path}.meta.json`, JSON.stringify({ contentType: file.contentType, fileName: file.fileName }), { mode: 0o600 });
  }

  async link(key: string, expiresInSeconds: number): Promise<{ url: string; expiresAt: string }> {
    const base = this.baseUrl();
    if (!base) throw new ConfigurationError("No download base URL: the local stack sets it once its API listens");
    const exp = Math.floor(Date.now() / 1000) + expiresInSeconds;
    const claims = Buffer.from(JSON.stringify({ key, exp } satisfies LinkClaims)).toString("base64url");
    const token = `${claims}.${(await this.sign(claims)).toString("base64url")}`;
    return { url: `${base.replace(/\/$/, "")}/local/downloads/${token}`, expiresAt: new Date(exp * 1000).toISOString() };
  }

  /** The file a link's token names, if the token is ours and unexpired. */
  async open(token: string, now = Date.now()): Promise<StoredFile | undefined> {
    const [claims, signature] = token.split(".");
    if (!claims || !signature) return undefined;
    const expected = await this.sign(claims);
    const given = Buffer.from(signature, "base64url");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    const { key, exp } = JSON.parse(Buffer.from(claims, "base64url").toString("utf8")) as LinkClaims;
    if (exp * 1000 < now) return undefined;
    try {
      const path = this.pathOf(key);
      const meta = JSON.parse(await readFile(`${path}.meta.json`, "utf8")) as Omit<StoredFile, "bytes">;
      return { ...meta, bytes: await readFile(path) };
    } catch {
      return undefined;
    }
  }

  private async sign(claims: string): Promise<Buffer> {
    const secret = await (this.secret ??= this.loadSecret());
    return createHmac("sha256", secret).update(claims).digest();
  }

  /** The signing key lives beside the files (0600), made on first use. */
  private async loadSecret(): Promise<Buffer> {
    const path = resolve(this.root, ".download-link-key");
    try {
      return Buffer.from(await readFile(path, "utf8"), "base64");
    } catch {
      const key = randomBytes(32);
      await mkdir(this.root, { recursive: true, mode: 0o700 });
      await writeFile(path, key.toString("base64"), { mode: 0o600, flag: "wx" }).catch(() => undefined);
      return Buffer.from(await readFile(path, "utf8"), "base64");
    }
  }

  private pathOf(key: string): string {
    const path = resolve(this.root, key);
    if (!path.startsWith(`${this.root}/`)) throw new Error(`download key escapes the archive: ${key}`);
    return path;
  }
}
