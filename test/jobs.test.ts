import { GetQueueAttributesCommand } from "@aws-sdk/client-sqs";
import { redriveDeadLetters } from "@switchboard/core/dlq";
import { DetailType } from "@switchboard/core/events";
import type { BusEvent } from "@switchboard/core/events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { components, SwitchboardClient } from "@switchboard/client";
import { addMocDocConnection, appointment, bookAppointment, eventually, onConnection, startTestStack, switchboardClient } from "./support/local";

/**
 * Work that runs off the request path: writes deferred to jobs (202), switchboard.command events,
 * and failures that end in the dead-letter queue.
 */
let stack: Awaited<ReturnType<typeof startTestStack>>;
let api: SwitchboardClient;
type JobAccepted = components["schemas"]["JobAccepted"];

beforeAll(async () => {
  // A write waits at most 300 ms for its slot before it becomes a job.
  stack = await startTestStack({ env: { WRITE_WAIT_BUDGET_MS: "300" } });
  api = switchboardClient(stack, await stack.token("tenant-a"));
});
afterAll(() => stack.cleanup());

const jobEvent = (jobId: string) => (e: BusEvent) =>
  (e["detail-type"] === DetailType.jobSucceeded || e["detail-type"] === DetailType.jobFailed) && e.detail.jobId === jobId;

async function finishedJob(jobId: string) {
  return eventually(async () => {
    const { data } = await api.GET("/v1/jobs/{jobId}", { params: { path: { jobId } } });
    return data?.status === "succeeded" || data?.status === "failed" ? data : undefined;
  }, 40_000);
}

describe("writes that cannot get a slot in time become jobs", () => {
  it("answers 202 with a Location, runs the job at the paced rate and emits job.succeeded", async () => {
    await addMocDocConnection(stack, { connectionId: "slow", tenantId: "tenant-a", minIntervalMs: 1500 });
    const first = await bookAppointment(api, "slow", { start: "09:00" });
    const second = await bookAppointment(api, "slow", { start: "09:15" }, "deferred-1");
    expect(first.response.status).toBe(200);
    expect(second.response.status).toBe(202);
    const { jobId } = second.data as JobAccepted;
    expect(second.response.headers.get("location")).toBe(`/v1/jobs/${jobId}`);

    const replay = await bookAppointment(api, "slow", { start: "09:15" }, "deferred-1");
    expect(replay.response.status).toBe(202);
    expect((replay.data as JobAccepted).jobId).toBe(jobId);

    const job = await finishedJob(jobId!);
    expect(job).toMatchObject({ status: "succeeded", operationId: "mocdoc.bookAppointment", result: { apptkey: "dr-arthi2026120109:15" } });
    expect(job).not.toHaveProperty("input");
    const event = await stack.bus.waitFor(jobEvent(jobId!));
    expect(event["detail-type"]).toBe(DetailType.jobSucceeded);
    expect(stack.simulators.mocdoc.stats().rateLimited).toBe(0);
  });

  it("refuses to queue a write too large for a job record, with Retry-After instead of a 202", async () => {
    await addMocDocConnection(stack, { connectionId: "slow-3", tenantId: "tenant-a", minIntervalMs: 1500 });
    await api.GET("/v1/mocdoc/{connectionId}/locations", onConnection("slow-3"));
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(300_000)]).toString("base64");
    const { response, error } = await api.POST("/v1/mocdoc/{connectionId}/patient-images", {
      ...onConnection("slow-3"),
      body: { Patientkey: "demo-clinicSB0001", imagename: "scan.png", imagecontent: png },
    });
    expect(response.status).toBe(503);
    expect(error?.type).toMatch(/too-large-to-queue$/);
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  });

  it("does not show a job to another tenant", async () => {
    await addMocDocConnection(stack, { connectionId: "slow-2", tenantId: "tenant-a", minIntervalMs: 1500 });
    await bookAppointment(api, "slow-2", { start: "09:30" });
    const deferred = await bookAppointment(api, "slow-2", { start: "09:45" });
    expect(deferred.response.status).toBe(202);
    const other = switchboardClient(stack, await stack.token("tenant-b"));
    const jobId = (deferred.data as JobAccepted).jobId!;
    expect((await other.GET("/v1/jobs/{jobId}", { params: { path: { jobId } } })).response.status).toBe(404);
  });
});

