import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient, eventually, startTestStack } from "../support/local";
import { addSoloConnection } from "../support/solo";

/**
 * The webhook round trip on the shared inbox: createWebhook registers our URL and stores the key
 * Solo answers; Solo (the simulator) then delivers encrypted events there, in each of the three
 * envelopes; they come out decrypted on the bus. Tampered, truncated, undocumented and replayed
 * deliveries are refused (4xx, kept) or published once.
 */
let stack: Awaited<ReturnType<typeof startTestStack>>;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  stack = await startTestStack();
  api = apiClient(stack, await stack.token("t1"));
});
afterAll(() => stack.cleanup());

const published = (connectionId: string) => stack.bus.history.filter((e) => e.detail.connectionId === connectionId && e["detail-type"].startsWith("solo."));

async function registered(connectionId: string, envelope: "raw" | "json-string" | "json-object") {
  const solo = await addSoloConnection(stack, { connectionId, tenantId: "t1", account: { webhookEnvelope: envelope } });
  const events = ["patient:created", "appointment:scheduled", "appointment:cancelled", "episode:created"];
  const hook = await api("POST", `/v1/solo/${connectionId}/webhooks`, { endpoint: solo.webhookUrl, events });
  expect(hook.status, hook.text).toBe(200);
  return solo;
}

