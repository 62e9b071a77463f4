import { randomBytes, timingSafeEqual } from "node:crypto";
import type { SimReply, SimRequest } from "../server";
import { DEFAULT_TOKEN_TTL_SECONDS, type AccountState } from "./accounts";
import { failure } from "./replies";

/**
 * OAuth 2.0 client credentials as Docplanner runs them (the contract's securitySchemes):
 * `POST /oauth/v2/token` with HTTP Basic client_id:client_secret and
 * `grant_type=client_credentials&scope=integration`, answering {access_token, expires_in,
 * token_type: "bearer", scope}. Errors are RFC 6749 §5.2 JSON. Tokens expire on the simulator clock.
 */
export const TOKEN_PATH = "/oauth/v2/token";

interface IssuedToken {
  clientId: string;
  expiresAt: number;
}

export type TokenCheck = { clientId: string } | { problem: "missing" | "invalid" | "expired" };

export class TokenStore {
  private readonly tokens = new Map<string, IssuedToken>();
  issued = 0;

  issue(clientId: string, ttlSeconds: number, now: number): string {
    // 40 hex characters, as the docs' example token.
    const token = randomBytes(20).toString("hex");
    this.tokens.set(token, { clientId, expiresAt: now + ttlSeconds * 1000 });
    this.issued += 1;
    return token;
  }

  check(authorization: string | undefined, now: number): TokenCheck {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
    if (!match) return { problem: "missing" };
    const found = this.tokens.get(match[1]!);
    if (!found) return { problem: "invalid" };
    if (now >= found.expiresAt) return { problem: "expired" };
    return { clientId: found.clientId };
  }

  revoke(clientId: string): void {
    for (const [token, issued] of this.tokens) if (issued.clientId === clientId) this.tokens.delete(token);
  }
}

const oauthError = (status: number, error: string, description: string, headers?: Record<string, string>): SimReply => ({
  status,
  body: { error, error_description: description },
  headers: { "Cache-Control": "no-store", ...headers },
});

function sameSecret(given: string, expected: string): boolean {
  const [a, b] = [Buffer.from(given), Buffer.from(expected)];
  return a.length === b.length && timingSafeEqual(a, b);
}

function basicCredentials(authorization: string | undefined): { id: string; secret: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(authorization ?? "");
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon < 0 ? undefined : { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

export function tokenEndpoint(req: SimRequest, accounts: Map<string, AccountState>, tokens: TokenStore, now: number): SimReply {
  if (req.method !== "POST") {
    return oauthError(405, "invalid_request", "The request method must be POST when requesting an access token", { Allow: "POST" });
  }
  const credentials = basicCredentials(typeof req.headers.authorization === "string" ? req.headers.authorization : undefined);
  const state = credentials && accounts.get(credentials.id);
  if (!credentials || !state || !sameSecret(credentials.secret, state.account.clientSecret)) {
    return oauthError(401, "invalid_client", "The client credentials are invalid", { "WWW-Authenticate": 'Basic realm="Service"' });
  }
  const form = new URLSearchParams(req.body.toString("utf8"));
  const grant = form.get("grant_type");
  if (!grant) return oauthError(400, "invalid_request", "Invalid grant_type parameter or parameter missing");
  if (grant !== "client_credentials") return oauthError(400, "unsupported_grant_type", "Grant type not supported");
  const scope = form.get("scope");
  if (scope !== null && scope !== "integration") return oauthError(400, "invalid_scope", "An unsupported scope was requested.");

  const ttl = state.account.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS;
  return {
    status: 200,
    // No scope requested: none granted, as in the docs' own response example ("scope": null).
    body: { access_token: tokens.issue(state.account.clientId, ttl, now), expires_in: ttl, token_type: "bearer", scope },
    headers: { "Cache-Control": "no-store" },
  };
}

const TOKEN_MESSAGES = {
  missing: "OAuth2 authentication required",
  invalid: "The access token provided is invalid.",
  expired: "The access token provided has expired.",
} as const;

/** The API's answer to a request without a valid token (RFC 6750 challenge, Docplanner's Error body). */
export function unauthorized(problem: keyof typeof TOKEN_MESSAGES): SimReply {
  const challenge = problem === "missing" ? 'Bearer realm="Service"' : `Bearer realm="Service", error="invalid_token", error_description="${TOKEN_MESSAGES[problem]}"`;
  return failure(401, TOKEN_MESSAGES[problem], [], { "WWW-Authenticate": challenge });
}
