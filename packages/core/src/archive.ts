import { mkdir, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { ConfigurationError } from "./errors";

/**
 * Where raw sync responses are kept: the stage's S3 bucket, or a folder locally. Keys are the
 * same in both (`raw/{vendor}/{connectionId}/{dataset}/{YYYY-MM-DD}.json`), so a local run looks
 * like the deployed one.
 */
export interface Archive {
  put(key: string, body: string): Promise<ArchiveRef>;
}

export interface ArchiveRef {
  location: string;
  key: string;
}

export class S3Archive implements Archive {
  constructor(
    private readonly bucket: string | undefined,
    private readonly client = new S3Client({}),
  ) {}

  async put(key: string, body: string): Promise<ArchiveRef> {
    if (!this.bucket) throw new ConfigurationError("ARCHIVE_BUCKET is not set: no place to archive sync responses");
    await this.client.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: "application/json", ServerSideEncryption: "AES256" }),
    );
    return { location: `s3://${this.bucket}/${key}`, key };
  }
}

export class FileArchive implements Archive {
  private readonly root: string;

  constructor(dir: string) {
    this.root = resolve(dir);
  }

  async put(key: string, body: string): Promise<ArchiveRef> {
    const path = resolve(this.root, key);
    if (!path.startsWith(`${this.root}/`)) throw new Error(`archive key escapes the archive: ${key}`);
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    await writeFile(path, body, { mode: 0o600 });
    return { location: `file://${path}`, key };
  }
}
