import { randomBytes } from "node:crypto";
import * as v from "valibot";
import type { VendorDefinition } from "../catalogue";
import { assertConnectionId, parseConnectionConfig, type Connection } from "../connections";
import type { Deps } from "../deps";
import { RequestError, VendorError } from "../errors";
import { correlationIdOf, headerOf, tenantOf, type HttpEvent } from "../http/event";
import { json, problem, toProblem, type HttpResult } from "../http/problem";
import { loggerFor, type Log } from "../log";
import type { RouteHandler } from "../schedules";
import { requestToken } from "./oauth";
import { OAuthStates, readState, signState, stateSignedWith } from "./oauth-state";
import type { IssuedToken, TokenAccess } from "./tokens";

/**
 * OAuth 2.0 authorization code grant (RFC 6749 §4.1) for connections a clinic authorizes in its
 * browser, as routes of the vendor's own (schedules.ts `VendorRoute`):
 *
 * - `GET /v1/{vendor}/oauth/start?connectionId=…` (JWT; the token's tenant owns the connection)
 *   answers 302 to the vendor's authorize URL with `response_type=code`, `client_id`,
 *   `redirect_uri`, `scope` and a signed state good for STATE_TTL_MS, once (oauth-state.ts).
 *   With `Accept: application/json` it answers `{authorizeUrl, expiresAt}` instead, for a web app
 *   that calls it with a bearer token and then navigates there itself.
 * - `GET /v1/{vendor}/oauth/callback?code=…&state=…` (public: the browser comes back from the
 *   vendor without our JWT) accepts only a state it signed, unexpired and unused, for that
 *   connection; it exchanges the code at the token URL (HTTP Basic client authentication) and
 *   stores the tokens in the connection's secrets and in the shared token store, from which
 *   calls take the access token and refresh it before it expires (`oauthAccessToken`).
 *
 * Failures are problem documents; nothing of the code, the tokens or the state reaches a log.
 */
export interface AuthorizationCodeSettings {
  authorizeUrl: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  scope?: string;
}

export interface AuthorizationCodeFlow<Config = any, Secrets = any> {
  vendor: VendorDefinition<Config, Secrets>;
  /** The connection's settings, or why it takes no part in the flow. */
  settings(config: Config, secrets: Secrets): AuthorizationCodeSettings | string;
  /** The connection's key for signing states (a generated secret). */
  stateKey(secrets: Secrets): string;
  /** The token store's name for the connection's access token. */
  tokenName: string;
  /** The secret fields the tokens are stored under. */
  secretFields: { accessToken: string; refreshToken: string; expiresAt: string };
  /** The refresh token stored in the connection's secrets, if any. */
  storedRefreshToken(secrets: Secrets): string | undefined;
}

export const STATE_TTL_MS = 10 * 60_000;

const invalidState = (detail: string) => problem(400, "oauth-invalid-state", "Invalid OAuth state", detail);

interface Account<Config, Secrets> {
  connection: Connection;
  config: Config;
  secrets: Secrets;
}

async function accountOf<C, S>(flow: AuthorizationCodeFlow<C, S>, deps: Deps, connectionId: string): Promise<Account<C, S> | undefined> {
  const connection = await deps.connections.get(connectionId);
  if (!connection || connection.vendor !== flow.vendor.id) return undefined;
  const config = parseConnectionConfig(flow.vendor, connection.config);
  const secrets = v.parse(flow.vendor.secretsSchema, await deps.credentials.get(connection.secretRef));
  return { connection, config, secrets };
}

function settingsOf<C, S>(flow: AuthorizationCodeFlow<C, S>, account: Account<C, S>): AuthorizationCodeSettings {
  const settings = flow.settings(account.config, account.secrets);
  if (typeof settings === "string") {
    throw new RequestError(409, "Not an OAuth connection", `Connection ${account.connection.connectionId} is not set up for OAuth: ${settings}`);
  }
  return settings;
}

export function oauthStart<C, S>(flow: AuthorizationCodeFlow<C, S>): RouteHandler {
  return async (event: HttpEvent, deps: Deps): Promise<HttpResult> => {
    const log = loggerFor(correlationIdOf(event), { route: `${flow.vendor.id}.oauth-start` });
    try {
      const tenant = tenantOf(event, deps.config.TENANT_CLAIM);
      const connectionId = event.queryStringParameters?.connectionId ?? "";
      assertConnectionId(connectionId);
      const account = await accountOf(flow, deps, connectionId);
      if (!account) throw new RequestError(404, "Not Found", `No ${flow.vendor.title} connection ${connectionId}`);
      if (account.connection.tenantId !== tenant) throw new RequestError(403, "Forbidden", `Connection ${connectionId} belongs to another tenant`);
      const settings = settingsOf(flow, account);
      const state = { connectionId, nonce: randomBytes(18).toString("base64url"), expiresAt: Date.now() + STATE_TTL_MS };
      await new OAuthStates(deps.ddb, deps.config.TABLE_NAME).remember(state);
      const url = new URL(settings.authorizeUrl);
      url.searchParams.set("response_type", "code");
      url.searchParams.set("client_id", settings.clientId);
      url.searchParams.set("redirect_uri", settings.redirectUri);
      if (settings.scope) url.searchParams.set("scope", settings.scope);
      url.searchParams.set("state", signState(state, flow.stateKey(account.secrets)));
      log.info("oauth authorization started", { connectionId });
      const body = { authorizeUrl: url.toString(), expiresAt: new Date(state.expiresAt).toISOString() };
      if (/application\/json/i.test(headerOf(event, "accept") ?? "")) return json(200, body);
      return json(302, body, { location: body.authorizeUrl, "cache-control": "no-store" });
    } catch (err) {
      const result = toProblem(err);
      log.info("oauth start refused", { status: result.statusCode, error: (err as Error).name });
      return result;
    }
  };
}

