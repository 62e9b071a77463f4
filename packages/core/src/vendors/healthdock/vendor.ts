import { randomBytes } from "node:crypto";
import * as v from "valibot";
import { oauthAccessToken, type AuthorizationCodeFlow } from "../../auth/authorization-code";
import type { VendorDefinition } from "../../catalogue";
import { ConfigurationError } from "../../errors";
import { rateForWindow } from "../../pacing/gcra";
import { nonEmpty, positiveInt } from "../../schemas";
import { interpretHealthdock } from "./interpret";

/**
 * HealthDock (../shared/vendor-docs/healthdock-api.txt): patients and appointments, ABDM. The API
 * is at `https://api.healthdock.org` with paths under `/v1`; requests carry
 * `Authorization: Bearer {apiKey}`, or for a third-party connection (`auth: oauth`) the access
 * token of its OAuth 2.0 authorization (auth/authorization-code.ts: the docs give the authorize
 * parameters only, so the URLs and client are config). Every answer carries
 * X-RateLimit-Limit/-Remaining/-Reset (Reset in epoch seconds), which hold our pacing when spent
 * (execute.ts); the connection's own budget defaults to the documented limit of 1000 per hour.
 */
const url = v.pipe(v.string(), v.url());
const CALLBACK_PATH = "/v1/healthdock/oauth/callback";
const HEADER_NAME = /^[A-Za-z0-9-]{1,64}$/;
const DEFAULT_TIMEZONE = "Asia/Kolkata";

/** Intl's own check; the default needs none (the first Intl.DateTimeFormat loads ICU's zone data). */
function isTimeZone(zone: string): boolean {
  if (zone === DEFAULT_TIMEZONE) return true;
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const config = v.pipe(
  v.object({
    baseUrl: v.optional(v.pipe(url, v.check((u) => !new URL(u).search && !new URL(u).hash, "must be a URL without query or fragment")), "https://api.healthdock.org"),
    auth: v.optional(v.picklist(["apiKey", "oauth"], "must be apiKey or oauth"), "apiKey"),
    /** The documented X-RateLimit-Limit (1000) over a window the docs leave open: we take an hour. */
    rateLimit: v.optional(positiveInt, 1000),
    rateWindowSeconds: v.optional(positiveInt, 3600),
    /**
     * Where a webhook's signature is. The docs sign with HMAC-SHA256 (`sha256=` + hex, their JS
     * snippet) but show the signature as a `signature` field of the delivered JSON and name no
     * header: `body` (default) takes that field, computed over JSON.stringify of the object
     * without it; `header` takes `webhookSignatureHeader`, computed over the raw body.
     */
    webhookSignature: v.optional(v.picklist(["body", "header"], "must be body or header"), "body"),
    webhookSignatureHeader: v.optional(v.pipe(v.string(), v.regex(HEADER_NAME, "must be a header name")), "X-HealthDock-Signature"),
    /** A delivery whose `timestamp` is further than this from now is refused (replays, clocks). */
    webhookToleranceSeconds: v.optional(positiveInt, 300),
    oauthAuthorizeUrl: v.optional(url),
    oauthTokenUrl: v.optional(url),
    oauthClientId: v.optional(nonEmpty),
    /** Our callback, `{API}/v1/healthdock/oauth/callback`, as registered with HealthDock. */
    oauthRedirectUri: v.optional(v.pipe(url, v.check((u) => new URL(u).pathname.endsWith(CALLBACK_PATH), `must be our callback, {API}${CALLBACK_PATH}`))),
    oauthScope: v.optional(v.string()),
    /**
     * The clinic's timezone (HealthDock serves ABDM, so India by default). The docs give
     * `date_time` as "ISO 8601" and the appointments filter `date` as a bare day: the FHIR facade
     * books in this zone (so the day HealthDock files a booking under is the clinic's) and reads
     * a `date_time` without an offset as this zone's wall clock.
     */
    timezone: v.optional(v.pipe(v.string(), v.check(isTimeZone, "must be an IANA timezone such as Asia/Kolkata")), DEFAULT_TIMEZONE),
  }),
  v.check(
    (c) => c.auth !== "oauth" || [c.oauthAuthorizeUrl, c.oauthTokenUrl, c.oauthClientId, c.oauthRedirectUri].every((x) => x !== undefined),
    "auth oauth needs oauthAuthorizeUrl, oauthTokenUrl, oauthClientId and oauthRedirectUri",
  ),
);

const secrets = v.object({
  /** The account's API key (Bearer), for `auth: apiKey`. */
  apiKey: v.optional(nonEmpty),
  /** The HMAC key HealthDock signs webhooks with. */
  webhookSecret: v.optional(nonEmpty),
  oauthClientSecret: v.optional(nonEmpty),
  /** Signs OAuth states; generated when the connection is added. */
  oauthStateKey: v.pipe(v.string(), v.minLength(32, "must be at least 32 characters")),
  /** Stored by the OAuth callback. */
  oauthAccessToken: v.optional(v.string()),
  oauthRefreshToken: v.optional(v.string()),
  oauthAccessTokenExpiresAt: v.optional(v.string()),
});

export type HealthdockConfig = v.InferOutput<typeof config>;
export type HealthdockSecrets = v.InferOutput<typeof secrets>;

export const healthdock: VendorDefinition<HealthdockConfig, HealthdockSecrets> = {
  id: "healthdock",
  title: "HealthDock",
  configSchema: config,
  secretsSchema: secrets,
  generatedSecrets: { oauthStateKey: () => randomBytes(32).toString("base64url") },
  baseUrl: (c) => c.baseUrl,
  pacing: (c) => ({ default: rateForWindow(c.rateLimit, c.rateWindowSeconds * 1000) }),
  configValues: () => ({}),
  authorize: async (_request, ctx) => {
    if (ctx.config.auth === "oauth") return { Authorization: `Bearer ${await oauthAccessToken(healthdockOAuth, ctx)}` };
    if (!ctx.secrets.apiKey) throw new ConfigurationError("The HealthDock connection has no apiKey secret (or set auth=oauth)");
    return { Authorization: `Bearer ${ctx.secrets.apiKey}` };
  },
  interpret: interpretHealthdock,
};

/** The connection's part in the OAuth authorization code flow. */
export const healthdockOAuth: AuthorizationCodeFlow<HealthdockConfig, HealthdockSecrets> = {
  vendor: healthdock,
  settings: (c, s) => {
    if (c.auth !== "oauth") return "its auth is apiKey";
    if (!s.oauthClientSecret) return "it has no oauthClientSecret secret";
    return { authorizeUrl: c.oauthAuthorizeUrl!, tokenUrl: c.oauthTokenUrl!, clientId: c.oauthClientId!, clientSecret: s.oauthClientSecret, redirectUri: c.oauthRedirectUri!, ...(c.oauthScope && { scope: c.oauthScope }) };
  },
  stateKey: (s) => s.oauthStateKey,
  tokenName: "oauth",
  secretFields: { accessToken: "oauthAccessToken", refreshToken: "oauthRefreshToken", expiresAt: "oauthAccessTokenExpiresAt" },
  storedRefreshToken: (s) => s.oauthRefreshToken,
};
