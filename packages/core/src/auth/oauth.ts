import * as v from "valibot";
import { VendorError } from "../errors";
import { classifyHttpStatus } from "../http/status";
import type { IssuedToken } from "./tokens";

/**
 * OAuth 2.0 token requests (RFC 6749 §4.4 client credentials, §6 refresh, §4.1.3 code exchange):
 * a form POST to the vendor's token endpoint, client authenticated with HTTP Basic (§2.3.1).
 * Failures are typed errors of the vendor's `oauth.token` step; neither the secret nor the
 * vendor's answer body ever reaches an error or a log.
 */
export interface TokenRequest {
  vendor: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** The grant's own fields, e.g. `{ grant_type: "client_credentials", scope: "integration" }`. */
  form: Record<string, string>;
  timeoutMs: number;
  fetchImpl?: typeof fetch;
}

const tokenResponse = v.looseObject({
  access_token: v.pipe(v.string(), v.minLength(1)),
  expires_in: v.optional(v.union([v.number(), v.pipe(v.string(), v.regex(/^\d+$/), v.transform(Number))])),
  refresh_token: v.optional(v.string()),
});

/** Without `expires_in` (RFC 6749 makes it optional) a token is treated as good for five minutes. */
const DEFAULT_LIFETIME_SECONDS = 300;

export function basicAuthorization(clientId: string, clientSecret: string): string {
  // RFC 6749 §2.3.1: each part form-urlencoded before base64.
  const encode = (s: string) => encodeURIComponent(s).replace(/%20/g, "+");
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(clientSecret)}`).toString("base64")}`;
}

export async function requestToken(req: TokenRequest): Promise<IssuedToken> {
  const operation = `${req.vendor}.oauth.token`;
  let response: Response;
  try {
    response = await (req.fetchImpl ?? fetch)(req.tokenUrl, {
      method: "POST",
      headers: { Authorization: basicAuthorization(req.clientId, req.clientSecret), "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
      body: new URLSearchParams(req.form).toString(),
      signal: AbortSignal.timeout(req.timeoutMs),
    });
  } catch (err) {
    const timeout = (err as Error).name === "TimeoutError";
    // A token request changes nothing at the vendor: always safe to try again.
    throw new VendorError({ vendor: req.vendor, operation, code: timeout ? "TIMEOUT" : "NETWORK", retryable: true });
  }
  const text = await response.text();
  if (!response.ok) {
    const status = classifyHttpStatus(response.status);
    // 400 invalid_client / invalid_grant and 401 are the connection's credentials: not retryable.
    const code = response.status === 400 || response.status === 401 ? "AUTH" : status.code;
    throw new VendorError({ vendor: req.vendor, operation, code, httpStatus: response.status, retryable: code !== "AUTH" && status.retryable });
  }
  let parsed: v.SafeParseResult<typeof tokenResponse>;
  try {
    parsed = v.safeParse(tokenResponse, JSON.parse(text));
  } catch {
    throw new VendorError({ vendor: req.vendor, operation, code: "MALFORMED_RESPONSE", httpStatus: response.status, retryable: true });
  }
  if (!parsed.success) throw new VendorError({ vendor: req.vendor, operation, code: "MALFORMED_RESPONSE", httpStatus: response.status, retryable: true });
  return {
    accessToken: parsed.output.access_token,
    expiresInSeconds: parsed.output.expires_in ?? DEFAULT_LIFETIME_SECONDS,
    ...(parsed.output.refresh_token && { refreshToken: parsed.output.refresh_token }),
  };
}
