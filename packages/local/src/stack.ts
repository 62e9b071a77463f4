import { mkdir, rm, writeFile } from "node:fs/promises";
import type { SQSClient } from "@aws-sdk/client-sqs";
import { sqsClient } from "@switchboard/core/aws";
import { addConnection } from "@switchboard/core/connection-registry";
import { getDeps, resetDeps, type Deps } from "@switchboard/core/deps";
import { DetailType, registerLocalPublisher } from "@switchboard/core/events";
import { contentDisposition, FileDownloads } from "@switchboard/core/downloads";
import { DOCS_PATHS } from "@switchboard/core/docs-page";
import { coreHealth, probe } from "@switchboard/core/health";
import { json } from "@switchboard/core/http/problem";
import { rootLogger } from "@switchboard/core/log";
import { resumeSyncRun } from "@switchboard/core/sync/engine";
import { queueUrlEnv } from "@switchboard/core/naming";
import { catalogues } from "@switchboard/core/vendors/index";
import { FHIR_ROUTES } from "@switchboard/core/fhir/router";
import { allRoutes, allSchedules, allWebhooks } from "@switchboard/core/vendors/extras";
import { consumerEntryPath, hasSync, operationEntryPath, routeEntryPath, scheduleEntryPath, syncScheduleEntryPath, syncStartEntryPath, webhookEntryPath } from "@switchboard/functions/entries";
import { startApiServer, type LocalRoute } from "./api-server";
import { issueToken, loadDevAuth, type DevAuth } from "./dev-auth";
import { localEnvironment, LOCAL_REGION, LOCAL_STAGE } from "./environment";
import { LocalEventBus } from "./event-bus";
import { lambdaContext, type LambdaHandler } from "./lambda-context";
import { fillPath } from "./route-path";
import { localPaths, type LocalPaths } from "./paths";
import { QueuePoller } from "./queue-poller";
import { loadSandboxAccounts } from "./sandbox";
import { startHourlySchedule, startMinuteSchedule } from "./schedule";
import { ensureTable, ensureVendorQueues, startDynalite, startSqs, type VendorQueues } from "./services";
import type { LocalVendor, RunningSimulator } from "@switchboard/simulators/local-vendor";
import { localVendors, type LocalSimulators, type LocalVendorId } from "./vendors";

/**
 * The whole platform on one machine with no AWS account: the same Lambda handlers behind a local
 * HTTP API, dynalite and fauxqs behind the real SDK clients, file-backed secrets, an in-process
 * EventBridge, queue pollers standing in for event source mappings, and the vendor simulators with
 * a demo connection each.
 */
export interface LocalStackOptions {
  /** API port; 0 picks a free one. Default 3000. */
  port?: number;
  dataDir?: string;
  /** Simulator ports; 0 picks free ones. Defaults are fixed so demo connections stay valid across restarts. */
  simulatorPorts?: Partial<Record<LocalVendorId, number>>;
  /** SQS visibility timeout: how long a failed job waits before its next attempt. */
  queueVisibilitySeconds?: number;
  /** The consumers' timeout, as their Lambda functions have it (default 120 s). */
  consumerTimeoutMs?: number;
  /** Extra runtime configuration (see packages/core/src/config.ts), e.g. wait budgets. */
  env?: Record<string, string>;
  /** Register one demo connection per vendor (default true). */
  demo?: boolean;
  /** Run the schedules on the clock (default true): daily syncs hourly at :30 UTC, vendor schedules every N minutes. Tests call runSchedules / runSchedule instead. */
  schedule?: boolean;
}

export interface LocalStack {
  apiUrl: string;
  paths: LocalPaths;
  auth: DevAuth;
  deps: Deps;
  bus: LocalEventBus;
  sqs: SQSClient;
  queues: Record<string, VendorQueues>;
  simulators: LocalSimulators;
  demoConnections: { vendor: string; connectionId: string; tenantId: string }[];
  token(tenant: string): Promise<string>;
  /** Runs every vendor's daily-sync schedule as the hourly schedule does, for a tick at `at` (default now). */
  runSchedules(at?: Date): Promise<string[]>;
  /** Runs one vendor schedule's tick (e.g. `docplanner.notifications`) through its handler, as its timer would. */
  runSchedule(name: string, at?: Date): Promise<unknown>;
  /** The URL of one of our webhook routes, e.g. for `/webhooks/docplanner/{connectionId}/{pushToken}`. */
  webhookUrl(path: string, params: Record<string, string>): string;
  stop(): Promise<void>;
}