/** An error code the vendor redirects with (RFC 6749 §4.1.2.1), if it is one. */
const ERROR_CODE = /^[a-z_]{1,64}$/;

export function oauthCallback<C, S>(flow: AuthorizationCodeFlow<C, S>): RouteHandler {
  return async (event: HttpEvent, deps: Deps): Promise<HttpResult> => {
    const log = loggerFor(correlationIdOf(event), { route: `${flow.vendor.id}.oauth-callback` });
    const query = event.queryStringParameters ?? {};
    try {
      const payload = query.state ? readState(query.state) : undefined;
      if (!query.state || !payload) return refused(log, invalidState("The state is missing or malformed"), "malformed state");
      const account = isConnectionId(payload.connectionId) ? await accountOf(flow, deps, payload.connectionId) : undefined;
      // A state naming no connection of ours is as forged as one with a wrong signature.
      if (!account || !stateSignedWith(query.state, flow.stateKey(account.secrets))) return refused(log, invalidState("The state was not issued by us"), "forged state");
      const connectionId = account.connection.connectionId;
      if (payload.expiresAt <= Date.now()) return refused(log, invalidState("The state has expired; start again"), "expired state", connectionId);
      if (!(await new OAuthStates(deps.ddb, deps.config.TABLE_NAME).consume(payload))) {
        return refused(log, invalidState("The state has been used already; start again"), "replayed state", connectionId);
      }
      if (query.error !== undefined || !query.code) {
        const code = query.error && ERROR_CODE.test(query.error) ? query.error : "no_code";
        return refused(log, problem(400, "oauth-not-authorized", "Not authorized", `${flow.vendor.title} did not authorize the connection (${code})`, { error: code }), "not authorized", connectionId);
      }
      const settings = settingsOf(flow, account);
      const issued = await requestToken({
        vendor: flow.vendor.id,
        tokenUrl: settings.tokenUrl,
        clientId: settings.clientId,
        clientSecret: settings.clientSecret,
        form: { grant_type: "authorization_code", code: query.code, redirect_uri: settings.redirectUri },
        timeoutMs: deps.config.VENDOR_TIMEOUT_MS,
      });
      await storeTokens(flow, deps, account.connection, issued);
      log.info("oauth connection authorized", { connectionId });
      return json(200, { connected: true, connectionId });
    } catch (err) {
      const result = toProblem(err);
      log.warn("oauth callback failed", { status: result.statusCode, error: (err as Error).name });
      return result;
    }
  };
}

function isConnectionId(id: string): boolean {
  try {
    assertConnectionId(id);
    return true;
  } catch {
    return false;
  }
}

function refused(log: Log, result: HttpResult, reason: string, connectionId?: string): HttpResult {
  log.warn("oauth callback refused", { reason, ...(connectionId && { connectionId }) });
  return result;
}

/** The secrets keep the grant for good; the token store shares the access token with every container at once. */
async function storeTokens<C, S>(flow: AuthorizationCodeFlow<C, S>, deps: Deps, connection: Connection, issued: IssuedToken): Promise<void> {
  const fields = flow.secretFields;
  await deps.credentials.update(connection.secretRef, {
    [fields.accessToken]: issued.accessToken,
    [fields.expiresAt]: new Date(Date.now() + issued.expiresInSeconds * 1000).toISOString(),
    ...(issued.refreshToken && { [fields.refreshToken]: issued.refreshToken }),
  });
  await deps.tokens.put(connection.connectionId, flow.tokenName, issued);
}

/**
 * The connection's access token for a call: the stored one while fresh, else a refresh-token
 * grant (RFC 6749 §6) with the newest refresh token (the token store's, else the secrets').
 */
export function oauthAccessToken<C, S>(flow: AuthorizationCodeFlow<C, S>, ctx: { config: C; secrets: S; tokens: TokenAccess; timeoutMs: number }): Promise<string> {
  return ctx.tokens.get(flow.tokenName, async (previous) => {
    const settings = flow.settings(ctx.config, ctx.secrets);
    const refreshToken = previous?.refreshToken ?? flow.storedRefreshToken(ctx.secrets);
    if (typeof settings === "string" || !refreshToken) {
      throw new VendorError({
        vendor: flow.vendor.id,
        operation: `${flow.vendor.id}.oauth.token`,
        code: "AUTH",
        vendorMessage: typeof settings === "string" ? settings : `the connection is not authorized yet: open /v1/${flow.vendor.id}/oauth/start`,
        retryable: false,
      });
    }
    return requestToken({
      vendor: flow.vendor.id,
      tokenUrl: settings.tokenUrl,
      clientId: settings.clientId,
      clientSecret: settings.clientSecret,
      form: { grant_type: "refresh_token", refresh_token: refreshToken },
      timeoutMs: ctx.timeoutMs,
    });
  });
}
