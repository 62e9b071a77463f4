import * as v from "valibot";

/**
 * Runtime configuration from the environment, read once per container. Valibot rather than zod:
 * this runs in every Lambda's cold start, and zod would multiply each bundle's size.
 */
const text = (fallback: string) => v.optional(v.pipe(v.string(), v.minLength(1)), fallback);
const url = v.optional(v.pipe(v.string(), v.url("must be a URL")));
const int = (fallback: number, min = 0) =>
  v.optional(v.pipe(v.string(), v.regex(/^\d+$/, "must be a whole number"), v.transform(Number), v.minValue(min)), String(fallback));

const schema = v.object({
  STAGE: text("local"),
  AWS_REGION: text("us-east-1"),
  TABLE_NAME: v.pipe(v.string(), v.minLength(1, "is required")),
  DYNAMODB_ENDPOINT: url,
  SQS_ENDPOINT: url,
  EVENT_BUS_NAME: text("default"),
  EVENTS_BACKEND: v.optional(v.picklist(["aws", "local"], 'must be "aws" or "local"'), "aws"),
  SECRETS_BACKEND: v.optional(v.picklist(["aws", "file"], 'must be "aws" or "file"'), "aws"),
  SECRETS_DIR: v.optional(v.string()),
  ARCHIVE_BACKEND: v.optional(v.picklist(["aws", "file"], 'must be "aws" or "file"'), "aws"),
  /** The raw sync archive: an S3 bucket in AWS, a folder locally. */
  ARCHIVE_BUCKET: v.optional(v.string()),
  ARCHIVE_DIR: v.optional(v.string()),
  TENANT_CLAIM: text("tenant"),
  /** The scope that makes a token a back-office service's, which may name the acting user (auth/acting-user.ts). */
  ACTING_USER_SCOPE: text("switchboard/act-as-user"),
  READ_WAIT_BUDGET_MS: int(10_000),
  WRITE_WAIT_BUDGET_MS: int(10_000),
  CONSUMER_WAIT_BUDGET_MS: int(60_000),
  VENDOR_TIMEOUT_MS: int(10_000, 1),
  VENDOR_MAX_ATTEMPTS: int(3, 1),
  /** Time a sync unit keeps for archiving and publishing after its last vendor call. */
  SYNC_UNIT_RESERVE_MS: int(10_000),
  IDEMPOTENCY_TTL_SECONDS: int(86_400, 1),
  JOB_TTL_SECONDS: int(30 * 86_400, 1),
  CONNECTION_CACHE_MS: int(30_000),
  /** How long an inbox receipt has to publish what it stored before a drain takes its delivery over (inbox/inbox.ts). */
  INBOX_CLAIM_MS: int(60_000, 1),
  SECRET_CACHE_SECONDS: int(300),
  /** A file answer larger than this goes by download link: a Lambda response is at most 6 MB, base64 included. */
  INLINE_RESPONSE_MAX_BYTES: int(4 * 1024 * 1024, 1),
  /** How long a download link works (downloads.ts). */
  DOWNLOAD_LINK_SECONDS: int(900, 1),
  /** Locally: the API's URL, which serves the download links (set by the local stack once it listens). */
  DOWNLOAD_BASE_URL: url,
});

export type RuntimeConfig = v.InferOutput<typeof schema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): RuntimeConfig {
  const parsed = v.safeParse(schema, env);
  if (!parsed.success) {
    const fields = parsed.issues
      .map((i) => `${i.path?.map((p) => String(p.key)).join(".")}: ${i.received === "undefined" ? "is required" : i.message}`)
      .join("; ");
    throw new Error(`Invalid Switchboard configuration: ${fields}`);
  }
  return parsed.output;
}
