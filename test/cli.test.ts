import { execFile, spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { mocdocAuthHeaders } from "@switchboard/core/signers/mocdoc";
import { packSoloPayload, unpackSoloPayload } from "@switchboard/core/vendors/solo/crypto";
import type { SandboxAccounts } from "@switchboard/local/vendors";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMocDocConnection, apiClient, startTestStack } from "./support/local";

/** The `switchboard` CLI, run as a user runs it, against a running local stack. */
let stack: Awaited<ReturnType<typeof startTestStack>>;
let sandbox: SandboxAccounts;

beforeAll(async () => {
  stack = await startTestStack();
  sandbox = JSON.parse(await readFile(join(stack.paths.root, "sandbox-accounts.json"), "utf8")) as SandboxAccounts;
});
afterAll(() => stack.cleanup());

function spawnCli(...args: string[]) {
  return spawn("node", ["bin/switchboard.mjs", ...args], { env: { ...process.env, SWITCHBOARD_HOME: stack.paths.root, POWERTOOLS_LOG_LEVEL: "" } });
}

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)("node", ["bin/switchboard.mjs", ...args], {
      env: { ...process.env, SWITCHBOARD_HOME: stack.paths.root, POWERTOOLS_LOG_LEVEL: "" },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("switchboard CLI", () => {
  it("adds and lists connections without ever printing secret values", async () => {
    const add = await cli(
      "connections", "add", "--vendor", "mocdoc", "--id", "clinic1", "--tenant", "t1",
      "--base-url", stack.simulators.mocdoc.url, "--config", "entityKey=E", "--config", "minIntervalMs=500",
      "--secret", "accessKey=AK-visible-nowhere", "--secret", "secretKey=SK-visible-nowhere",
    );
    expect(add.code).toBe(0);
    expect(JSON.parse(add.stdout)).toMatchObject({ connectionId: "clinic1", tenantId: "t1", config: { entityKey: "E", minIntervalMs: "500", baseUrl: stack.simulators.mocdoc.url } });
    const list = await cli("connections", "list");
    expect(list.code).toBe(0);
    expect((JSON.parse(list.stdout) as { connectionId: string }[]).map((c) => c.connectionId)).toEqual(["clinic1", "demo-docplanner", "demo-healthdock", "demo-mocdoc", "demo-solo", "demo-vsee"]);
    for (const out of [add.stdout + add.stderr, list.stdout + list.stderr]) expect(out).not.toMatch(/visible-nowhere|secretKey=/);
  });

  it("refuses invalid connection config with the failing fields", async () => {
    const bad = await cli("connections", "add", "--vendor", "mocdoc", "--id", "bad", "--tenant", "t1", "--config", "hmac=md5", "--secret", "accessKey=a", "--secret", "secretKey=s");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/config\.entityKey/);
    expect(bad.stderr).toMatch(/config\.hmac/);
  });

  it("prints the exact signed request on --dry-run and sends nothing", async () => {
    const before = stack.simulators.mocdoc.stats().total;
    const dry = await cli("call", "mocdoc.listLocations", "--connection", "demo-mocdoc", "--dry-run");
    expect(dry.code).toBe(0);
    const request = JSON.parse(dry.stdout) as { method: string; url: string; headers: Record<string, string> };
    expect(request.method).toBe("GET");
    expect(request.url).toBe(`${stack.simulators.mocdoc.url}/api/locationlist/${sandbox.mocdoc.entityKey}`);
    const expected = mocdocAuthHeaders({
      method: "GET",
      path: `/api/locationlist/${sandbox.mocdoc.entityKey}`,
      contentType: "application/x-www-form-urlencoded",
      date: request.headers.Date!,
      ...sandbox.mocdoc,
    });
    expect(request.headers.Authorization).toBe(expected.Authorization);
    expect(stack.simulators.mocdoc.stats().total).toBe(before);
  });

  it("calls an operation through the same path as the Lambdas", async () => {
    const call = await cli("call", "mocdoc.listLocations", "--connection", "demo-mocdoc");
    expect(call.code).toBe(0);
    expect(JSON.parse(call.stdout)).toMatchObject({ status: "200", entitylocations: expect.any(Array) });
  });

  it("rejects invalid input before calling the vendor", async () => {
    const before = stack.simulators.mocdoc.stats().total;
    const bad = await cli("call", "mocdoc.bookAppointment", "--connection", "demo-mocdoc", "--input", '{"date":"2026-12-01"}');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/date: must be a date as YYYYMMDD/);
    expect(stack.simulators.mocdoc.stats().total).toBe(before);
  });

  it("calls as the user --user names, for operations that act as one, and issues user and service tokens", async () => {
    const needsUser = await cli("call", "vsee.getCurrentVisit", "--connection", "demo-vsee");
    expect(needsUser.code).toBe(2);
    expect(needsUser.stderr).toMatch(/--user: is required/);
    const dry = await cli("call", "vsee.listVisits", "--connection", "demo-vsee", "--user", "patient-7", "--dry-run");
    expect(JSON.parse(dry.stdout).headers).toMatchObject({ "X-AccountCode": sandbox.vsee.accountCode, "X-ApiToken": "<user:patient-7 token>" });
    const login = await cli("call", "vsee.ssoLogin", "--connection", "demo-vsee", "--user", "patient-7", "--input", '{"first_name":"Pat","last_name":"Seven","type":200}');
    expect(login.code).toBe(0);
    expect(JSON.parse(login.stdout).data.code).toBe("patient-7");
    const service = (await cli("token", "--tenant", "demo", "--scope", "switchboard/act-as-user")).stdout.trim();
    const asPatient = await apiClient(stack, service)("GET", "/v1/vsee/demo-vsee/visits/current", undefined, { "x-acting-user": "patient-7" });
    expect(asPatient.status).toBe(404);
    expect(asPatient.json).toMatchObject({ vendor: "vsee", code: "NOT_FOUND" });
    const user = (await cli("token", "--tenant", "demo", "--sub", "patient-7")).stdout.trim();
    expect((await apiClient(stack, user)("GET", "/v1/vsee/demo-vsee/visits")).status).toBe(200);
  });

  it("issues tokens the local API accepts, and reads jobs and the dead-letter queue", async () => {
    const token = (await cli("token", "--tenant", "demo")).stdout.trim();
    expect((await apiClient(stack, token)("GET", "/v1/mocdoc/demo-mocdoc/locations")).status).toBe(200);
    const missing = await cli("jobs", "get", "job_00000000000000000000000000000000");
    expect(missing.code).toBe(2);
    const redrive = await cli("dlq", "redrive", "mocdoc");
    expect(JSON.parse(redrive.stdout)).toEqual({ vendor: "mocdoc", redriven: 0 });
  });
});

