import { registerLocalPublisher } from "@switchboard/core/events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDocplannerConnection, at, docplannerOp, routeFor } from "../support/docplanner";
import { apiClient, eventually, startTestStack } from "../support/local";

/**
 * Docplanner's platform flows on the local stack: the shared OAuth token, notifications pulled and
 * pushed into the inbox and onto the bus, and paged lists. The budgets are in budgets.test.ts.
 */
let stack: Awaited<ReturnType<typeof startTestStack>>;
let api: ReturnType<typeof apiClient>;
const sim = () => stack.simulators.docplanner;
const day = 86_400_000;

beforeAll(async () => {
  stack = await startTestStack({ env: { INBOX_CLAIM_MS: "300", READ_WAIT_BUDGET_MS: "15000", WRITE_WAIT_BUDGET_MS: "15000" } });
  api = apiClient(stack, await stack.token("t1"));
});
afterAll(() => stack.cleanup());

const facilities = (connectionId: string) => api("GET", `/v1/docplanner/${connectionId}/facilities`);
const published = (connectionId: string) => stack.bus.history.filter((e) => e.detail.connectionId === connectionId && e["detail-type"].startsWith("docplanner."));

describe("Docplanner OAuth token, shared", () => {
  it("makes one token request for 50 concurrent first calls", async () => {
    await addDocplannerConnection(stack, { connectionId: "dp-token", tenantId: "t1" });
    const before = sim().stats().tokensIssued;
    const results = await Promise.all(Array.from({ length: 50 }, () => facilities("dp-token")));
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(200));
    expect(sim().stats().tokensIssued - before).toBe(1);
  });

  it("on a 401 forgets the token, fetches a new one once and retries the call once", async () => {
    const { account } = await addDocplannerConnection(stack, { connectionId: "dp-revoked", tenantId: "t1" });
    expect((await facilities("dp-revoked")).status).toBe(200);
    const before = sim().stats().tokensIssued;
    sim().revokeTokens(account.clientId);
    const results = await Promise.all(Array.from({ length: 5 }, () => facilities("dp-revoked")));
    expect(results.map((r) => r.status)).toEqual(Array(5).fill(200));
    expect(sim().stats().tokensIssued - before).toBe(1);
    expect(sim().requests.filter((r) => r.status === 401 && r.headers.authorization !== undefined).length).toBeGreaterThan(0);
  });

  it("refreshes a token before it expires", async () => {
    await addDocplannerConnection(stack, { connectionId: "dp-short", tenantId: "t1", account: { tokenTtlSeconds: 2 } });
    const before = sim().stats().tokensIssued;
    expect((await facilities("dp-short")).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1700)); // inside the last fifth of its 2 s life
    expect((await facilities("dp-short")).status).toBe(200);
    expect(sim().stats().tokensIssued - before).toBe(2);
    expect(sim().requests.filter((r) => r.status === 401).every((r) => !r.path.includes("dp-short"))).toBe(true);
  });

  it("answers a connection whose credentials Docplanner refuses with 502, never its secret", async () => {
    const { connection } = await addDocplannerConnection(stack, { connectionId: "dp-badcreds", tenantId: "t1" });
    const secrets = await stack.deps.credentials.get(connection.secretRef);
    await stack.deps.credentials.put(connection.secretRef, { ...secrets, clientSecret: "not-the-secret" });
    const res = await facilities("dp-badcreds");
    expect(res.status).toBe(502);
    expect(res.json).toMatchObject({ vendor: "docplanner", operation: "docplanner.oauth.token", code: "AUTH", retryable: false });
    expect(res.text).not.toContain("not-the-secret");
  });
});

