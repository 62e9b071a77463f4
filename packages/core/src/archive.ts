import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { lazySdk } from "./aws";
import { ConfigurationError } from "./errors";

/**
 * Where raw sync responses are kept: the stage's S3 bucket, or a folder locally. Keys are the
 * same in both (`raw/{vendor}/{connectionId}/{dataset}/{YYYY-MM-DD}.json`), so a local run looks
 * like the deployed one. A sync unit too long for one invocation also keeps its progress here,
 * under `partial/`, until it completes.
 */
export interface Archive {
  put(key: string, body: string): Promise<ArchiveRef>;
  /** The object's body, or undefined when there is none. */
  get(key: string): Promise<string | undefined>;
  delete(key: string): Promise<void>;
}

export interface ArchiveRef {
  location: string;
  key: string;
}

export class S3Archive implements Archive {
  /** The S3 SDK loads on first use: only sync units and the inbox archive. */
  private readonly s3 = lazySdk(() => import("@aws-sdk/client-s3"), (sdk) => new sdk.S3Client({}));

  constructor(private readonly bucket: string | undefined) {}

  async put(key: string, body: string): Promise<ArchiveRef> {
    const bucket = this.requireBucket();
    const { sdk, client } = await this.s3();
    // No ServerSideEncryption here: the bucket's default (SSE-KMS with the stage key) applies; an
    // explicit AES256 would store the object under S3's own key instead.
    await client.send(new sdk.PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: "application/json" }));
    return { location: `s3://${bucket}/${key}`, key };
  }

  async get(key: string): Promise<string | undefined> {
    const { sdk, client } = await this.s3();
    try {
      const out = await client.send(new sdk.GetObjectCommand({ Bucket: this.requireBucket(), Key: key }));
      return await out.Body?.transformToString("utf8");
    } catch (err) {
      if (err instanceof sdk.NoSuchKey) return undefined;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    const { sdk, client } = await this.s3();
    await client.send(new sdk.DeleteObjectCommand({ Bucket: this.requireBucket(), Key: key }));
  }

  private requireBucket(): string {
    if (!this.bucket) throw new ConfigurationError("ARCHIVE_BUCKET is not set: no place to archive sync responses");
    return this.bucket;
  }
}

export class FileArchive implements Archive {
  private readonly root: string;

  constructor(dir: string) {
    this.root = resolve(dir);
  }

  async put(key: string, body: string): Promise<ArchiveRef> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    await writeFile(path, body, { mode: 0o600 });
    return { location: `file://${path}`, key };
  }

  async get(key: string): Promise<string | undefined> {
    try {
      return await readFile(this.pathOf(key), "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  private pathOf(key: string): string {
    const path = resolve(this.root, key);
    if (!path.startsWith(`${this.root}/`)) throw new Error(`archive key escapes the archive: ${key}`);
    return path;
  }
}
