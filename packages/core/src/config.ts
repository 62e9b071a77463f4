import { z } from "zod";

/**
 * Runtime configuration from the environment. Zod is fine here: it runs once per cold start and
 * is not on the request path's schema work.
 */
const schema = z.object({
  STAGE: z.string().min(1).default("local"),
  AWS_REGION: z.string().default("us-east-1"),
  TABLE_NAME: z.string().min(1),
  DYNAMODB_ENDPOINT: z.string().url().optional(),
  SQS_ENDPOINT: z.string().url().optional(),
  EVENT_BUS_NAME: z.string().min(1).default("default"),
  EVENTS_BACKEND: z.enum(["aws", "local"]).default("aws"),
  SECRETS_BACKEND: z.enum(["aws", "file"]).default("aws"),
  SECRETS_DIR: z.string().optional(),
  TENANT_CLAIM: z.string().default("tenant"),
  READ_WAIT_BUDGET_MS: z.coerce.number().int().nonnegative().default(10_000),
  WRITE_WAIT_BUDGET_MS: z.coerce.number().int().nonnegative().default(10_000),
  CONSUMER_WAIT_BUDGET_MS: z.coerce.number().int().nonnegative().default(60_000),
  VENDOR_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  VENDOR_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
  IDEMPOTENCY_TTL_SECONDS: z.coerce.number().int().positive().default(86_400),
  JOB_TTL_SECONDS: z.coerce.number().int().positive().default(30 * 86_400),
  CONNECTION_CACHE_MS: z.coerce.number().int().nonnegative().default(30_000),
  SECRET_CACHE_SECONDS: z.coerce.number().int().nonnegative().default(300),
});

export type RuntimeConfig = z.infer<typeof schema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): RuntimeConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid Switchboard configuration: ${fields}`);
  }
  return parsed.data;
}