describe("Docplanner notifications", () => {
  const pull = () => stack.runSchedule("docplanner.notifications");

  it("pulls every pull-mode connection's notifications and publishes each as docplanner.{name}", async () => {
    const { account } = await addDocplannerConnection(stack, { connectionId: "dp-pull", tenantId: "t1" });
    const sent = [await sim().notify(account.clientId, "slot-booked"), await sim().notify(account.clientId, "booking-canceled"), await sim().notify(account.clientId, "break-created")];
    await pull();
    const events = published("dp-pull");
    expect(events.map((e) => e["detail-type"])).toEqual(["docplanner.slot-booked", "docplanner.booking-canceled", "docplanner.break-created"]);
    expect(events[0]!.detail).toMatchObject({ connectionId: "dp-pull", name: "slot-booked", createdAt: sent[0]!.created_at, data: sent[0]!.data, via: "pull" });
    expect(events[0]!.detail.notificationId).toMatch(/^[0-9a-f]{32}$/);
    // Pulled means gone from Docplanner: a second tick finds nothing new.
    await pull();
    expect(published("dp-pull")).toHaveLength(3);
  });

  it("pulls in batches until Docplanner reports none remaining", async () => {
    const { account } = await addDocplannerConnection(stack, { connectionId: "dp-many", tenantId: "t1" });
    // Distinct breaks: identical notifications (same name, data and second) are one event by design.
    for (let i = 0; i < 130; i++) await sim().notify(account.clientId, "break-created", { break: { id: `b${i}`, since: at(Date.now() + day), till: at(Date.now() + day + 3_600_000) } });
    await pull();
    expect(published("dp-many")).toHaveLength(130);
    const pulls = sim().requests.filter((r) => r.path.endsWith("/notifications/multiple") && r.query.includes("limit=100"));
    expect(pulls.length).toBeGreaterThanOrEqual(2);
  });

  it("runs one puller at a time per connection", async () => {
    const { account } = await addDocplannerConnection(stack, { connectionId: "dp-overlap", tenantId: "t1" });
    for (let i = 0; i < 5; i++) await sim().notify(account.clientId, "break-removed", { break: { id: `r${i}` } });
    const pullsBefore = sim().requests.filter((r) => r.path.endsWith("/notifications/multiple")).length;
    await Promise.all([pull(), pull()]);
    expect(published("dp-overlap")).toHaveLength(5);
    expect(sim().requests.filter((r) => r.path.endsWith("/notifications/multiple")).length - pullsBefore).toBeGreaterThanOrEqual(1);
  });

  it("loses nothing already received when the puller dies between pulling and publishing", async () => {
    const { account } = await addDocplannerConnection(stack, { connectionId: "dp-crash", tenantId: "t1" });
    await sim().notify(account.clientId, "slot-booked");
    await sim().notify(account.clientId, "presence-marked");
    // The bus fails as the puller publishes: it has stored the batch, and stops there.
    registerLocalPublisher({ publish: async () => Promise.reject(new Error("the container died")) });
    try {
      await pull();
    } finally {
      registerLocalPublisher(stack.bus);
    }
    expect(published("dp-crash")).toHaveLength(0);
    // Nothing is left at Docplanner: only our inbox has them now.
    expect((await api("GET", "/v1/docplanner/dp-crash/notifications/multiple?limit=10")).status).toBe(404);
    await new Promise((r) => setTimeout(r, 400)); // past the dead receipt's claim
    await pull();
    expect(published("dp-crash").map((e) => e["detail-type"]).sort()).toEqual(["docplanner.presence-marked", "docplanner.slot-booked"]);
    await pull();
    expect(published("dp-crash")).toHaveLength(2);
  });

  it("publishes a notification pushed and pulled once", async () => {
    const pullSide = await addDocplannerConnection(stack, { connectionId: "dp-both", tenantId: "t1" });
    const notification = await sim().notify(pullSide.account.clientId, "slot-booked");
    await pull();
    // Docplanner pushes the same notification too (a push-mode switch, a release).
    const pushed = await fetch(pullSide.pushUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(notification) });
    expect(pushed.status).toBe(200);
    expect(published("dp-both")).toHaveLength(1);
    expect(published("dp-both")[0]!.detail.via).toBe("pull");
  });

  it("receives pushes: stored, published with via push, answered 200", async () => {
    const { account } = await addDocplannerConnection(stack, { connectionId: "dp-push", tenantId: "t1", account: { notifications: "push" } });
    await sim().notify(account.clientId, "booking-moved");
    const event = await eventually(async () => published("dp-push")[0]);
    expect(event).toMatchObject({ "detail-type": "docplanner.booking-moved", detail: { via: "push", name: "booking-moved" } });
    // Nothing was queued for pulling: push clients get theirs pushed.
    expect((await api("GET", "/v1/docplanner/dp-push/notifications")).status).toBe(404);
  });

  it("answers the approval hooks by the connection's bookingApproval", async () => {
    const approving = await addDocplannerConnection(stack, { connectionId: "dp-approve", tenantId: "t1", account: { notifications: "push" } });
    const denying = await addDocplannerConnection(stack, { connectionId: "dp-deny", tenantId: "t1", account: { notifications: "push" }, config: { bookingApproval: "deny" } });
    expect((await sim().patientBooks(approving.account.clientId)).approved).toBe(true);
    expect((await sim().patientBooks(denying.account.clientId)).approved).toBe(false);
    await eventually(async () => (published("dp-approve").some((e) => e["detail-type"] === "docplanner.slot-booked") ? true : undefined));
    expect(published("dp-approve").map((e) => e["detail-type"])).toEqual(["docplanner.slot-booking", "docplanner.slot-booked"]);
    // A denied request is still published (as asked), and never followed by a booking.
    expect(published("dp-deny").map((e) => e["detail-type"])).toEqual(["docplanner.slot-booking"]);
  });

  it("answers a push to an unknown connection or with a wrong token 404, and keeps nothing", async () => {
    const { pushUrl } = await addDocplannerConnection(stack, { connectionId: "dp-guard", tenantId: "t1" });
    const body = JSON.stringify({ name: "slot-booked", data: {}, created_at: at(Date.now()) });
    const wrongToken = pushUrl.replace(/\/[^/]+$/, `/${"x".repeat(32)}`);
    const unknown = pushUrl.replace("/dp-guard/", "/dp-nobody/");
    for (const url of [wrongToken, unknown]) {
      const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body });
      expect(res.status).toBe(404);
    }
    expect(published("dp-guard")).toHaveLength(0);
    expect(await stack.deps.archive.get(`rejected/docplanner/dp-guard`)).toBeUndefined();
  });

  it("refuses a push that is not a documented notification with 400, and keeps it for inspection", async () => {
    const { pushUrl } = await addDocplannerConnection(stack, { connectionId: "dp-bad", tenantId: "t1" });
    const post = (body: string) => fetch(pushUrl, { method: "POST", headers: { "content-type": "application/json" }, body });
    const notJson = await post("{oops");
    const unknownName = await post(JSON.stringify({ name: "slot-teleported", data: {}, created_at: at(Date.now()) }));
    const wrongShape = await post(JSON.stringify({ name: "slot-booked", data: { visit_booking: { duration: "thirty" } }, created_at: at(Date.now()) }));
    for (const res of [notJson, unknownName, wrongShape]) expect(res.status).toBe(400);
    const rejectionId = ((await wrongShape.json()) as { rejectionId: string }).rejectionId;
    const kept = await stack.deps.archive.get(`rejected/docplanner/dp-bad/${new Date().toISOString().slice(0, 10)}/${rejectionId}.json`);
    expect(JSON.parse(kept!).reason).toContain("visit_booking.duration");
    expect(published("dp-bad")).toHaveLength(0);
  });

  it("asks Docplanner hourly to push again what failed, for push-mode connections only", async () => {
    const { account } = await addDocplannerConnection(stack, { connectionId: "dp-release", tenantId: "t1", account: { notifications: "push" } });
    const released = () => sim().requests.filter((r) => r.path.endsWith("/notifications/release") && r.status === 204);
    const before = released().length;
    const result = (await stack.runSchedule("docplanner.release")) as { connections: number; released: number };
    expect(result.released).toBeGreaterThanOrEqual(1);
    expect(released().length - before).toBe(result.released);
    expect(account.notifications).toBe("push");
  });
});