describe("switchboard.command events", () => {
  it("runs bookAppointment through the FIFO queue and emits job.succeeded with the correlation id", async () => {
    await addMocDocConnection(stack, { connectionId: "events", tenantId: "tenant-a", minIntervalMs: 50 });
    stack.bus.put(DetailType.command, {
      connectionId: "events",
      operationId: "mocdoc.bookAppointment",
      input: appointment({ start: "16:00" }),
      idempotencyKey: "cmd-1",
      correlationId: "backoffice-corr-0001",
    }, "backoffice.scheduler");
    const done = await stack.bus.waitFor((e) => e["detail-type"] === DetailType.jobSucceeded && e.detail.connectionId === "events");
    expect(done.detail).toMatchObject({ operationId: "mocdoc.bookAppointment", correlationId: "backoffice-corr-0001", result: { apptkey: "dr-arthi2026120116:00" } });
  });

  it("makes a repeated command one job", async () => {
    await addMocDocConnection(stack, { connectionId: "events-2", tenantId: "tenant-a", minIntervalMs: 50 });
    const command = { connectionId: "events-2", operationId: "mocdoc.bookAppointment", input: appointment({ start: "16:30" }), idempotencyKey: "cmd-2" };
    stack.bus.put(DetailType.command, command, "backoffice");
    stack.bus.put(DetailType.command, command, "backoffice");
    await stack.bus.waitFor((e) => e["detail-type"] === DetailType.jobSucceeded && e.detail.connectionId === "events-2");
    await new Promise((r) => setTimeout(r, 1500));
    const succeeded = stack.bus.history.filter((e) => e["detail-type"] === DetailType.jobSucceeded && e.detail.connectionId === "events-2");
    expect(succeeded).toHaveLength(1);
    expect(stack.bus.history.some((e) => e["detail-type"] === DetailType.jobFailed && e.detail.connectionId === "events-2")).toBe(false);
  });

  it("rejects an invalid command with switchboard.command.rejected naming the fields", async () => {
    await addMocDocConnection(stack, { connectionId: "events-3", tenantId: "tenant-a", minIntervalMs: 50 });
    stack.bus.put(DetailType.command, { connectionId: "events-3", operationId: "mocdoc.bookAppointment", input: { fname: "X" }, idempotencyKey: "bad-1" }, "backoffice");
    const rejected = await stack.bus.waitFor((e) => e["detail-type"] === DetailType.commandRejected && e.detail.idempotencyKey === "bad-1");
    expect(rejected.detail.reason).toBe("invalid input");
    expect((rejected.detail.errors as { path: string }[]).map((e) => e.path)).toContain("phone");
  });
});

describe("repeated failure", () => {
  it("dead-letters after 5 receives, reports job.failed, and a redrive completes the job", async () => {
    const conn = await addMocDocConnection(stack, { connectionId: "flaky", tenantId: "tenant-a", minIntervalMs: 50 });
    stack.simulators.mocdoc.faults.inject({ kind: "status", status: 503, times: -1, pathPrefix: `/api/bookappt/${conn.account.entityKey}` });
    stack.bus.put(DetailType.command, { connectionId: "flaky", operationId: "mocdoc.bookAppointment", input: appointment({ start: "17:00" }), idempotencyKey: "dlq-1" }, "backoffice");
    const failed = await stack.bus.waitFor((e) => e["detail-type"] === DetailType.jobFailed && e.detail.connectionId === "flaky", 60_000);
    expect(failed.detail.error).toMatchObject({ code: "UNAVAILABLE", retryable: true, deadLettered: true });

    const dlqDepth = async () => {
      const attrs = await stack.sqs.send(new GetQueueAttributesCommand({ QueueUrl: stack.queues.mocdoc!.dlqUrl, AttributeNames: ["ApproximateNumberOfMessages"] }));
      return Number(attrs.Attributes?.ApproximateNumberOfMessages ?? 0);
    };
    await eventually(async () => ((await dlqDepth()) === 1 ? true : undefined));
    const job = await stack.deps.jobs.get(failed.detail.jobId as string);
    expect(job?.status).toBe("failed");
    expect(job?.attempts).toBe(5);

    stack.simulators.mocdoc.faults.clear();
    expect(await redriveDeadLetters(stack.deps, stack.sqs, stack.queues.mocdoc!)).toBe(1);
    const done = await stack.bus.waitFor((e) => e["detail-type"] === DetailType.jobSucceeded && e.detail.jobId === failed.detail.jobId, 30_000);
    expect(done.detail.result).toEqual({ status: "200", apptkey: "dr-arthi2026120117:00" });
  }, 90_000);
});
