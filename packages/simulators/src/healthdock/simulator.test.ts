import { createHmac } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHealthdockSimulator, type HealthdockSimulator } from "./index";

/** The HealthDock simulator's own rules, without our API in front. */
let sim: HealthdockSimulator;
const redirectUri = "https://us.example/v1/healthdock/oauth/callback";

beforeAll(async () => {
  sim = await startHealthdockSimulator({
    accounts: [{ id: "a", apiKey: "key-a", webhookSecret: "whsec", rateLimit: 3, windowMs: 60_000, oauth: { clientId: "client", clientSecret: "secret", redirectUri } }],
  });
});
afterAll(() => sim.stop());

const api = async (path: string, init: RequestInit = {}) => {
  const res = await fetch(`${sim.url}${path}`, init);
  return { status: res.status, headers: res.headers, json: (await res.json().catch(() => undefined)) as any };
};
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;

describe("HealthDock simulator", () => {
  it("needs the Bearer key, answers the envelope with rate-limit headers (Reset in epoch seconds) and 429 past the limit", async () => {
    const none = await api("/v1/patients");
    expect(none.json).toEqual({ success: false, error: { code: "UNAUTHORIZED", message: "Invalid or missing API key" } });
    const page = await api("/v1/patients?page=1&limit=10", { headers: { authorization: "Bearer key-a" } });
    expect(page.json.data.pagination).toEqual({ current_page: 1, total_pages: 3, total_count: 25 });
    expect(page.headers.get("x-ratelimit-limit")).toBe("3");
    expect(page.headers.get("x-ratelimit-remaining")).toBe("2");
    // The window's end in epoch seconds: a whole minute, less than a minute ahead.
    const reset = Number(page.headers.get("x-ratelimit-reset"));
    expect(reset % 60).toBe(0);
    expect(reset * 1000 - Date.now()).toBeGreaterThan(-1000);
    expect(reset * 1000 - Date.now()).toBeLessThanOrEqual(60_000);
    const tooBig = await api("/v1/patients?limit=101", { headers: { authorization: "Bearer key-a" } });
    expect(tooBig.json.error).toEqual({ code: "INVALID_REQUEST", message: "The request parameters are invalid", details: { field: "limit", issue: "must be at most 100" } });
    await api("/v1/patients", { headers: { authorization: "Bearer key-a" } });
    const limited = await api("/v1/patients", { headers: { authorization: "Bearer key-a" } });
    expect([limited.status, limited.json.error.code, limited.headers.get("x-ratelimit-remaining")]).toEqual([429, "RATE_LIMIT_EXCEEDED", "0"]);
  });

  it("authorizes with a single-use code for the registered redirect URI, and refreshes with rotated refresh tokens", async () => {
    const authorize = await fetch(`${sim.url}/oauth/authorize?response_type=code&client_id=client&redirect_uri=${encodeURIComponent(redirectUri)}&state=s1`, { redirect: "manual" });
    const back = new URL(authorize.headers.get("location")!);
    expect([authorize.status, back.searchParams.get("state")]).toEqual([302, "s1"]);
    expect((await fetch(`${sim.url}/oauth/authorize?response_type=code&client_id=client&redirect_uri=https://evil.example/`, { redirect: "manual" })).status).toBe(400);
    const exchange = (form: Record<string, string>, auth = basic("client", "secret")) =>
      api("/oauth/token", { method: "POST", headers: { authorization: auth, "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(form).toString() });
    const code = back.searchParams.get("code")!;
    expect((await exchange({ grant_type: "authorization_code", code, redirect_uri: redirectUri }, basic("client", "wrong"))).status).toBe(401);
    const tokens = await exchange({ grant_type: "authorization_code", code, redirect_uri: redirectUri });
    expect(tokens.json).toMatchObject({ access_token: expect.any(String), token_type: "Bearer", expires_in: 3600, refresh_token: expect.any(String) });
    expect((await exchange({ grant_type: "authorization_code", code, redirect_uri: redirectUri })).json).toEqual({ error: "invalid_grant" });
    const refreshed = await exchange({ grant_type: "refresh_token", refresh_token: tokens.json.refresh_token });
    expect(refreshed.status).toBe(200);
    expect((await exchange({ grant_type: "refresh_token", refresh_token: tokens.json.refresh_token })).json).toEqual({ error: "invalid_grant" });
    sim.expireAccessTokens();
    expect((await api("/v1/appointments", { headers: { authorization: `Bearer ${refreshed.json.access_token}` } })).json.error.code).toBe("TOKEN_EXPIRED");
  });

  it("delivers signed webhooks to a URL, in both readings of the docs", async () => {
    const received: { body: string; signature: string | undefined }[] = [];
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        received.push({ body, signature: req.headers["x-healthdock-signature"] as string | undefined });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const hmac = (s: string) => `sha256=${createHmac("sha256", "whsec").update(s).digest("hex")}`;
    try {
      sim.setWebhook("a", { webhookUrl: url, webhookSignature: "body" });
      expect(await sim.emit("a", "patient.created", { patient_id: "P1" })).toBe(204);
      const { signature, ...payload } = JSON.parse(received[0]!.body) as { signature: string };
      expect(signature).toBe(hmac(JSON.stringify(payload)));
      sim.setWebhook("a", { webhookUrl: url, webhookSignature: "header" });
      expect(await sim.emit("a", "patient.created", { patient_id: "P2" })).toBe(204);
      expect(received[1]!.signature).toBe(hmac(received[1]!.body));
      expect(sim.deliveries("a").map((d) => d.status)).toEqual([204, 204]);
    } finally {
      server.close();
    }
  });
});