describe("Docplanner paged lists", () => {
  it("with all=true follows _links.next to the last page, each page a paced call", async () => {
    const { ids } = await addDocplannerConnection(stack, { connectionId: "dp-pages", tenantId: "t1" });
    const where = ids[0]!;
    const input = { facility_id: where.facilityId, doctor_id: where.doctorId, address_id: where.addressId, start: at(Date.now() - 21 * day), end: at(Date.now() + 21 * day) };
    const first = (await api("GET", routeFor(docplannerOp("getBookings"), "dp-pages", { ...input, page: 1, limit: 3 }).path)).json as { pages: number; total: number };
    const before = sim().requests.length;
    const all = await api("GET", routeFor(docplannerOp("getBookings"), "dp-pages", { ...input, limit: 3, all: true }).path);
    expect(all.status).toBe(200);
    expect(all.json).toMatchObject({ pages: first.pages, total: first.total });
    expect(all.json._items).toHaveLength(first.total);
    const pageCalls = sim().requests.slice(before).filter((r) => r.path.endsWith("/bookings"));
    expect(pageCalls.map((r) => new URLSearchParams(r.query).get("page"))).toEqual(Array.from({ length: first.pages }, (_, i) => String(i + 1)));
    expect(first.pages).toBeGreaterThan(1);
  });
});
