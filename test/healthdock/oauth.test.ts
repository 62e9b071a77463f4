import { randomBytes } from "node:crypto";
import { OAuthStates, signState } from "@switchboard/core/auth/oauth-state";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addHealthdockConnection, CALLBACK_PATH } from "../support/healthdock";
import { apiClient, startTestStack } from "../support/local";

/**
 * HealthDock's OAuth 2.0 authorization code flow for a third-party connection, end to end: the
 * JWT-authenticated start redirects to HealthDock with a signed state, the browser comes back to
 * our public callback, which exchanges the code and stores the tokens; calls then carry the
 * access token, refreshed before it expires. A forged, expired or replayed state is refused.
 */
let stack: Awaited<ReturnType<typeof startTestStack>>;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack.cleanup());

const sim = () => stack.simulators.healthdock;
const noRedirect = (url: string, headers: Record<string, string> = {}) => fetch(url, { redirect: "manual", headers });

/** The start, as the back office calls it: the authorize URL HealthDock's page is at. */
async function start(connectionId: string, tenant = "t1"): Promise<URL> {
  const res = await noRedirect(`${stack.apiUrl}/v1/healthdock/oauth/start?connectionId=${connectionId}`, { authorization: `Bearer ${await stack.token(tenant)}` });
  expect(res.status, await res.clone().text()).toBe(302);
  return new URL(res.headers.get("location")!);
}

/** The clinic's browser: to HealthDock's authorize page (which approves), and back to our callback. */
async function consent(authorize: URL): Promise<string> {
  const res = await noRedirect(authorize.toString());
  expect(res.status).toBe(302);
  return res.headers.get("location")!;
}

const secretsOf = async (connectionId: string) => stack.deps.credentials.get((await stack.deps.connections.require(connectionId)).secretRef);

