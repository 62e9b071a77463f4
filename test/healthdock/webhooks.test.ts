import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addHealthdockConnection } from "../support/healthdock";
import { docsSignature, verifyWebhook } from "../support/healthdock-docs";
import { eventually, startTestStack } from "../support/local";

/**
 * HealthDock's signed webhooks on the shared inbox, in both readings of the docs (the signature
 * as a field of the delivered JSON, or in a header), with the expected signatures computed by
 * the docs' own snippet: valid deliveries published as healthdock.{event}, once even when
 * replayed; wrong secret, altered body, missing signature and stale deliveries refused with 401.
 */
let stack: Awaited<ReturnType<typeof startTestStack>>;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack.cleanup());

const now = () => new Date(Math.floor(Date.now() / 1000) * 1000).toISOString().replace(".000Z", "Z");
const event = (data: Record<string, unknown>, timestamp = now()) => ({ event: "patient.created", timestamp, data });
const post = (url: string, body: string, headers: Record<string, string> = {}) => fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
const published = (connectionId: string) => stack.bus.history.filter((e) => e.detail.connectionId === connectionId && e["detail-type"].startsWith("healthdock."));

/** The docs' example: the signature of the payload's JSON, added to it as a field. */
function bodySigned(payload: object, secret: string): string {
  return JSON.stringify({ ...payload, signature: docsSignature(JSON.stringify(payload), secret) });
}

