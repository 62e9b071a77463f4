import * as v from "valibot";
import { describe, expect, it } from "vitest";
import type { AuthorizeContext, PreparedRequest } from "../../catalogue";
import { placeholderTokens } from "../../auth/tokens";
import { unixSeconds, visitType } from "./fields";
import { interpretVsee } from "./interpret";
import { renewalOf, ssoToken } from "./sso";
import { vsee } from "./vendor";

const response = (status: number, body: unknown) => ({ status, headers: new Headers(), text: typeof body === "string" ? body : JSON.stringify(body) });
const request = (path: string): PreparedRequest => ({ method: "GET", url: `https://api.vsee.me${path}`, path, headers: {} });
const ctx = (user?: string): AuthorizeContext => ({
  config: { baseUrl: "https://api.vsee.me/api_v3", accountCode: "vclinic", requestsPerMinute: 300 },
  secrets: { apiToken: "admin-token", apiKey: "api-key" },
  now: new Date(),
  tokens: placeholderTokens,
  timeoutMs: 1000,
  ...(user && { user: { code: user } }),
});

describe("VSee answers", () => {
  it("are their data with typed fields, or typed errors from {error: …} under any status", () => {
    expect(interpretVsee(response(200, { data: { status: "20" } }))).toEqual({ ok: true, body: { data: { status: "20", _typed: { status: 20 } } } });
    expect(interpretVsee(response(200, { error: { code: 401, message: "Token expired" } }))).toMatchObject({ ok: false, code: "AUTH", vendorStatus: "401", message: "Token expired" });
    expect(interpretVsee(response(200, { error: "Invalid provider_id" }))).toMatchObject({ ok: false, code: "REJECTED", retryable: false, message: "Invalid provider_id" });
    expect(interpretVsee(response(404, { error: { code: 404, message: "Visit not found" } }))).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(interpretVsee(response(503, "<html>down</html>"))).toMatchObject({ ok: false, code: "UNAVAILABLE", retryable: true });
    expect(interpretVsee(response(200, "{"))).toMatchObject({ ok: false, code: "MALFORMED_RESPONSE" });
  });
});

describe("VSee signing", () => {
  it("sends the account code everywhere; the API key and no token to SSO; the key besides the token to e-consults", async () => {
    expect(await vsee.authorize(request("/api_v3/users/sso"), ctx("user-1"))).toEqual({ "X-AccountCode": "vclinic", "X-ApiKey": "api-key" });
    expect(await vsee.authorize(request("/api_v3/visits/add_econsult"), ctx())).toEqual({ "X-AccountCode": "vclinic", "X-ApiToken": "admin-token", "X-ApiKey": "api-key" });
  });

  it("signs as the acting user with their token, else with the account's", async () => {
    expect(await vsee.authorize(request("/api_v3/visits"), ctx("user-1"))).toEqual({ "X-AccountCode": "vclinic", "X-ApiToken": "<user:user-1 token>" });
    expect(await vsee.authorize(request("/api_v3/visits"), ctx())).toEqual({ "X-AccountCode": "vclinic", "X-ApiToken": "admin-token" });
  });
});

describe("VSee SSO tokens", () => {
  it("read data.token with its expiry and refresh token, as the User API's example answers", () => {
    const answer = { data: { id: "10008", token: { user_id: "10008", token: "0437c1ce", expiry: 1473821786, refresh_token: { token: "2693615f", expiry: 1476327386 } } } };
    expect(ssoToken(answer, 1473735386_000)).toEqual({ accessToken: "0437c1ce", expiresInSeconds: 86_400, refreshToken: "2693615f" });
    expect(ssoToken({ data: { id: "1" } }, 0)).toBeUndefined();
  });

  it("keep for renewal only the fields VSee requires and the type", () => {
    expect(renewalOf({ first_name: "A", last_name: "B", dob: "1990-01-01", email: "a@b.c", type: 200 })).toEqual({ first_name: "A", last_name: "B", type: "200" });
  });
});

describe("VSee fields", () => {
  it("take visit types as numbers or digits, refusing others with the types' names", () => {
    expect(v.parse(visitType, "2")).toBe(2);
    expect(v.parse(visitType, 3)).toBe(3);
    const refused = v.safeParse(visitType, 4);
    expect(refused.success ? "" : refused.issues[0]!.message).toBe("must be a visit type: 1 (walk-in), 2 (appointment), 3 (e-consult)");
  });

  it("take instants as Unix seconds, or ISO 8601 with an offset converted to them", () => {
    expect(v.parse(unixSeconds, 1470669300)).toBe("1470669300");
    expect(v.parse(unixSeconds, "1470669300")).toBe("1470669300");
    expect(v.parse(unixSeconds, "2016-08-08T15:15:00Z")).toBe("1470669300");
    expect(v.parse(unixSeconds, "2016-08-08T20:45:00+05:30")).toBe("1470669300");
    for (const bad of ["2016-08-08T15:15:00", "yesterday", -5, 1.5]) expect(v.safeParse(unixSeconds, bad).success).toBe(false);
  });
});