describe("Solo webhooks", () => {
  it.each(["raw", "json-string", "json-object"] as const)("deliver decrypted events to the bus from a %s envelope", async (envelope) => {
    const connectionId = `solo-hooks-${envelope}`;
    const solo = await registered(connectionId, envelope);
    expect((await api("POST", `/v1/solo/${connectionId}/patients`, { id: "p1" })).status).toBe(200);
    const appointment = await api("POST", `/v1/solo/${connectionId}/patients/p1/appointments`, { waitingRoom: "my waiting room" });
    expect((await api("PUT", `/v1/solo/${connectionId}/appointments/${appointment.json.id}`, { status: "cancelled" })).status).toBe(200);
    const episode = await api("POST", `/v1/solo/${connectionId}/patients/p1/episodes`, { name: "n", type: "t", from: "2023-03-29", status: "active" });
    await stack.simulators.solo.settled();
    const events = await eventually(async () => (published(connectionId).length >= 4 ? published(connectionId) : undefined));
    const spid = solo.state().patients.get("p1")!.spid;
    // Deliveries run concurrently, as Solo promises no order: compared as a set.
    const byType = (rows: unknown[][]) => [...rows].sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(byType(events.map((e) => [e["detail-type"], e.detail.event, e.detail.data]))).toEqual(
      byType([
        ["solo.patient.created", "patient:created", { patientId: spid }],
        ["solo.appointment.scheduled", "appointment:scheduled", { appointmentId: appointment.json.id }],
        ["solo.appointment.cancelled", "appointment:cancelled", { appointmentId: appointment.json.id }],
        ["solo.episode.created", "episode:created", { episodeId: episode.json.episodeId }],
      ]),
    );
    for (const e of events) expect(Object.keys(e.detail).sort()).toEqual(["connectionId", "data", "event", "receivedAt"]);
    const deliveries = stack.simulators.solo.deliveries.filter((d) => d.endpoint === solo.webhookUrl);
    expect(deliveries.map((d) => [d.status, d.contentType])).toEqual(Array(4).fill([200, envelope === "raw" ? "text/plain" : "application/json"]));
  });

  it("publishes a replayed delivery once, and the same event encrypted again as a new one", async () => {
    const solo = await registered("solo-hooks-replay", "raw");
    stack.simulators.solo.emit(solo.account.apiKey, "appointment:scheduled", { appointmentId: 77 });
    await stack.simulators.solo.settled();
    const delivery = stack.simulators.solo.deliveries.find((d) => d.endpoint === solo.webhookUrl)!;
    for (let i = 0; i < 3; i++) expect((await fetch(solo.webhookUrl, { method: "POST", headers: { "content-type": "text/plain" }, body: delivery.body })).status).toBe(200);
    expect(published("solo-hooks-replay")).toHaveLength(1);
    stack.simulators.solo.emit(solo.account.apiKey, "appointment:scheduled", { appointmentId: 77 });
    await stack.simulators.solo.settled();
    await eventually(async () => (published("solo-hooks-replay").length === 2 ? true : undefined));
  });

  it("refuses tampered, truncated, undecryptable and undocumented deliveries with 4xx and keeps them", async () => {
    const solo = await registered("solo-hooks-bad", "json-object");
    stack.simulators.solo.emit(solo.account.apiKey, "patient:created", { patientId: 5 });
    await stack.simulators.solo.settled();
    const { payload } = JSON.parse(stack.simulators.solo.deliveries.find((d) => d.endpoint === solo.webhookUrl)!.body) as { payload: string };
    // A byte of the first block changed: CBC still unpads (the last block is intact) to text that is not JSON.
    const ciphertext = Buffer.from(payload.slice(36), "base64");
    ciphertext[0]! ^= 0x40;
    const post = (body: string) => fetch(solo.webhookUrl, { method: "POST", headers: { "content-type": "application/json" }, body }).then(async (r) => [r.status, ((await r.json()) as { rejectionId?: string }).rejectionId] as const);
    const tampered = await post(JSON.stringify({ payload: payload.slice(0, 36) + ciphertext.toString("base64") }));
    const truncated = await post(JSON.stringify({ payload: payload.slice(0, payload.length - 6) }));
    const wrongKey = Buffer.concat([Buffer.alloc(8, 1)]).toString("base64") + Buffer.alloc(16, 2).toString("base64") + Buffer.alloc(32, 3).toString("base64");
    const notOurs = await post(JSON.stringify({ payload: wrongKey }));
    const twoFields = await post(JSON.stringify({ payload, other: payload }));
    expect([tampered[0], truncated[0], notOurs[0], twoFields[0]]).toEqual([401, 400, 401, 400]);
    const notFound = await fetch(stack.webhookUrl("/webhooks/solo/{connectionId}", { connectionId: "no-such-connection" }), { method: "POST", body: payload });
    expect(notFound.status).toBe(404);
    // Kept for inspection: one object per refused delivery, with the reason and the raw body.
    const dir = join(stack.paths.archive, "rejected", "solo", "solo-hooks-bad");
    const kept = await eventually(async () => {
      const days = await readdir(dir).catch(() => []);
      const files = (await Promise.all(days.map(async (d) => (await readdir(join(dir, d))).map((f) => join(dir, d, f))))).flat();
      return files.length === 4 ? files : undefined;
    });
    const records = await Promise.all(kept.map(async (f) => JSON.parse(await readFile(f, "utf8")) as { reason: string; raw: string }));
    const reasons = records.map((r) => r.reason);
    expect(reasons).toEqual(
      expect.arrayContaining([
        "a JSON object body needs exactly one string field, the encrypted payload",
        "the payload decrypts to something that is not JSON (wrong key, or tampered)",
        "the payload: the rest is not base64 of whole AES blocks (truncated?)",
      ]),
    );
    // Under a wrong key the padding check fails, or (one time in 256) what it unpads to is not JSON.
    expect(reasons.filter((r) => /wrong key, or tampered/.test(r))).toHaveLength(2);
    expect(published("solo-hooks-bad")).toHaveLength(1);
  });

  it("follows a new webhook's key: a second createWebhook stores its key, and its deliveries decrypt", async () => {
    const solo = await registered("solo-hooks-rotate", "raw");
    const first = (await stack.deps.credentials.get(solo.connection.secretRef)).webhookEncryptionKey;
    const again = await api("POST", "/v1/solo/solo-hooks-rotate/webhooks", { endpoint: solo.webhookUrl, events: ["appointment:lwbs"] });
    expect(again.json).not.toHaveProperty("encryptionKey");
    const second = (await stack.deps.credentials.get(solo.connection.secretRef)).webhookEncryptionKey;
    expect(second).not.toBe(first);
    expect(second).toBe(solo.state().webhooks.get(again.json.id)!.encryptionKey);
    stack.simulators.solo.emit(solo.account.apiKey, "appointment:lwbs", { appointmentId: 9 });
    await stack.simulators.solo.settled();
    await eventually(async () => (published("solo-hooks-rotate").some((e) => e["detail-type"] === "solo.appointment.lwbs") ? true : undefined));
  });
});
