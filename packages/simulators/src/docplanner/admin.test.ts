import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { requestToken } from "./contract-client";
import { MAIN, startFixture, type Fixture } from "./fixture";

let f: Fixture;
beforeEach(async () => {
  f = await startFixture();
});
afterEach(() => f.sim.stop());

const admin = (path: string, init: RequestInit = {}) =>
  fetch(`${f.sim.url}/__sim${path}`, { ...init, headers: { "Content-Type": "application/json", ...init.headers } });

describe("Docplanner simulator: admin endpoints and faults", () => {
  it("drives the simulator over HTTP under /__sim/docplanner, unrecorded", async () => {
    const ids = await admin(`/docplanner/ids?clientId=${MAIN.clientId}`);
    expect(await ids.json()).toEqual(f.ids);
    const raised = await admin("/docplanner/notifications", { method: "POST", body: JSON.stringify({ clientId: MAIN.clientId, name: "break-created" }) });
    expect(raised.status).toBe(200);
    expect((await f.client.call("Pull Notification")).body).toEqual(await raised.json());
    const booked = await admin("/docplanner/bookings", { method: "POST", body: JSON.stringify({ clientId: MAIN.clientId }) });
    expect(await booked.json()).toEqual({ approved: true, bookingId: expect.any(String) });

    const added = await admin("/docplanner/accounts", { method: "POST", body: JSON.stringify({ clientId: "new-clinic", clientSecret: "s", seed: 5 }) });
    expect(added.status).toBe(204);
    expect((await requestToken(f.sim, { clientId: "new-clinic", clientSecret: "s" })).status).toBe(200);

    const token = await f.client.accessToken();
    expect((await admin("/docplanner/revoke", { method: "POST", body: JSON.stringify({ clientId: MAIN.clientId }) })).status).toBe(204);
    expect((await f.client.call("getFacilities", { token })).status).toBe(401);

    expect((await admin("/docplanner/push", { method: "PUT", body: JSON.stringify({ clientId: MAIN.clientId, mode: "push" }) })).status).toBe(204);
    expect((await f.client.call("Release Notifications")).status).toBe(204);

    const stats = (await (await admin("/docplanner/stats")).json()) as { tokensIssued: number };
    expect(stats.tokensIssued).toBe(f.sim.stats().tokensIssued);
    expect(f.sim.requests.some((r) => r.path.startsWith("/__sim"))).toBe(false);
  });

  it("answers bad admin input with 400 and unknown admin paths with 404", async () => {
    const unknown = await admin("/docplanner/notifications", { method: "POST", body: JSON.stringify({ clientId: "nobody", name: "break-created" }) });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: string }).error).toMatch(/unknown Docplanner simulator client nobody/);
    expect((await admin("/docplanner/nothing")).status).toBe(404);
    expect((await admin("/health")).status).toBe(200);
  });

  it("injects faults with Docplanner's media types", async () => {
    await f.client.accessToken();
    const inject = await admin("/faults", { method: "POST", body: JSON.stringify({ kind: "status", status: 503, pathPrefix: "/api/v3/integration/facilities" }) });
    expect(inject.status).toBe(204);
    const failed = await fetch(f.client.url("getFacilities"), { headers: { Authorization: `Bearer ${await f.client.accessToken()}` } });
    expect(failed.status).toBe(503);
    expect(failed.headers.get("content-type")).toBe("application/vnd.error+docplanner+json");
    expect(await failed.json()).toEqual({ errors: [], message: "Simulated failure" });

    f.sim.faults.inject({ kind: "malformed" });
    const malformed = await fetch(f.client.url("getFacilities"), { headers: { Authorization: `Bearer ${await f.client.accessToken()}` } });
    expect(malformed.headers.get("content-type")).toBe("application/vnd.docplanner+json; charset=UTF-8");
    await expect(malformed.json()).rejects.toThrow();

    f.sim.faults.inject({ kind: "drop" });
    await expect(fetch(f.client.url("getFacilities"))).rejects.toThrow();
    expect(f.sim.stats().byStatus.dropped).toBe(1);
  });
});