describe("switchboard events, schedules and webhooks", () => {
  it("lists the local bus's events, newest last, filtered by detail-type prefix, across restarts", async () => {
    stack.bus.put("cli.test.first", { n: 1 });
    stack.bus.put("other.thing", { n: 2 });
    stack.bus.put("cli.test.second", { n: 3 });
    const out = await cli("events", "list", "--detail-type", "cli.test.", "--limit", "5");
    expect(out.code).toBe(0);
    const lines = out.stdout.trim().split("\n").map((l) => JSON.parse(l) as { "detail-type": string; detail: { n: number } });
    expect(lines.map((e) => [e["detail-type"], e.detail.n])).toEqual([["cli.test.first", 1], ["cli.test.second", 3]]);
    expect((await cli("events", "list", "--limit", "1")).stdout.trim().split("\n")).toHaveLength(1);
  });

  it("lists the schedules and runs one tick through its handler in the running stack", async () => {
    const list = await cli("schedules", "list");
    expect((JSON.parse(list.stdout) as { name: string }[]).map((s) => s.name)).toEqual(["daily-sync", "docplanner.notifications", "docplanner.release"]);
    const account = sandbox.docplanner;
    await stack.simulators.docplanner.notify(account.clientId, "slot-booked");
    const run = await cli("schedules", "run", "docplanner.notifications");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ result: { pulled: 1 } });
    expect(stack.bus.history.some((e) => e["detail-type"] === "docplanner.slot-booked" && e.detail.connectionId === "demo-docplanner")).toBe(true);
    expect((await cli("schedules", "run", "nope")).code).toBe(2);
  });

  it("prints the webhook URL to register for a connection, reachable on the local stack", async () => {
    const out = await cli("webhooks", "url", "--connection", "demo-docplanner");
    expect(out.code).toBe(0);
    const [hook] = JSON.parse(out.stdout) as { name: string; url: string }[];
    expect(hook!.name).toBe("docplanner.push");
    expect(hook!.url).toMatch(new RegExp(`^${stack.apiUrl}/webhooks/docplanner/demo-docplanner/[A-Za-z0-9_-]{32,}$`));
    const notification = { name: "break-created", data: { break: { id: "cli-1" } }, created_at: "2026-12-01T10:00:00+01:00" };
    const res = await fetch(hook!.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(notification) });
    expect(res.status).toBe(200);
    expect((await cli("webhooks", "url", "--connection", "demo-mocdoc")).code).toBe(2);
  });
});

