import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DetailType } from "@switchboard/core/events";
import { reportBytes } from "@switchboard/simulators/solo/routes";
import { apiClient, startTestStack } from "../support/local";
import { addSoloConnection } from "../support/solo";

/**
 * Files out of Solo: the encounter report job when Solo takes longer than one consumer
 * invocation (it continues in new messages, hidden until each poll is due, and never orders the
 * report twice), a report Solo fails, and a CSV too large for a response, answered with a link.
 */
let stack: Awaited<ReturnType<typeof startTestStack>>;
let api: ReturnType<typeof apiClient>;
const ORDER = { from: "2024-08-15T00:00:00Z", to: "2024-08-16T00:00:00Z", presetId: "preset-1", password: "pw-123456" };

beforeAll(async () => {
  // A consumer with 8 s per invocation keeps 7 s in reserve (2 × VENDOR_TIMEOUT_MS + 5 s): every wait goes to a new message.
  stack = await startTestStack({ consumerTimeoutMs: 8_000, env: { INLINE_RESPONSE_MAX_BYTES: "64", DOWNLOAD_LINK_SECONDS: "60" } });
  api = apiClient(stack, await stack.token("t1"));
});
afterAll(() => stack.cleanup());

describe("Solo reports", () => {
  it("polls a slow report across invocations with backoff, orders it once, and ends with a link", async () => {
    const solo = await addSoloConnection(stack, { connectionId: "solo-slow-report", tenantId: "t1", account: { reportReadyAfterMs: 5_000, reportBytes: 5_000 } });
    const accepted = await api("POST", "/v1/solo/solo-slow-report/encounter-reports", ORDER, { "idempotency-key": "report-1" });
    expect(accepted.status).toBe(202);
    // A retried request gets the same job, not a second order.
    expect((await api("POST", "/v1/solo/solo-slow-report/encounter-reports", ORDER, { "idempotency-key": "report-1" })).json.jobId).toBe(accepted.json.jobId);
    const done = await stack.bus.waitFor((e) => e["detail-type"] === DetailType.jobSucceeded && e.detail.jobId === accepted.json.jobId, 60_000);
    const sent = stack.simulators.solo.requests.filter((r) => r.headers["api-key"] === solo.account.apiKey);
    expect(sent.filter((r) => r.path === "/qapi/v1/encounter-report/create")).toHaveLength(1);
    const polls = sent.filter((r) => r.path.startsWith("/qapi/v1/encounter-report/status/")).map((r) => r.receivedAt);
    expect(polls.length).toBeGreaterThanOrEqual(2);
    // Backoff: each wait at least as long as the one before (2 s, then 4 s, …).
    const gaps = polls.slice(1).map((at, i) => at - polls[i]!);
    for (let i = 1; i < gaps.length; i++) expect(gaps[i]!).toBeGreaterThanOrEqual(gaps[i - 1]! - 250);
    expect(gaps[0]!).toBeGreaterThanOrEqual(3_500);
    const job = await api("GET", accepted.json.location);
    expect(job.json).toMatchObject({ status: "succeeded", progress: { continuation: expect.any(Number) } });
    expect(job.json.progress.continuation).toBeGreaterThanOrEqual(1);
    const { download, started } = done.detail.result as { download: { url: string; bytes: number }; started: { id: string } };
    expect(job.json.result.download.url).toBe(download.url);
    const file = await fetch(download.url);
    expect(Buffer.from(await file.arrayBuffer()).equals(reportBytes(started.id, 5_000))).toBe(true);
    // The link is the authorization: altered, it opens nothing.
    expect((await fetch(`${download.url.slice(0, -2)}xx`)).status).toBe(403);
  }, 90_000);

  it("fails the job when Solo reports the report failed", async () => {
    await addSoloConnection(stack, { connectionId: "solo-failed-report", tenantId: "t1", account: { reportReadyAfterMs: 0, failReports: true } });
    const accepted = await api("POST", "/v1/solo/solo-failed-report/encounter-reports", ORDER);
    const failed = await stack.bus.waitFor((e) => e["detail-type"] === DetailType.jobFailed && e.detail.jobId === accepted.json.jobId, 30_000);
    expect(failed.detail.error).toMatchObject({ code: "REJECTED", retryable: false, vendor: { operation: "solo.getEncounterReportStatus" } });
  });

  it("answers a file too large for a response with a short-lived link to the archived copy", async () => {
    await addSoloConnection(stack, { connectionId: "solo-big-csv", tenantId: "t1" });
    await api("POST", "/v1/solo/solo-big-csv/patients", { id: "p1" });
    for (let i = 0; i < 3; i++) expect((await api("POST", "/v1/solo/solo-big-csv/patients/p1/appointments", { waitingRoom: "my waiting room" })).status).toBe(200);
    const res = await api("GET", "/v1/solo/solo-big-csv/reports/csv?from=2020-01-01&to=2030-12-31");
    expect(res.status).toBe(200);
    expect(res.json.download).toMatchObject({ contentType: "application/octet-stream", fileName: "solo-report-2020-01-01-2030-12-31.csv", expiresAt: expect.any(String) });
    expect(Date.parse(res.json.download.expiresAt) - Date.now()).toBeLessThanOrEqual(60_000);
    const file = await fetch(res.json.download.url);
    expect(file.headers.get("content-type")).toBe("application/octet-stream");
    const text = await file.text();
    expect(text.startsWith("appointmentId,date,status,waitingRoom\n")).toBe(true);
    expect(Buffer.byteLength(text)).toBe(res.json.download.bytes);
  });
});
