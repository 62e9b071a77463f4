import { RemovalPolicy } from "aws-cdk-lib";
import { z } from "zod";

/**
 * Per-stage settings read from the deployer's environment at synth time. Production must name its
 * identity provider explicitly; other stages fall back to values that fail closed (no token from
 * the placeholder issuer ever validates) so a forgotten variable never opens an API.
 */
export interface StageConfig {
  jwt: { issuer: string; audience: string[] };
  /** Browser origins allowed by CORS; none (`SWITCHBOARD_CORS_ORIGINS=`) turns CORS off — the apps do not need it. */
  corsOrigins: string[];
  /** The JWT claim naming the caller's tenant, passed to the functions as TENANT_CLAIM. */
  tenantClaim: string;
  /** The token scope of back-office services, which may name the acting user (ACTING_USER_SCOPE). */
  actingUserScope: string;
  /** The API's default route throttling: steady requests per second and burst, over all callers. */
  throttle: { rate: number; burst: number };
  /**
   * Vendor-calling functions in private subnets behind NAT gateways with Elastic IPs, for vendors
   * that allowlist caller IPs. Off by default: it costs NAT gateway hours (docs/deploy.md).
   */
  vpcEgress: boolean;
  /**
   * Replicate the archive bucket to this bucket (another region), re-encrypting with this key
   * there. Off by default: see docs/deploy.md for why.
   */
  archiveReplica?: { bucketArn: string; keyArn: string };
}

/** Stages that hold real data: they keep their data on removal and must configure their IdP. */
export const isProductionStage = (stage: string) => stage === "prod";

/** Production keeps data (and logs) when a stack or stage is removed; other stages clean up after themselves. */
export const removalPolicyFor = (stage: string) => (isProductionStage(stage) ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY);

const NON_PRODUCTION_DEFAULTS = {
  SWITCHBOARD_JWT_ISSUER: "https://issuer.invalid/",
  SWITCHBOARD_JWT_AUDIENCE: "switchboard",
  SWITCHBOARD_CORS_ORIGINS: "http://localhost:3000",
} as const;

const list = (value: string) =>
  value
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);

const origin = z
  .string()
  .regex(/^https?:\/\/[^/\s*]+$/, "must be a scheme and host (and optional port) without a path, e.g. https://app.example.com");

// An empty variable (`NAME=` in a .env file) means the default, as for the CORS origins.
const optional = <T extends z.ZodTypeAny>(schema: T) => z.preprocess((value) => (value === "" ? undefined : value), schema);
const positiveInt = (fallback: number) => optional(z.coerce.number().int().positive().default(fallback));
const flag = optional(z.enum(["true", "false"]).default("false")).transform((value) => value === "true");
const arn = (pattern: RegExp, message: string) => optional(z.string().regex(pattern, message).optional());

const schema = z.object({
  // API Gateway fetches `${issuer}/.well-known/openid-configuration`, which it only does over HTTPS.
  SWITCHBOARD_JWT_ISSUER: z.string().url().startsWith("https://", "must be an https:// URL"),
  SWITCHBOARD_JWT_AUDIENCE: z.string().transform(list).pipe(z.array(z.string()).min(1, "needs at least one audience")),
  SWITCHBOARD_CORS_ORIGINS: z.string().default("").transform(list).pipe(z.array(origin)),
  SWITCHBOARD_TENANT_CLAIM: z.string().min(1).default("tenant"),
  SWITCHBOARD_ACTING_USER_SCOPE: z.string().regex(/^\S+$/, "must be one scope, without spaces").default("switchboard/act-as-user"),
  // Requests per second over all callers, and the burst above it. The vendors' own limits are the
  // pacer's job, per account; these keep one runaway app from exhausting every function's
  // concurrency (and with it every vendor's budget) at once.
  SWITCHBOARD_API_RATE_LIMIT: positiveInt(50),
  SWITCHBOARD_API_BURST_LIMIT: positiveInt(100),
  SWITCHBOARD_VPC_EGRESS: flag,
  SWITCHBOARD_ARCHIVE_REPLICA_BUCKET_ARN: arn(/^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be an S3 bucket ARN"),
  SWITCHBOARD_ARCHIVE_REPLICA_KEY_ARN: arn(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f-]+$/, "must be a KMS key ARN (not an alias)"),
});

export function stageConfig(stage: string, env: NodeJS.ProcessEnv = process.env): StageConfig {
  const production = isProductionStage(stage);
  if (production) {
    const missing = (["SWITCHBOARD_JWT_ISSUER", "SWITCHBOARD_JWT_AUDIENCE"] as const).filter((name) => !env[name]?.trim());
    if (missing.length) {
      throw new Error(
        `Stage "${stage}" needs ${missing.join(" and ")}: set them to your identity provider's issuer URL and the token audience(s) (comma-separated) before deploying. See docs/deploy.md.`,
      );
    }
  }
  const parsed = schema.safeParse(production ? env : { ...NON_PRODUCTION_DEFAULTS, ...env });
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid Switchboard stage configuration for "${stage}": ${issues}`);
  }
  const config = parsed.data;
  const replicaBucket = config.SWITCHBOARD_ARCHIVE_REPLICA_BUCKET_ARN;
  const replicaKey = config.SWITCHBOARD_ARCHIVE_REPLICA_KEY_ARN;
  if (!replicaBucket !== !replicaKey) {
    throw new Error(
      `Invalid Switchboard stage configuration for "${stage}": archive replication needs both SWITCHBOARD_ARCHIVE_REPLICA_BUCKET_ARN and SWITCHBOARD_ARCHIVE_REPLICA_KEY_ARN`,
    );
  }
  if (config.SWITCHBOARD_API_BURST_LIMIT < config.SWITCHBOARD_API_RATE_LIMIT) {
    throw new Error(`Invalid Switchboard stage configuration for "${stage}": SWITCHBOARD_API_BURST_LIMIT must be at least SWITCHBOARD_API_RATE_LIMIT`);
  }
  return {
    jwt: { issuer: config.SWITCHBOARD_JWT_ISSUER, audience: config.SWITCHBOARD_JWT_AUDIENCE },
    corsOrigins: config.SWITCHBOARD_CORS_ORIGINS,
    tenantClaim: config.SWITCHBOARD_TENANT_CLAIM,
    actingUserScope: config.SWITCHBOARD_ACTING_USER_SCOPE,
    throttle: { rate: config.SWITCHBOARD_API_RATE_LIMIT, burst: config.SWITCHBOARD_API_BURST_LIMIT },
    vpcEgress: config.SWITCHBOARD_VPC_EGRESS,
    ...(replicaBucket && replicaKey && { archiveReplica: { bucketArn: replicaBucket, keyArn: replicaKey } }),
  };
}
