import * as v from "valibot";
import type { VendorDefinition } from "../../catalogue";
import { rateForWindow } from "../../pacing/gcra";
import { nonEmpty, positiveInt } from "../../schemas";
import { interpretVsee } from "./interpret";
import { relogin, SSO_PATH, userTokenName } from "./sso";

/**
 * VSee Clinic API v3 (../shared/vendor-docs/vsee-clinic-api.txt, vendor-api-notes.md). The base URL
 * is per account ("to be advised by VSee Clinic Team": api.vsee.me/api_v3, api-{account}.vsee.me,
 * or a preview host), so it is required. Every call carries `X-AccountCode`; back-office calls sign
 * with the account's `X-ApiToken` (`apiToken`), calls for a patient or provider with that user's
 * SSO token (sso.ts); SSO itself takes `X-ApiKey` and no token, and e-consults send the key too
 * (their curl does).
 */
const config = v.object({
  baseUrl: v.pipe(v.string(), v.url(), v.check((u) => !new URL(u).search && !new URL(u).hash, "must be a URL without query or fragment")),
  accountCode: nonEmpty,
  /** VSee documents no rate limit; this is ours, per account, until VSee names one. */
  requestsPerMinute: v.optional(positiveInt, 300),
});

const secrets = v.object({ apiToken: nonEmpty, apiKey: nonEmpty });

export type VseeConfig = v.InferOutput<typeof config>;
export type VseeSecrets = v.InferOutput<typeof secrets>;

/** Paths whose curl sends `X-ApiKey` besides the token. */
const WITH_API_KEY = ["/visits/add_econsult"];

export const vsee: VendorDefinition<VseeConfig, VseeSecrets> = {
  id: "vsee",
  title: "VSee Clinic",
  configSchema: config,
  secretsSchema: secrets,
  baseUrl: (c) => c.baseUrl,
  pacing: (c) => ({ default: rateForWindow(c.requestsPerMinute, 60_000) }),
  configValues: () => ({}),
  authorize: async (request, { config: c, secrets: s, tokens, timeoutMs, user }) => {
    const account = { "X-AccountCode": c.accountCode };
    if (request.path.endsWith(SSO_PATH)) return { ...account, "X-ApiKey": s.apiKey };
    const token = user
      ? await tokens.get(userTokenName(user.code), (previous) => relogin({ baseUrl: c.baseUrl, accountCode: c.accountCode, apiKey: s.apiKey }, user.code, previous, timeoutMs))
      : s.apiToken;
    return { ...account, "X-ApiToken": token, ...(WITH_API_KEY.some((p) => request.path.endsWith(p)) && { "X-ApiKey": s.apiKey }) };
  },
  interpret: interpretVsee,
  responseNote:
    "every object that has VSee time or code fields also has `_typed`: the times (Unix seconds, {sec, usec}) as ISO 8601 UTC instants and `type`/`subtype`/`status` as numbers, beside the vendor's own fields, which are kept as sent",
};