export const DEMO_TENANT = "demo";
const OPERATION_TIMEOUT_MS = 30_000;
const CONSUMER_TIMEOUT_MS = 120_000;
/** As deployed (stacks/sizing.ts): a vendor schedule's tick and a webhook receiver. */
const VENDOR_SCHEDULE_TIMEOUT_MS = 60_000;
const WEBHOOK_TIMEOUT_MS = 10_000;


async function loadHandler(entryPath: string): Promise<LambdaHandler> {
  const module = (await import(`@switchboard/functions/${entryPath.replace(/\.ts$/, "")}`)) as { handler: LambdaHandler };
  return module.handler;
}

/** The docs page and its files: one function behind both routes, public like /openapi.json. */
async function docsRoutes(): Promise<LocalRoute[]> {
  const handler = await loadHandler("docs.ts");
  return DOCS_PATHS.map((path) => ({ method: "GET", path, auth: false, functionName: "switchboard-local-docs", timeoutMs: OPERATION_TIMEOUT_MS, handler }));
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const paths = localPaths(options.dataDir);
  await mkdir(paths.root, { recursive: true, mode: 0o700 });
  const auth = await loadDevAuth(paths.devAuth);
  const stoppers: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stoppers.reverse()) await stop().catch(() => undefined);
  };

  try {
    const dynamo = await startDynalite(paths.dynamodb);
    stoppers.push(dynamo.stop);
    const sqsServer = await startSqs();
    stoppers.push(sqsServer.stop);

    Object.assign(process.env, localEnvironment(paths, { dynamodbEndpoint: dynamo.endpoint, sqsEndpoint: sqsServer.endpoint }), options.env);
    resetDeps();
    const deps = getDeps();
    await ensureTable(deps.dynamo, deps.config.TABLE_NAME);
    const sqs = await sqsClient(deps.config);

    const visibilitySeconds = options.queueVisibilitySeconds ?? 30;
    const consumerTimeoutMs = options.consumerTimeoutMs ?? CONSUMER_TIMEOUT_MS;
    const queues: Record<string, VendorQueues> = {};
    for (const vendor of Object.keys(catalogues)) {
      queues[vendor] = await ensureVendorQueues(sqs, LOCAL_STAGE, vendor, visibilitySeconds);
      process.env[queueUrlEnv(vendor)] = queues[vendor].queueUrl;
    }

    const bus = new LocalEventBus(LOCAL_REGION, paths.events);
    registerLocalPublisher(bus);
    stoppers.push(async () => {
      await bus.drain();
      registerLocalPublisher(undefined);
    });

    const sandbox = await loadSandboxAccounts(paths.sandbox);
    const simulators = {} as Record<string, { url: string; stop(): Promise<void> }>;
    const demoConnections: LocalStack["demoConnections"] = [];
    for (const vendor of localVendors) {
      const account = sandbox[vendor.vendor] as never;
      const simulator = await vendor.start(options.simulatorPorts?.[vendor.vendor] ?? vendor.defaultPort, account);
      simulators[vendor.vendor] = simulator;
      stoppers.push(() => simulator.stop());
      if (options.demo ?? true) {
        const demo = vendor.demoConnection(simulator as never, account);
        const connection = await addConnection(deps, { vendor: vendor.vendor, tenantId: DEMO_TENANT, ...demo });
        demoConnections.push({ vendor: vendor.vendor, connectionId: connection.connectionId, tenantId: connection.tenantId });
      }
    }

    const routes: LocalRoute[] = [];
    const schedules: LambdaHandler[] = [];
    for (const [vendor, operations] of Object.entries(catalogues)) {
      if (hasSync(vendor)) {
        routes.push({
          method: "POST",
          path: `/v1/${vendor}/{connectionId}/sync`,
          auth: true,
          functionName: `switchboard-local-${vendor}-sync-start`,
          timeoutMs: OPERATION_TIMEOUT_MS,
          handler: await loadHandler(syncStartEntryPath(vendor)),
        });
        schedules.push(await loadHandler(syncScheduleEntryPath(vendor)));
      }
      for (const op of operations) {
        routes.push({
          method: op.route.method,
          path: `/v1/${vendor}/{connectionId}${op.route.path}`,
          auth: true,
          functionName: `switchboard-local-${vendor}-${op.name}`,
          timeoutMs: OPERATION_TIMEOUT_MS,
          handler: await loadHandler(operationEntryPath(op)),
        });
      }
      const consumer = await loadHandler(consumerEntryPath(vendor));
      const functionName = `switchboard-local-${vendor}-consumer`;
      bus.addRule({
        name: `${vendor}-commands`,
        matches: (e) => e["detail-type"] === DetailType.command && String(e.detail.operationId ?? "").startsWith(`${vendor}.`),
        target: (e) => consumer(e, lambdaContext(functionName, consumerTimeoutMs)),
      });
      const poller = new QueuePoller({ sqs, ...queues[vendor]!, region: LOCAL_REGION, functionName, timeoutMs: consumerTimeoutMs, visibilitySeconds, handler: consumer });
      poller.start();
      stoppers.push(() => poller.stop());
    }
    const vendorSchedules = new Map<string, LambdaHandler>();
    for (const schedule of allSchedules()) vendorSchedules.set(schedule.name, await loadHandler(scheduleEntryPath(schedule)));
    for (const webhook of allWebhooks()) {
      routes.push({
        method: "POST",
        path: webhook.receiver.path,
        auth: false,
        functionName: `switchboard-local-${webhook.name.replace(".", "-webhook-")}`,
        timeoutMs: WEBHOOK_TIMEOUT_MS,
        handler: await loadHandler(webhookEntryPath(webhook)),
      });
    }
    for (const route of allRoutes()) {
      routes.push({
        method: route.method,
        path: route.path,
        auth: route.auth === "jwt",
        functionName: `switchboard-local-${route.name.replace(".", "-route-")}`,
        timeoutMs: OPERATION_TIMEOUT_MS,
        handler: await loadHandler(routeEntryPath(route)),
      });
    }
    const runSchedule = async (name: string, at = new Date()) => {
      const handler = vendorSchedules.get(name);
      if (!handler) throw new Error(`No schedule ${name}; there are: ${[...vendorSchedules.keys()].join(", ")}`);
      const tick = { id: `local-${name}-${at.getTime()}`, "detail-type": "Scheduled Event", time: at.toISOString() };
      return handler(tick, lambdaContext(`switchboard-local-${name.replace(".", "-schedule-")}`, VENDOR_SCHEDULE_TIMEOUT_MS));
    };

    const health: LambdaHandler = async () => {
      const core = await coreHealth(deps, sqs, Object.keys(catalogues));
      const components: Record<string, { ok: boolean; detail?: string }> = { ...core };
      for (const [vendor, simulator] of Object.entries(simulators)) {
        components[`simulator:${vendor}`] = await probe(() => fetch(`${simulator.url}/__sim/health`).then((r) => r.ok || Promise.reject(new Error(`HTTP ${r.status}`))));
      }
      components.eventBus = { ok: true, detail: `${bus.history.length} recent events` };
      const ok = Object.values(components).every((c) => c.ok);
      return json(ok ? 200 : 503, { status: ok ? "ok" : "degraded", stage: LOCAL_STAGE, components });
    };
    // The FHIR facade: one function behind its routes, /metadata before /{resourceType}.
    const fhir = await loadHandler("fhir.ts");
    for (const key of FHIR_ROUTES) {
      const [method, path] = key.split(" ") as [string, string];
      routes.push({ method, path, auth: true, functionName: "switchboard-local-fhir", timeoutMs: OPERATION_TIMEOUT_MS, handler: fhir });
    }
    routes.push(
      { method: "GET", path: "/v1/jobs/{jobId}", auth: true, functionName: "switchboard-local-jobs", timeoutMs: OPERATION_TIMEOUT_MS, handler: await loadHandler("jobs.ts") },
      { method: "GET", path: "/v1/sync-runs/{runId}", auth: true, functionName: "switchboard-local-sync-runs", timeoutMs: OPERATION_TIMEOUT_MS, handler: await loadHandler("sync-runs.ts") },
      { method: "GET", path: "/openapi.json", auth: false, functionName: "switchboard-local-openapi", timeoutMs: OPERATION_TIMEOUT_MS, handler: await loadHandler("openapi.ts") },
      ...(await docsRoutes()),
      { method: "GET", path: "/health", auth: false, functionName: "switchboard-local-health", timeoutMs: OPERATION_TIMEOUT_MS, handler: health },
      {
        method: "POST",
        path: "/local/events",
        auth: true,
        functionName: "switchboard-local-putevents",
        timeoutMs: OPERATION_TIMEOUT_MS,
        handler: async (event) => {
          const body = JSON.parse((event as { body?: string }).body ?? "{}") as { detailType?: string; detail?: Record<string, unknown> };
          if (!body.detailType || !body.detail) return json(400, { message: "detailType and detail are required" });
          return json(200, { eventId: bus.put(body.detailType, body.detail).id });
        },
      },
      {
        // What an S3 presigned GET is in AWS: the token is the authorization, so no JWT.
        method: "GET",
        path: "/local/downloads/{token}",
        auth: false,
        functionName: "switchboard-local-downloads",
        timeoutMs: OPERATION_TIMEOUT_MS,
        handler: async (event) => {
          const token = (event as { pathParameters?: { token?: string } }).pathParameters?.token ?? "";
          const file = deps.downloads instanceof FileDownloads ? await deps.downloads.open(token) : undefined;
          if (!file) return json(403, { message: "This download link is invalid or has expired" });
          const headers: Record<string, string> = { "content-type": file.contentType, "content-disposition": contentDisposition(file.fileName) };
          return { statusCode: 200, headers, body: Buffer.from(file.bytes).toString("base64"), isBase64Encoded: true };
        },
      },
      {
        // `switchboard schedules run NAME`: the tick runs here, where the bus and the simulators are.
        method: "POST",
        path: "/local/schedules/{name}",
        auth: true,
        functionName: "switchboard-local-schedules",
        timeoutMs: VENDOR_SCHEDULE_TIMEOUT_MS,
        handler: async (event) => {
          const name = decodeURIComponent((event as { pathParameters?: { name?: string } }).pathParameters?.name ?? "");
          if (name === "daily-sync") return json(200, { started: await runSchedules() });
          if (!vendorSchedules.has(name)) return json(404, { message: `No schedule ${name}` });
          return json(200, { result: await runSchedule(name) });
        },
      },
    );

    await requeueUnfinishedWork(deps);
    const runSchedules = async (at = new Date()) => {
      const started: string[] = [];
      const tick = { id: `local-schedule-${at.getTime()}`, "detail-type": "Scheduled Event", time: at.toISOString() };
      for (const schedule of schedules) {
        const out = (await schedule(tick, lambdaContext("switchboard-local-sync-schedule", CONSUMER_TIMEOUT_MS))) as { started: string[] };
        started.push(...out.started);
      }
      return started;
    };
    if (options.schedule ?? true) {
      const scheduler = startHourlySchedule(runSchedules);
      stoppers.push(async () => scheduler.stop());
      for (const schedule of allSchedules()) {
        const timer = startMinuteSchedule(schedule.everyMinutes, (at) => runSchedule(schedule.name, at), schedule.name);
        stoppers.push(async () => timer.stop());
      }
    }

    const api = await startApiServer({ port: options.port ?? 3000, routes, auth });
    stoppers.push(api.stop);
    // Download links point at this API (/local/downloads/…), whose port is known only now.
    process.env.DOWNLOAD_BASE_URL = api.url;
    const webhookUrl = (path: string, params: Record<string, string>) => `${api.url}${fillPath(path, params)}`;
    for (const vendor of localVendors as readonly LocalVendor<unknown, RunningSimulator>[]) {
      const demo = demoConnections.find((c) => c.vendor === vendor.vendor);
      if (!demo || !vendor.connectToApi) continue;
      const secrets = await deps.credentials.get((await deps.connections.require(demo.connectionId)).secretRef);
      await vendor.connectToApi(simulators[vendor.vendor]!, sandbox[vendor.vendor as LocalVendorId], webhookUrl, secrets);
    }
    await writeFile(
      paths.runtime,
      JSON.stringify({ apiUrl: api.url, dynamodbEndpoint: dynamo.endpoint, sqsEndpoint: sqsServer.endpoint, queues, pid: process.pid }, null, 2),
      { mode: 0o600 },
    );
    stoppers.push(() => rm(paths.runtime, { force: true }));

    return {
      apiUrl: api.url,
      paths,
      auth,
      deps,
      bus,
      sqs,
      queues,
      simulators: simulators as unknown as LocalSimulators,
      demoConnections,
      token: (tenant) => issueToken(auth, tenant),
      runSchedules,
      runSchedule,
      webhookUrl,
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/**
 * fauxqs keeps messages in memory, so a restart empties the queues while DynamoDB (on disk) still
 * holds the jobs and sync runs. Accepted work is never dropped: unfinished jobs go back on their
 * queue, and running syncs resume from their first unfinished unit.
 */
async function requeueUnfinishedWork(deps: Deps): Promise<void> {
  for (const run of await deps.syncRuns.listRunning()) await resumeSyncRun(deps, run.runId, `restart-${run.runId}`);
  const jobs = await deps.jobs.listUnfinished();
  for (const job of jobs) {
    await deps.queue.send(job.operationId.split(".")[0] as string, {
      jobId: job.jobId,
      connectionId: job.connectionId,
      operationId: job.operationId,
      correlationId: job.correlationId,
    });
  }
  if (jobs.length) rootLogger.info("requeued unfinished jobs", { count: jobs.length });
}
