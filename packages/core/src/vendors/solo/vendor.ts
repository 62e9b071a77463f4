import * as v from "valibot";
import type { Interpretation, RawResponse, VendorDefinition } from "../../catalogue";
import { ConfigurationError } from "../../errors";
import { interpretJson } from "../../http/json-response";
import { rateForWindow } from "../../pacing/gcra";
import { nonEmpty, positiveInt } from "../../schemas";

/**
 * Teladoc Health Solo External API (../shared/vendor-docs/teladoc-solo-api.txt, an API Blueprint
 * rendering). Each tenant has its own host (`https://TENANT.visitnow.org`; the docs use
 * `https://demo.visitnow.org`), every path is under `/qapi/v1`, and a static per-tenant key goes in
 * the `Api-Key` header. The docs state no rate limit: `requestsPerMinute` is our own courtesy
 * budget, per account, which a connection can change.
 */
const origin = v.pipe(
  v.string(),
  v.url("must be a URL"),
  v.check((u) => /^https?:$/.test(new URL(u).protocol) && new URL(u).pathname.replace(/\/$/, "") === "" && !new URL(u).search && !new URL(u).hash, "must be an origin such as https://TENANT.visitnow.org, without a path"),
);

const config = v.object({
  baseUrl: origin,
  requestsPerMinute: v.optional(positiveInt, 300),
});

const secrets = v.object({
  apiKey: nonEmpty,
  /** Only the MS Teams provider link needs it (`Teams-Auth-Token`). */
  teamsAuthToken: v.optional(nonEmpty),
  /** The shared secret of context-aware linking (solo.createContextLink). */
  linkSecret: v.optional(nonEmpty),
  /** Stored from createWebhook's answer (never given by hand): decrypts Solo's webhook payloads. */
  webhookEncryptionKey: v.optional(nonEmpty),
});

export type SoloConfig = v.InferOutput<typeof config>;
export type SoloSecrets = v.InferOutput<typeof secrets>;

export const soloOrigin = (c: SoloConfig) => c.baseUrl.replace(/\/$/, "");

/** Solo's errors are `{"message": ...}` (assistance requests) or `{"error": {"message": ...}}` (attachments, perfect answer). */
export function soloMessage(body: Record<string, unknown>): unknown {
  if (typeof body.message === "string") return body.message;
  const error = body.error as { message?: unknown } | undefined;
  return error && typeof error === "object" ? error.message : undefined;
}

/**
 * The HTTP status decides, except for the failures the docs name by their message, whatever status
 * carries them: a request missing its target is refused (not worth retrying), a device or request
 * that does not exist is not found, a second perfect-answer visit within 24 hours is a conflict.
 */
const BY_MESSAGE: [RegExp, "REJECTED" | "NOT_FOUND" | "CONFLICT"][] = [
  [/Missing Required Parameters/i, "REJECTED"],
  [/could not be found|not found/i, "NOT_FOUND"],
  [/already been created/i, "CONFLICT"],
];

export function interpretSolo(response: RawResponse): Interpretation {
  const outcome = interpretJson(response, soloMessage);
  if (outcome.ok || outcome.message === undefined) return outcome;
  const named = BY_MESSAGE.find(([pattern]) => pattern.test(outcome.message!));
  return named ? { ...outcome, code: named[1], retryable: false, maybeProcessed: false } : outcome;
}

export const solo: VendorDefinition<SoloConfig, SoloSecrets> = {
  id: "solo",
  title: "Teladoc Health Solo",
  configSchema: config,
  secretsSchema: secrets,
  storedSecrets: ["webhookEncryptionKey"],
  baseUrl: (c) => `${soloOrigin(c)}/qapi/v1`,
  pacing: (c) => ({ default: rateForWindow(c.requestsPerMinute, 60_000) }),
  configValues: () => ({}),
  authorize: (request, { secrets: s }): Record<string, string> => {
    // The MS Teams link is the one endpoint that takes a second token.
    if (!request.path.endsWith("/msteams-provider-link")) return { "Api-Key": s.apiKey };
    if (!s.teamsAuthToken) throw new ConfigurationError("The MS Teams provider link needs the connection's teamsAuthToken secret");
    return { "Api-Key": s.apiKey, "Teams-Auth-Token": s.teamsAuthToken };
  },
  interpret: interpretSolo,
};
