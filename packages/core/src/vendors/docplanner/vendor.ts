import { randomBytes } from "node:crypto";
import * as v from "valibot";
import { requestToken } from "../../auth/oauth";
import type { VendorDefinition } from "../../catalogue";
import { interpretJson } from "../../http/json-response";
import { rateForWindow } from "../../pacing/gcra";
import { nonEmpty, positiveInt } from "../../schemas";
import { DOCPLANNER_DOMAINS, DOCPLANNER_LOCALES } from "./locales";

/**
 * Docplanner / Doctoralia Integrations API (../shared/vendor-docs/docplanner-api.txt and the
 * OpenAPI contract in contract/). The locale picks the marketplace domain; the API lives at
 * `{origin}/api/v3/integration` and the OAuth token endpoint at `{origin}/oauth/v2/token`. Only the
 * connection sets the origin, never a caller.
 */
const config = v.object({
  locale: v.picklist(DOCPLANNER_LOCALES, `must be one of ${DOCPLANNER_LOCALES.join(", ")}`),
  /** The marketplace origin; default `https://www.{domain of the locale}`. */
  baseUrl: v.optional(v.pipe(v.string(), v.url(), v.check((u) => !new URL(u).search && !new URL(u).hash, "must be an origin without query or fragment"))),
  /** How notifications reach us: pulled every minute (default) or pushed to our webhook. */
  notifications: v.optional(v.picklist(["pull", "push"]), "pull"),
  /** The documented budgets; the vendor grants some clients more. */
  readsPerHour: v.optional(positiveInt, 8000),
  writesPerMinute: v.optional(positiveInt, 40),
  /** The budgets' windows: Docplanner's hour and minute; shorter only against a simulator with scaled windows. */
  readWindowSeconds: v.optional(positiveInt, 3600),
  writeWindowSeconds: v.optional(positiveInt, 60),
  /** Our answer to the `slot-booking` and `booking-moving` approval hooks (push only). */
  bookingApproval: v.optional(v.picklist(["approve", "deny"]), "approve"),
});

const secrets = v.object({
  clientId: nonEmpty,
  clientSecret: nonEmpty,
  /** Part of the push URL Docplanner is given; Docplanner signs nothing, so this is what authenticates a push. */
  pushToken: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{32,128}$/, "must be 32 to 128 URL-safe characters")),
});

export type DocplannerConfig = v.InferOutput<typeof config>;
export type DocplannerSecrets = v.InferOutput<typeof secrets>;

export const docplannerOrigin = (c: DocplannerConfig) => (c.baseUrl ?? `https://www.${DOCPLANNER_DOMAINS[c.locale]}`).replace(/\/$/, "");

export const docplanner: VendorDefinition<DocplannerConfig, DocplannerSecrets> = {
  id: "docplanner",
  title: "Docplanner",
  configSchema: config,
  secretsSchema: secrets,
  generatedSecrets: { pushToken: () => randomBytes(24).toString("base64url") },
  baseUrl: (c) => `${docplannerOrigin(c)}/api/v3/integration`,
  pacing: (c) => ({
    read: rateForWindow(c.readsPerHour, c.readWindowSeconds * 1000),
    write: rateForWindow(c.writesPerMinute, c.writeWindowSeconds * 1000),
  }),
  configValues: () => ({}),
  authorize: async (_request, { config: c, secrets: s, tokens, timeoutMs }) => {
    const token = await tokens.get("client", () =>
      requestToken({
        vendor: "docplanner",
        tokenUrl: `${docplannerOrigin(c)}/oauth/v2/token`,
        clientId: s.clientId,
        clientSecret: s.clientSecret,
        form: { grant_type: "client_credentials", scope: "integration" },
        timeoutMs,
      }),
    );
    return { Authorization: `Bearer ${token}`, Accept: "application/vnd.docplanner+json, application/json" };
  },
  // Errors are `{errors: [...], message}` (the contract's Error schema).
  interpret: (response) => interpretJson(response, (body) => body.message),
};