/** The CLI with `input` on its stdin. */
function cliWithStdin(input: string, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawnCli(...args);
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(input);
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, stdout, stderr })));
}

describe("switchboard solo", () => {
  it("decrypts a webhook payload from stdin, in any of the envelopes the receiver reads", async () => {
    const docs = "BizXKL9L4EQ=YuhTK5qXNtOCmbuaHMq5tA==DUPdvDCZPiSUf0Jumt/Mr/wVWv+mr6Vzj5LnKUQtTPc=";
    const plain = await cliWithStdin(`${docs}\n`, "solo", "decrypt", "--key", "some secret");
    expect([plain.code, JSON.parse(plain.stdout)]).toEqual([0, { visit: "12345", user: "1234" }]);
    const event = { event: "appointment:no-show", data: { appointmentId: 4 } };
    const wrapped = await cliWithStdin(JSON.stringify({ payload: packSoloPayload("39VNjjSpgoUWMbUhVCjAoQ==", JSON.stringify(event)) }), "solo", "decrypt", "--key", "39VNjjSpgoUWMbUhVCjAoQ==");
    expect(JSON.parse(wrapped.stdout)).toEqual(event);
    const wrong = await cliWithStdin(docs, "solo", "decrypt", "--key", "another secret");
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/wrong key, or tampered/);
    expect((await cliWithStdin(docs, "solo", "decrypt")).code).toBe(2);
  });

  it("prints a context-aware link for the documented JSON, and refuses JSON without the required fields", async () => {
    const data = { user: "1234", type: "provider", visit: "12345", date: 1733050800, patient: { id: "p1", sex: "unknown", dob: "1990-01-01", firstName: "A", lastName: "B" } };
    const out = await cli("solo", "link", "--secret", "some secret", "--data", JSON.stringify(data), "--base-url", "https://tenant.visitnow.org");
    expect(out.code).toBe(0);
    const url = new URL(out.stdout.trim());
    expect(`${url.origin}${url.pathname}`).toBe("https://tenant.visitnow.org/integrations/linking");
    expect(JSON.parse(unpackSoloPayload("some secret", url.searchParams.get("arg")!))).toEqual(data);
    expect(new URL((await cli("solo", "link", "--secret", "s", "--data", JSON.stringify(data))).stdout.trim()).origin).toBe("https://demo.visitnow.org");
    const bad = await cli("solo", "link", "--secret", "s", "--data", JSON.stringify({ visit: "12345", user: "1234" }));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/patient: is required/);
  });

  it("prints the Solo webhook URL to register for a connection", async () => {
    const out = await cli("webhooks", "url", "--connection", "demo-solo");
    expect(JSON.parse(out.stdout)).toEqual([{ name: "solo.events", description: expect.any(String), url: `${stack.apiUrl}/webhooks/solo/demo-solo` }]);
  });
});

describe("switchboard sync", () => {
  it("backfills with a progress bar, can be interrupted, and resumes where it stopped", async () => {
    await addMocDocConnection(stack, { connectionId: "cli-sync", tenantId: "t1", minIntervalMs: 400 });
    const current = (await stack.deps.connections.get("cli-sync"))!;
    await stack.deps.connections.put({ ...current, config: { ...current.config, syncLocations: "location1" } });

    const child = spawnCli("sync", "mocdoc", "--connection", "cli-sync", "--from", "2026-06-01", "--to", "2026-06-10", "--datasets", "opVisits");
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      if (/[1-9]\/10 units/.test(stderr) && !child.killed) child.kill("SIGINT");
    });
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(130);
    const runId = /Sync run (\S+):/.exec(stderr)?.[1];
    expect(runId).toBeDefined();
    expect(stderr).toMatch(/\[#+\.*\] \d+\/10 units +\d+%  ETA/);
    const interrupted = (await stack.deps.syncRuns.get(runId!))!;
    expect(interrupted.status).toBe("cancelled");
    expect(interrupted.completed).toBeLessThan(10);

    const resumed = await cli("sync", "mocdoc", "--resume", runId!);
    expect(resumed.code).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ runId, status: "completed", completed: 10, total: 10 });
    const days = stack.bus.history.filter((e) => e["detail-type"] === "switchboard.sync.completed" && e.detail.runId === runId);
    expect(days).toHaveLength(1);
  }, 60_000);
});
