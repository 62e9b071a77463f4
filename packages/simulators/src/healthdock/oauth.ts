import { randomBytes } from "node:crypto";
import type { SimReply, SimRequest } from "../server";
import type { HealthdockAccountState } from "./accounts";

/**
 * HealthDock's OAuth 2.0 for third-party applications. The docs give the authorize request's
 * parameters (client_id, redirect_uri, scope); the rest is RFC 6749's authorization code grant:
 * `/oauth/authorize` (GET, or POST as the notes have it) redirects to the registered redirect URI
 * with a single-use code (or `error=access_denied` when the account's consent says deny) and the
 * state; `/oauth/token` takes the client by HTTP Basic and exchanges a code or a refresh token
 * (rotated: the old one stops working) for an access token that expires.
 */
export interface OAuthTokens {
  /** access token → account id and expiry (ms). */
  access: Map<string, { accountId: string; expiresAt: number }>;
  refresh: Map<string, string>;
  codes: Map<string, { accountId: string; redirectUri: string; expiresAt: number }>;
  grants: Record<string, number>;
}

export const newOAuthTokens = (): OAuthTokens => ({ access: new Map(), refresh: new Map(), codes: new Map(), grants: {} });

const oauthError = (status: number, error: string): SimReply => ({ status, body: { error } });
const CODE_TTL_MS = 5 * 60_000;

function redirect(uri: string, params: Record<string, string>): SimReply {
  const url = new URL(uri);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return { status: 302, body: undefined, headers: { Location: url.toString() } };
}

export function authorize(req: SimRequest, accounts: Iterable<HealthdockAccountState>, tokens: OAuthTokens, now: number): SimReply {
  const params = req.method === "POST" ? new URLSearchParams(req.body.toString("utf8")) : req.query;
  const clientId = params.get("client_id");
  const state = [...accounts].find((s) => s.account.oauth?.clientId === clientId);
  if (!state?.account.oauth) return oauthError(400, "invalid_client");
  const oauth = state.account.oauth;
  // An unregistered redirect URI is never redirected to (RFC 6749 §4.1.2.1).
  if (params.get("redirect_uri") !== oauth.redirectUri) return oauthError(400, "invalid_redirect_uri");
  const passState: Record<string, string> = params.has("state") ? { state: params.get("state")! } : {};
  if (params.get("response_type") !== "code") return redirect(oauth.redirectUri, { error: "unsupported_response_type", ...passState });
  if (oauth.consent === "deny") return redirect(oauth.redirectUri, { error: "access_denied", ...passState });
  const code = randomBytes(16).toString("base64url");
  tokens.codes.set(code, { accountId: state.account.id, redirectUri: oauth.redirectUri, expiresAt: now + CODE_TTL_MS });
  return redirect(oauth.redirectUri, { code, ...passState });
}

function basicClient(req: SimRequest): { id: string; secret: string } | undefined {
  const match = /^Basic (.+)$/.exec(String(req.headers.authorization ?? ""));
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
  const at = decoded.indexOf(":");
  if (at < 0) return undefined;
  const unform = (s: string) => decodeURIComponent(s.replace(/\+/g, " "));
  return { id: unform(decoded.slice(0, at)), secret: unform(decoded.slice(at + 1)) };
}

export function token(req: SimRequest, accounts: Map<string, HealthdockAccountState>, tokens: OAuthTokens, now: number): SimReply {
  const client = basicClient(req);
  const state = [...accounts.values()].find((s) => s.account.oauth?.clientId === client?.id);
  if (!client || !state?.account.oauth || state.account.oauth.clientSecret !== client.secret) return oauthError(401, "invalid_client");
  const form = new URLSearchParams(req.body.toString("utf8"));
  const grant = form.get("grant_type") ?? "";
  const accountId = state.account.id;
  if (grant === "authorization_code") {
    const code = tokens.codes.get(form.get("code") ?? "");
    tokens.codes.delete(form.get("code") ?? "");
    if (!code || code.accountId !== accountId || code.expiresAt <= now || code.redirectUri !== form.get("redirect_uri")) return oauthError(400, "invalid_grant");
  } else if (grant === "refresh_token") {
    const owner = tokens.refresh.get(form.get("refresh_token") ?? "");
    if (owner !== accountId) return oauthError(400, "invalid_grant");
    tokens.refresh.delete(form.get("refresh_token")!);
  } else return oauthError(400, "unsupported_grant_type");
  tokens.grants[grant] = (tokens.grants[grant] ?? 0) + 1;
  const ttl = state.account.oauth.accessTokenTtlSeconds ?? 3600;
  const access = randomBytes(20).toString("base64url");
  const refresh = randomBytes(20).toString("base64url");
  tokens.access.set(access, { accountId, expiresAt: now + ttl * 1000 });
  tokens.refresh.set(refresh, accountId);
  return { status: 200, body: { access_token: access, token_type: "Bearer", expires_in: ttl, refresh_token: refresh, scope: "patients appointments" } };
}
