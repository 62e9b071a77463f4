import type { StoredToken, IssuedToken } from "../../auth/tokens";
import { VendorError } from "../../errors";
import { encodeMultipart } from "../../http/multipart";
import { interpretVsee } from "./interpret";

/**
 * Per-user tokens from VSee's SSO (`POST /users/sso`, X-AccountCode + X-ApiKey): `data.token.token`
 * with its `expiry` (Unix seconds) and a `refresh_token`. A token is kept per (connection, user
 * code) in the shared token store. VSee documents no call that takes the refresh token, but does
 * document that SSO "will map to and return existing user record for further requests" by
 * `code`: so a token about to expire (or refused) is renewed by logging the user in again with
 * the fields VSee requires for it (first_name, last_name, and type when given), kept with the
 * token in the encrypted table from the user's own login. A user never logged in gets a typed
 * AUTH error saying so.
 */
export const userTokenName = (code: string) => `user:${code}`;

/** The login's fields kept for renewals: what VSee marks required (User API), and the user type. */
const RENEWAL_FIELDS = ["first_name", "last_name", "type"] as const;

/** Without an expiry, VSee's tokens are taken to last a day (its examples: expiry − created = 86400 s). */
const DEFAULT_LIFETIME_SECONDS = 86_400;

export const SSO_PATH = "/users/sso";

export function renewalOf(input: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(RENEWAL_FIELDS.filter((field) => input[field] !== undefined).map((field) => [field, String(input[field])]));
}

/** The token of an SSO answer, or undefined when it has none. */
export function ssoToken(body: unknown, nowMs: number): IssuedToken | undefined {
  const token = (body as { data?: { token?: { token?: unknown; expiry?: unknown; refresh_token?: unknown } } } | null)?.data?.token;
  if (typeof token?.token !== "string" || token.token === "") return undefined;
  const expiry = Number(token.expiry);
  const expiresInSeconds = Number.isFinite(expiry) && expiry > 0 ? Math.max(0, Math.floor(expiry - nowMs / 1000)) : DEFAULT_LIFETIME_SECONDS;
  const refresh = token.refresh_token as { token?: unknown } | string | undefined;
  const refreshToken = typeof refresh === "string" ? refresh : typeof refresh?.token === "string" ? refresh.token : undefined;
  return { accessToken: token.token, expiresInSeconds, ...(refreshToken && { refreshToken }) };
}

export interface SsoAccount {
  baseUrl: string;
  accountCode: string;
  apiKey: string;
}

const OPERATION = "vsee.userToken";

/** A new token for `code` by logging the user in again (see above). */
export async function relogin(account: SsoAccount, code: string, previous: StoredToken | undefined, timeoutMs: number, fetchImpl: typeof fetch = fetch): Promise<IssuedToken> {
  if (!previous?.renewal) {
    throw new VendorError({ vendor: "vsee", operation: OPERATION, code: "AUTH", vendorMessage: "this user has no VSee session yet: log the user in through VSee SSO first", retryable: false });
  }
  const { body, contentType } = encodeMultipart({ ...previous.renewal, code });
  let response: Response;
  try {
    response = await fetchImpl(`${account.baseUrl.replace(/\/$/, "")}${SSO_PATH}`, {
      method: "POST",
      headers: { "X-AccountCode": account.accountCode, "X-ApiKey": account.apiKey, "Content-Type": contentType, Accept: "application/json" },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    // A login changes nothing for an existing user: always safe to try again.
    throw new VendorError({ vendor: "vsee", operation: OPERATION, code: (err as Error).name === "TimeoutError" ? "TIMEOUT" : "NETWORK", retryable: true });
  }
  const outcome = interpretVsee({ status: response.status, headers: response.headers, text: await response.text() });
  // The vendor's message may quote the user's name: it stays out of the error.
  if (!outcome.ok) throw new VendorError({ vendor: "vsee", operation: OPERATION, code: outcome.code, httpStatus: response.status, vendorStatus: outcome.vendorStatus, retryable: outcome.retryable });
  const issued = ssoToken(outcome.body, Date.now());
  if (!issued) throw new VendorError({ vendor: "vsee", operation: OPERATION, code: "MALFORMED_RESPONSE", httpStatus: response.status, retryable: true });
  return issued;
}
