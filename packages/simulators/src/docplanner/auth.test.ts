import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { requestToken } from "./contract-client";
import { MAIN, OTHER, startFixture, type Fixture } from "./fixture";

let f: Fixture;
beforeEach(async () => {
  f = await startFixture([{ ...MAIN, tokenTtlSeconds: 600 }, OTHER]);
});
afterEach(() => f.sim.stop());

const tokenRequest = (init: RequestInit) => fetch(`${f.sim.url}/oauth/v2/token`, { method: "POST", ...init });
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;

describe("Docplanner simulator: OAuth 2.0 client credentials", () => {
  it("issues a bearer token for HTTP Basic credentials and the integration scope", async () => {
    const res = await requestToken(f.sim, MAIN);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.body).toEqual({ access_token: expect.stringMatching(/^[0-9a-f]{40}$/), expires_in: 600, token_type: "bearer", scope: "integration" });
    const facilities = await f.client.call("getFacilities", { token: String(res.body.access_token) });
    expect(facilities.status).toBe(200);
    expect(f.sim.stats().tokensIssued).toBe(1);
  });

  it("answers scope null when none was asked for, as the docs' own response example", async () => {
    const res = await requestToken(f.sim, MAIN, "grant_type=client_credentials");
    expect(res.body.scope).toBeNull();
  });

  it("refuses wrong credentials with 401 invalid_client", async () => {
    for (const authorization of [basic(MAIN.clientId, "wrong"), basic("nobody", MAIN.clientSecret), "Bearer x", ""]) {
      const res = await tokenRequest({ headers: { Authorization: authorization }, body: "grant_type=client_credentials&scope=integration" });
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe('Basic realm="Service"');
      expect(await res.json()).toEqual({ error: "invalid_client", error_description: "The client credentials are invalid" });
    }
    expect(f.sim.stats().tokensIssued).toBe(0);
  });

  it("refuses a missing or other grant and another scope with 400", async () => {
    const cases: [string, string][] = [
      ["scope=integration", "invalid_request"],
      ["grant_type=password&scope=integration", "unsupported_grant_type"],
      ["grant_type=client_credentials&scope=admin", "invalid_scope"],
    ];
    for (const [body, error] of cases) {
      const res = await tokenRequest({ headers: { Authorization: basic(MAIN.clientId, MAIN.clientSecret), "Content-Type": "application/x-www-form-urlencoded" }, body });
      expect({ status: res.status, error: ((await res.json()) as { error: string }).error }).toEqual({ status: 400, error });
    }
    const get = await fetch(`${f.sim.url}/oauth/v2/token`, { headers: { Authorization: basic(MAIN.clientId, MAIN.clientSecret) } });
    expect(get.status).toBe(405);
  });

  it("expires tokens on the simulator clock", async () => {
    const token = await f.client.accessToken();
    f.advance(599_000);
    expect((await f.client.call("getFacilities", { token })).status).toBe(200);
    f.advance(1_000);
    const expired = await f.client.call("getFacilities", { token });
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual({ errors: [], message: "The access token provided has expired." });
    expect(expired.headers.get("www-authenticate")).toContain('error="invalid_token"');
  });

  it("answers 401 without a token or with an unknown one", async () => {
    const none = await fetch(f.client.url("getFacilities"));
    expect(none.status).toBe(401);
    expect(none.headers.get("content-type")).toBe("application/vnd.error+docplanner+json");
    expect(await none.json()).toEqual({ errors: [], message: "OAuth2 authentication required" });
    const unknown = await f.client.call("getFacilities", { token: "0".repeat(40) });
    expect(unknown.status).toBe(401);
    expect(unknown.body.message).toBe("The access token provided is invalid.");
  });

  it("revokes every token issued to a client, and only that client's", async () => {
    const before = await f.client.accessToken();
    const otherToken = await f.otherClient.accessToken();
    f.sim.revokeTokens(MAIN.clientId);
    expect((await f.client.call("getFacilities", { token: before })).status).toBe(401);
    expect((await f.otherClient.call("getFacilities", { token: otherToken })).status).toBe(200);
    const fresh = String((await requestToken(f.sim, MAIN)).body.access_token);
    expect((await f.client.call("getFacilities", { token: fresh })).status).toBe(200);
  });

  it("scopes a token to its own client's resources", async () => {
    const mine = await f.client.call("getFacilities");
    const theirs = await f.otherClient.call("getFacilities");
    const myIds = mine.body._items.map((x: { id: string }) => x.id);
    expect(theirs.body._items.map((x: { id: string }) => x.id).some((id: string) => myIds.includes(id))).toBe(false);
    const foreign = await f.client.call("getFacility", { params: { facility_id: theirs.body._items[0].id } });
    expect(foreign.status).toBe(403);
    expect(foreign.body.message).toBe("You are not authorized to see this facility");
  });
});