describe("HealthDock webhooks, signature in the body (the default reading)", () => {
  let conn: Awaited<ReturnType<typeof addHealthdockConnection>>;
  beforeAll(async () => {
    conn = await addHealthdockConnection(stack, { connectionId: "hd-hook-body", tenantId: "t1" });
  });

  it("publishes a delivery signed as the docs' snippet signs, with its event, timestamp and data", async () => {
    const payload = event({ patient_id: "PAT123456", first_name: "John", last_name: "Doe" });
    const body = bodySigned(payload, conn.account.webhookSecret);
    // The docs' own check agrees with what we send, so the test's vector is theirs.
    expect(verifyWebhook(JSON.stringify(payload), JSON.parse(body).signature, conn.account.webhookSecret)).toBe(true);
    const res = await post(conn.webhookUrl, body);
    expect(res.status).toBe(200);
    const [published1] = published("hd-hook-body");
    expect(published1?.["detail-type"]).toBe("healthdock.patient.created");
    expect(published1?.detail).toEqual({ connectionId: "hd-hook-body", eventId: expect.stringMatching(/^[0-9a-f]{32}$/), ...payload });
  });

  it("publishes a replayed delivery once", async () => {
    const body = bodySigned(event({ patient_id: "PAT000777" }), conn.account.webhookSecret);
    expect((await post(conn.webhookUrl, body)).status).toBe(200);
    expect((await post(conn.webhookUrl, body)).status).toBe(200);
    expect(published("hd-hook-body").filter((e) => (e.detail.data as { patient_id: string }).patient_id === "PAT000777")).toHaveLength(1);
  });

  it("takes what the simulator delivers when a patient is created, checked by the docs' snippet too", async () => {
    stack.simulators.healthdock.setWebhook(conn.account.id, { webhookUrl: conn.webhookUrl });
    const res = await fetch(`${stack.simulators.healthdock.url}/v1/patients`, {
      method: "POST",
      headers: { authorization: `Bearer ${conn.account.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ first_name: "Nila", last_name: "Rao", date_of_birth: "1988-08-08", gender: "F", phone: "9811111111" }),
    });
    expect(res.status).toBe(201);
    await eventually(async () => (stack.simulators.healthdock.deliveries(conn.account.id).length ? true : undefined));
    expect(stack.simulators.healthdock.deliveries(conn.account.id)).toEqual([{ event: "patient.created", status: 200 }]);
    const sample = stack.simulators.healthdock.delivery(conn.account.id, "patient.created", { patient_id: "x" }, now());
    const { signature, ...rest } = JSON.parse(sample.body) as { signature: string };
    expect(verifyWebhook(JSON.stringify(rest), signature, conn.account.webhookSecret)).toBe(true);
    expect(published("hd-hook-body").some((e) => (e.detail.data as { first_name?: string }).first_name === "Nila")).toBe(true);
  });

  it("refuses with 401 a wrong secret, an altered body, a missing signature, a header signature, and a stale timestamp", async () => {
    const count = published("hd-hook-body").length;
    const payload = event({ patient_id: "PAT000888" });
    const altered = JSON.parse(bodySigned(payload, conn.account.webhookSecret)) as { data: Record<string, unknown> };
    altered.data.patient_id = "PAT000889";
    const stale = event({ patient_id: "PAT000890" }, new Date(Date.now() - 301_000).toISOString());
    const refusals: [string, string, Record<string, string>?][] = [
      ["wrong secret", bodySigned(payload, "not-the-secret")],
      ["altered body", JSON.stringify(altered)],
      ["missing signature", JSON.stringify(payload)],
      ["signed in a header instead", JSON.stringify(payload), { "x-healthdock-signature": docsSignature(JSON.stringify(payload), conn.account.webhookSecret) }],
      ["stale", bodySigned(stale, conn.account.webhookSecret)],
    ];
    for (const [what, body, headers] of refusals) {
      const res = await post(conn.webhookUrl, body, headers);
      expect([what, res.status]).toEqual([what, 401]);
    }
    expect(published("hd-hook-body")).toHaveLength(count);
    // A delivery from the future beyond the tolerance is refused too; within it, taken.
    expect((await post(conn.webhookUrl, bodySigned(event({ p: 1 }, new Date(Date.now() + 301_000).toISOString()), conn.account.webhookSecret))).status).toBe(401);
    expect((await post(conn.webhookUrl, bodySigned(event({ p: 2 }, new Date(Date.now() - 200_000).toISOString()), conn.account.webhookSecret))).status).toBe(200);
  });

  it("answers 400 for signed content that is not an event, and 404 for a connection that is not HealthDock's", async () => {
    const notEvent = { hello: "world" };
    expect((await post(conn.webhookUrl, bodySigned(notEvent, conn.account.webhookSecret))).status).toBe(400);
    expect((await post(conn.webhookUrl, "not json")).status).toBe(400);
    expect((await post(stack.webhookUrl("/webhooks/healthdock/{connectionId}", { connectionId: "no-such" }), bodySigned(event({}), conn.account.webhookSecret))).status).toBe(404);
  });
});

describe("HealthDock webhooks, signature in a header", () => {
  it("verifies the header over the raw body, by the configured header name, and refuses the other reading", async () => {
    const conn = await addHealthdockConnection(stack, { connectionId: "hd-hook-header", tenantId: "t1", config: { webhookSignature: "header", webhookSignatureHeader: "X-Signature" } });
    // Whitespace and key order as sent: the signature covers the bytes, not a re-serialization.
    const raw = `{ "timestamp": "${now()}", "event": "appointment.created",  "data": {"appointment_id": "APT9"} }`;
    const signature = docsSignature(raw, conn.account.webhookSecret);
    expect(verifyWebhook(raw, signature, conn.account.webhookSecret)).toBe(true);
    expect((await post(conn.webhookUrl, raw, { "x-signature": signature })).status).toBe(200);
    expect(published("hd-hook-header").map((e) => e["detail-type"])).toEqual(["healthdock.appointment.created"]);
    expect((await post(conn.webhookUrl, raw, { "x-signature": signature })).status).toBe(200);
    expect(published("hd-hook-header")).toHaveLength(1);

    const refusals: [string, string, Record<string, string>][] = [
      ["wrong secret", raw, { "x-signature": docsSignature(raw, "not-the-secret") }],
      ["altered body", raw.replace("APT9", "APT8"), { "x-signature": signature }],
      ["missing signature", raw, {}],
      ["signed in the body instead", bodySigned(JSON.parse(raw), conn.account.webhookSecret), {}],
      ["the default header name", raw, { "x-healthdock-signature": signature }],
    ];
    for (const [what, body, headers] of refusals) expect([what, (await post(conn.webhookUrl, body, headers)).status]).toEqual([what, 401]);
    expect(published("hd-hook-header")).toHaveLength(1);
  });

  it("takes the simulator's header-signed deliveries", async () => {
    const conn = await addHealthdockConnection(stack, { connectionId: "hd-hook-sim", tenantId: "t1", config: { webhookSignature: "header" } });
    stack.simulators.healthdock.setWebhook(conn.account.id, { webhookUrl: conn.webhookUrl, webhookSignature: "header" });
    expect(await stack.simulators.healthdock.emit(conn.account.id, "patient.updated", { patient_id: "PAT000001" })).toBe(200);
    expect(published("hd-hook-sim").map((e) => e["detail-type"])).toEqual(["healthdock.patient.updated"]);
  });
});