describe("HealthDock OAuth authorization code", () => {
  it("starts with the authorize URL's parameters and a state, exchanges the code at the callback and signs calls with the access token", async () => {
    const { client } = await addHealthdockConnection(stack, { connectionId: "hd-oauth", tenantId: "t1", oauth: {} });
    const authorize = await start("hd-oauth");
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${sim().url}/oauth/authorize`);
    expect(Object.fromEntries(authorize.searchParams)).toEqual({
      response_type: "code",
      client_id: client.clientId,
      redirect_uri: `${stack.apiUrl}${CALLBACK_PATH}`,
      scope: "patients appointments",
      state: expect.stringMatching(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/),
    });
    const callback = await consent(authorize);
    expect(callback.startsWith(`${stack.apiUrl}${CALLBACK_PATH}?code=`)).toBe(true);
    const done = await fetch(callback);
    expect([done.status, await done.json()]).toEqual([200, { connected: true, connectionId: "hd-oauth" }]);
    expect(sim().stats().grants.authorization_code).toBe(1);

    const secrets = await secretsOf("hd-oauth");
    expect(secrets).toMatchObject({ oauthAccessToken: expect.any(String), oauthRefreshToken: expect.any(String), oauthAccessTokenExpiresAt: expect.any(String) });
    const api = apiClient(stack, await stack.token("t1"));
    const before = sim().requests.length;
    expect((await api("GET", "/v1/healthdock/hd-oauth/patients")).status).toBe(200);
    expect(sim().requests.slice(before).map((r) => r.headers.authorization)).toEqual([`Bearer ${secrets.oauthAccessToken}`]);

    // The same callback again: the state was good once.
    const replayed = await fetch(callback);
    expect(replayed.status).toBe(400);
    expect(((await replayed.json()) as { detail: string }).detail).toMatch(/used already/);
    expect(sim().stats().grants.authorization_code).toBe(1);
  });

  it("refuses forged states: another signature, another payload, another connection's key, garbage", async () => {
    await addHealthdockConnection(stack, { connectionId: "hd-forged", tenantId: "t1", oauth: {} });
    await addHealthdockConnection(stack, { connectionId: "hd-forged-2", tenantId: "t1", oauth: {} });
    const state = (await start("hd-forged")).searchParams.get("state")!;
    const [payload, mac] = state.split(".") as [string, string];
    const other = JSON.parse(Buffer.from(payload, "base64url").toString()) as { c: string; n: string; e: number };
    const otherKeyState = signState({ connectionId: "hd-forged", nonce: other.n, expiresAt: other.e }, (await secretsOf("hd-forged-2")).oauthStateKey!);
    const forgeries = [
      `${payload}.${randomBytes(32).toString("base64url")}`,
      `${Buffer.from(JSON.stringify({ ...other, e: other.e + 3_600_000 })).toString("base64url")}.${mac}`,
      `${Buffer.from(JSON.stringify({ ...other, c: "hd-forged-2" })).toString("base64url")}.${mac}`,
      otherKeyState,
      "not-a-state",
      `${Buffer.from(JSON.stringify({ c: "../../etc", n: "x", e: 1 })).toString("base64url")}.${mac}`,
    ];
    for (const forged of forgeries) {
      const res = await fetch(`${stack.apiUrl}${CALLBACK_PATH}?code=anything&state=${encodeURIComponent(forged)}`);
      expect([forged, res.status]).toEqual([forged, 400]);
    }
    const missing = await fetch(`${stack.apiUrl}${CALLBACK_PATH}?code=anything`);
    expect(missing.status).toBe(400);
    // None reached the token endpoint, and the genuine state still works afterwards.
    expect(sim().stats().grants.authorization_code).toBe(1);
    const authorize = await start("hd-forged");
    expect((await fetch(await consent(authorize))).status).toBe(200);
  });

  it("refuses an expired state, even one we signed and never used", async () => {
    await addHealthdockConnection(stack, { connectionId: "hd-expired", tenantId: "t1", oauth: {} });
    const expired = { connectionId: "hd-expired", nonce: randomBytes(18).toString("base64url"), expiresAt: Date.now() - 1000 };
    await new OAuthStates(stack.deps.ddb, stack.deps.config.TABLE_NAME).remember(expired);
    const state = signState(expired, (await secretsOf("hd-expired")).oauthStateKey!);
    const res = await fetch(`${stack.apiUrl}${CALLBACK_PATH}?code=anything&state=${encodeURIComponent(state)}`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/expired/);
  });

  it("answers a refused consent as not authorized and burns the state", async () => {
    const { account } = await addHealthdockConnection(stack, { connectionId: "hd-denied", tenantId: "t1", oauth: {} });
    sim().setConsent(account.id, "deny");
    const callback = await consent(await start("hd-denied"));
    expect(new URL(callback).searchParams.get("error")).toBe("access_denied");
    const res = await fetch(callback);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: "access_denied" });
    expect((await fetch(callback)).status).toBe(400);
  });

  it("lets only the tenant that owns an OAuth connection start its flow", async () => {
    await addHealthdockConnection(stack, { connectionId: "hd-owned", tenantId: "t1", oauth: {} });
    await addHealthdockConnection(stack, { connectionId: "hd-keyed", tenantId: "t1" });
    const asOther = await noRedirect(`${stack.apiUrl}/v1/healthdock/oauth/start?connectionId=hd-owned`, { authorization: `Bearer ${await stack.token("t2")}` });
    expect(asOther.status).toBe(403);
    const anonymous = await noRedirect(`${stack.apiUrl}/v1/healthdock/oauth/start?connectionId=hd-owned`);
    expect(anonymous.status).toBe(401);
    const notOAuth = await noRedirect(`${stack.apiUrl}/v1/healthdock/oauth/start?connectionId=hd-keyed`, { authorization: `Bearer ${await stack.token("t1")}` });
    expect(notOAuth.status).toBe(409);
    const json = await fetch(`${stack.apiUrl}/v1/healthdock/oauth/start?connectionId=hd-owned`, { headers: { authorization: `Bearer ${await stack.token("t1")}`, accept: "application/json" } });
    expect(await json.json()).toMatchObject({ authorizeUrl: expect.stringContaining("/oauth/authorize?"), expiresAt: expect.any(String) });
  });

  it("refreshes the access token before it expires, with the newest (rotated) refresh token, and after a refusal", async () => {
    await addHealthdockConnection(stack, { connectionId: "hd-refresh", tenantId: "t1", oauth: { accessTokenTtlSeconds: 2 } });
    expect((await fetch(await consent(await start("hd-refresh")))).status).toBe(200);
    const api = apiClient(stack, await stack.token("t1"));
    const refreshes = () => sim().stats().grants.refresh_token ?? 0;
    const before = sim().requests.length;
    const initial = refreshes();
    expect((await api("GET", "/v1/healthdock/hd-refresh/patients")).status).toBe(200);
    for (let round = 1; round <= 2; round++) {
      await new Promise((r) => setTimeout(r, 1700));
      expect((await api("GET", "/v1/healthdock/hd-refresh/patients")).status).toBe(200);
      // Refreshed ahead of expiry: HealthDock never saw the old token refused. The simulator
      // revokes each refresh token it rotates, so the second round used the first's new one.
      expect(refreshes() - initial).toBe(round);
    }
    const api401 = sim().requests.slice(before).filter((r) => r.path === "/v1/patients" && r.status === 401);
    expect(api401).toEqual([]);
    const tokens = sim().requests.slice(before).filter((r) => r.path === "/v1/patients").map((r) => r.headers.authorization);
    expect(new Set(tokens).size).toBe(3);

    sim().expireAccessTokens();
    expect((await api("GET", "/v1/healthdock/hd-refresh/patients")).status).toBe(200);
    expect(refreshes() - initial).toBe(3);
  });

  it("answers a typed AUTH error for an OAuth connection not yet authorized", async () => {
    await addHealthdockConnection(stack, { connectionId: "hd-unauthorized", tenantId: "t1", oauth: {} });
    const res = await apiClient(stack, await stack.token("t1"))("GET", "/v1/healthdock/hd-unauthorized/patients");
    expect(res.status).toBe(502);
    expect(res.json).toMatchObject({ vendor: "healthdock", code: "AUTH", retryable: false, vendorMessage: expect.stringContaining("/v1/healthdock/oauth/start") });
  });
});
