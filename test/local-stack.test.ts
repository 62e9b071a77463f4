import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DetailType } from "@switchboard/core/events";
import { newJobId } from "@switchboard/core/jobs";
import { startLocalStack } from "@switchboard/local/stack";
import { afterAll, describe, expect, it } from "vitest";
import { apiClient, appointment } from "./support/local";

/** The local stack keeps its state across restarts and never loses accepted work. */
const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe("local stack restarts", () => {
  it("keeps connections, secrets and the dev key, and re-queues jobs the in-memory queue lost", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "switchboard-restart-"));
    dirs.push(dataDir);
    const options = { port: 0, dataDir, simulatorPorts: { mocdoc: 0 }, queueVisibilitySeconds: 1 };

    const first = await startLocalStack(options);
    const token = await first.token("demo");
    const jobId = newJobId();
    // A job accepted just before the stop, whose queue message dies with fauxqs.
    await first.deps.jobs.create({
      jobId,
      tenantId: "demo",
      connectionId: "demo-mocdoc",
      operationId: "mocdoc.bookAppointment",
      input: appointment({ start: "18:00" }),
      correlationId: "restart-test-0001",
      source: "api",
    });
    await first.stop();

    const second = await startLocalStack(options);
    try {
      const done = await second.bus.waitFor((e) => e["detail-type"] === DetailType.jobSucceeded && e.detail.jobId === jobId);
      expect(done.detail.result).toMatchObject({ apptkey: "dr-arthi2026120118:00" });
      const api = apiClient(second, token);
      expect((await api("GET", "/v1/mocdoc/demo-mocdoc/locations")).status).toBe(200);
      expect((await api("GET", `/v1/jobs/${jobId}`)).json.status).toBe("succeeded");
      expect((await second.deps.connections.list()).map((c) => c.connectionId)).toContain("demo-mocdoc");
      for (const file of ["dev-auth.json", "sandbox-accounts.json", "secrets/switchboard/local/mocdoc/demo-mocdoc.json"]) {
        expect((await stat(join(dataDir, file))).mode & 0o777).toBe(0o600);
      }
    } finally {
      await second.stop();
    }
  }, 60_000);
});
