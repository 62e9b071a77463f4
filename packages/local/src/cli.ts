import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { localPaths } from "./paths";
import { LOCAL_STAGE, localEnvironment, readLocalEndpoints, stageEnvironment } from "./environment";

/**
 * `switchboard` — the operator's command line. Every command works against the running local
 * stack, or with `--stage NAME` (and AWS credentials) against a deployed stage. Commands that call
 * vendors go through the same core code as the Lambdas: pacing, signing, retries.
 */
const USAGE = `Usage: switchboard <command> [options]

  start [--port N]                          run the local stack (API on 127.0.0.1:3000)
  token --tenant T [--sub USER] [--scope S] print a JWT the local API accepts (--scope switchboard/act-as-user: a back-office service's)
  connections add --vendor V --id ID --tenant T [--base-url URL]
                  [--config key=value ...] [--secret key=value ...]
  connections list                          (never prints secret values)
  call OPERATION_ID --connection ID [--input JSON] [--user CODE] [--dry-run]   (--user: the acting user, for operations that act as one)
  jobs get JOB_ID
  dlq redrive VENDOR
  events put --detail-type TYPE --detail JSON   (e.g. a switchboard.command)
  events list [--detail-type PREFIX] [--limit N] the local bus's events, newest last, one JSON a line
  schedules list                            vendor schedules and the daily sync
  schedules run NAME                        run one tick now (e.g. docplanner.notifications, daily-sync)
  webhooks url --connection ID [--api-url URL]  the URL(s) to register with the vendor
  sync VENDOR --connection ID --from YYYY-MM-DD --to YYYY-MM-DD [--datasets a,b]
  sync VENDOR --resume RUN_ID               continue an interrupted backfill
  solo decrypt --key KEY                    decrypt a Solo webhook payload read on stdin; prints its JSON
  solo link --secret SECRET --data JSON [--base-url URL]   print a Solo context-aware link

Options for every command except start, token and solo:
  --stage NAME    use a deployed stage (AWS credentials from the environment)
  --verbose       also print the platform's logs (JSON lines)`;

class UsageError extends Error {}

const pairs = (values: string[] | undefined, flag: string): Record<string, string> =>
  Object.fromEntries(
    (values ?? []).map((pair) => {
      const at = pair.indexOf("=");
      if (at <= 0) throw new UsageError(`${flag} expects key=value, got "${pair}"`);
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );

function print(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Points our code at the local stack or a stage before any of it is imported. */
async function useEnvironment(stage: string | undefined, verbose: boolean): Promise<{ local: boolean }> {
  if (verbose) process.env.POWERTOOLS_LOG_LEVEL = "INFO";
  else process.env.POWERTOOLS_LOG_LEVEL ||= "ERROR";
  if (stage && stage !== LOCAL_STAGE) {
    Object.assign(process.env, stageEnvironment(stage));
    // The deployed functions get their queue URLs from the stack; the CLI looks them up by name.
    const { catalogues } = await import("@switchboard/core/vendors/index");
    const { queueUrlEnv } = await import("@switchboard/core/naming");
    for (const vendor of Object.keys(catalogues)) process.env[queueUrlEnv(vendor)] = (await queuesFor(vendor, false)).queueUrl;
    return { local: false };
  }
  const paths = localPaths();
  const endpoints = await readLocalEndpoints(paths);
  if (!endpoints) throw new UsageError("The local stack is not running. Start it with `npm start` (or pass --stage NAME for a deployed stage).");
  Object.assign(process.env, localEnvironment(paths, endpoints));
  const { queueUrlEnv } = await import("@switchboard/core/naming");
  for (const [vendor, q] of Object.entries(endpoints.queues)) process.env[queueUrlEnv(vendor)] = q.queueUrl;
  return { local: true };
}

async function queuesFor(vendor: string, local: boolean): Promise<{ queueUrl: string; dlqUrl: string }> {
  if (local) {
    const endpoints = await readLocalEndpoints(localPaths());
    const q = endpoints?.queues[vendor];
    if (!q) throw new UsageError(`No ${vendor} queue in the local stack`);
    return q;
  }
  const { GetQueueUrlCommand } = await import("@aws-sdk/client-sqs");
  const { sqsClient } = await import("@switchboard/core/aws");
  const { getDeps } = await import("@switchboard/core/deps");
  const { deadLetterQueueName, queueName } = await import("@switchboard/core/naming");
  const sqs = await sqsClient(getDeps().config);
  const stage = getDeps().config.STAGE;
  const url = async (name: string) => (await sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl as string;
  return { queueUrl: await url(queueName(stage, vendor)), dlqUrl: await url(deadLetterQueueName(stage, vendor)) };
}

async function start(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { port: { type: "string" } } });
  const port = values.port === undefined ? 3000 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number, got "${values.port}"`);
  const { startLocalStack } = await import("./stack");
  let stack;
  try {
    stack = await startLocalStack({ port });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { port?: number };
    if (e.code === "EADDRINUSE") throw new UsageError(`A port the local stack needs is in use (${e.message.replace(/^.*EADDRINUSE:?\s*/, "")}). Stop the other process or pass --port N.`);
    if (/Invalid Switchboard configuration/.test(e.message)) throw new UsageError(e.message);
    throw err;
  }
  const lines = [
    "",
    "Switchboard local stack is running (no AWS account needed).",
    `  API        ${stack.apiUrl}   (docs ${stack.apiUrl}/docs, OpenAPI ${stack.apiUrl}/openapi.json, health ${stack.apiUrl}/health)`,
    `  Simulators ${Object.entries(stack.simulators).map(([vendor, sim]) => `${vendor} ${sim.url}`).join(", ")}`,
    `  State      ${stack.paths.root} (survives restarts)`,
    "  Demo connections (tenant \"demo\"):",
    ...stack.demoConnections.map((c) => `    ${c.vendor.padEnd(10)} ${c.connectionId}`),
    "",
    "  Get a token:  npx switchboard token --tenant demo",
    `  Try it:       curl -H "Authorization: Bearer $(npx switchboard token --tenant demo)" ${stack.apiUrl}/v1/mocdoc/demo-mocdoc/locations`,
    "",
    "Press Ctrl+C to stop.",
    "",
  ];
  process.stderr.write(lines.join("\n"));
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  process.stderr.write("\nStopping…\n");
  await stack.stop();
  return 0;
}

async function token(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { tenant: { type: "string" }, ttl: { type: "string" }, sub: { type: "string" }, scope: { type: "string" } } });
  if (!values.tenant) throw new UsageError("token needs --tenant T");
  const { issueToken, loadDevAuth } = await import("./dev-auth");
  const auth = await loadDevAuth(localPaths().devAuth);
  const opts = { ttlSeconds: values.ttl ? Number(values.ttl) : undefined, subject: values.sub, scope: values.scope };
  process.stdout.write(`${await issueToken(auth, values.tenant, opts)}\n`);
  return 0;
}

const common = { stage: { type: "string" }, verbose: { type: "boolean" } } as const;

async function connections(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values } = parseArgs({
    args: rest,
    options: {
      ...common,
      vendor: { type: "string" },
      id: { type: "string" },
      tenant: { type: "string" },
      "base-url": { type: "string" },
      config: { type: "string", multiple: true },
      secret: { type: "string", multiple: true },
    },
  });
  await useEnvironment(values.stage, values.verbose ?? false);
  const { getDeps } = await import("@switchboard/core/deps");
  if (sub === "list") {
    const list = await getDeps().connections.list();
    print(list.map(({ connectionId, tenantId, vendor, config, secretRef }) => ({ connectionId, tenantId, vendor, config, secretRef })));
    return 0;
  }
  if (sub !== "add") throw new UsageError("connections add|list");
  if (!values.vendor || !values.id || !values.tenant) throw new UsageError("connections add needs --vendor, --id and --tenant");
  const config: Record<string, unknown> = pairs(values.config, "--config");
  if (values["base-url"]) config.baseUrl = values["base-url"];
  const { addConnection } = await import("@switchboard/core/connection-registry");
  const connection = await addConnection(getDeps(), {
    vendor: values.vendor,
    connectionId: values.id,
    tenantId: values.tenant,
    config,
    secrets: pairs(values.secret, "--secret"),
  });
  print({ connectionId: connection.connectionId, tenantId: connection.tenantId, vendor: connection.vendor, config: connection.config, secretRef: connection.secretRef });
  return 0;
}

async function call(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...common, connection: { type: "string" }, input: { type: "string" }, user: { type: "string" }, "dry-run": { type: "boolean" } },
  });
  const operationId = positionals[0];
  if (!operationId || !values.connection) throw new UsageError("call OPERATION_ID --connection ID [--input JSON] [--dry-run]");
  await useEnvironment(values.stage, values.verbose ?? false);
  const { findOperation, allOperations } = await import("@switchboard/core/vendors/index");
  const op = findOperation(operationId);
  if (!op) throw new UsageError(`Unknown operation ${operationId}. Known: ${allOperations().map((o) => o.id).join(", ")}`);
  let raw: unknown;
  try {
    raw = JSON.parse(values.input ?? "{}");
  } catch {
    throw new UsageError("--input must be JSON");
  }
  const { getDeps } = await import("@switchboard/core/deps");
  const { parseInput } = await import("@switchboard/core/validation");
  const deps = getDeps();
  const connection = await deps.connections.require(values.connection);
  const input = parseInput(op.input, raw) as Record<string, unknown>;
  const { actingUser } = await import("@switchboard/core/auth/acting-user");
  const user = actingUser(op, values.user, "--user");
  if (values["dry-run"]) {
    const { prepareCall } = await import("@switchboard/core/execute");
    const prepared = await prepareCall(op, input, connection, deps, user);
    print(prepared.binary ? { ...prepared, binary: `${prepared.binary.byteLength} bytes` } : prepared);
    return 0;
  }
  const { callVendor } = await import("@switchboard/core/execute");
  const { loggerFor } = await import("@switchboard/core/log");
  const { BinaryBody } = await import("@switchboard/core/http/binary-response");
  const result = await callVendor(op, input, connection, { deps, log: loggerFor(`cli-${randomUUID()}`), budgetMs: deps.config.CONSUMER_WAIT_BUDGET_MS, user });
  // A file answer (a report) is written as its bytes: redirect it to a file.
  if (result instanceof BinaryBody) process.stdout.write(result.bytes);
  else print(result);
  return 0;
}

async function jobs(args: string[]): Promise<number> {
  const [sub, jobId, ...rest] = args;
  const { values } = parseArgs({ args: rest, options: common });
  if (sub !== "get" || !jobId) throw new UsageError("jobs get JOB_ID");
  await useEnvironment(values.stage, values.verbose ?? false);
  const { getDeps } = await import("@switchboard/core/deps");
  const job = await getDeps().jobs.get(jobId);
  if (!job) throw new UsageError(`No job ${jobId}`);
  const { input: _input, ...visible } = job;
  print(visible);
  return 0;
}

async function dlq(args: string[]): Promise<number> {
  const [sub, vendor, ...rest] = args;
  const { values } = parseArgs({ args: rest, options: common });
  if (sub !== "redrive" || !vendor) throw new UsageError("dlq redrive VENDOR");
  const { local } = await useEnvironment(values.stage, values.verbose ?? false);
  const { getDeps } = await import("@switchboard/core/deps");
  const { sqsClient } = await import("@switchboard/core/aws");
  const { redriveDeadLetters } = await import("@switchboard/core/dlq");
  const deps = getDeps();
  const moved = await redriveDeadLetters(deps, await sqsClient(deps.config), await queuesFor(vendor, local));
  print({ vendor, redriven: moved });
  return 0;
}

async function events(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values } = parseArgs({ args: rest, options: { ...common, "detail-type": { type: "string" }, detail: { type: "string" }, limit: { type: "string" } } });
  if (sub === "list") return listEvents(values["detail-type"], values.limit);
  if (sub !== "put" || !values["detail-type"] || !values.detail) throw new UsageError("events put --detail-type TYPE --detail JSON | events list [--detail-type PREFIX] [--limit N]");
  let detail: Record<string, unknown>;
  try {
    detail = JSON.parse(values.detail) as Record<string, unknown>;
  } catch {
    throw new UsageError("--detail must be JSON");
  }
  const { local } = await useEnvironment(values.stage, values.verbose ?? false);
  if (local) {
    const endpoints = await readLocalEndpoints(localPaths());
    const { issueToken, loadDevAuth } = await import("./dev-auth");
    const bearer = await issueToken(await loadDevAuth(localPaths().devAuth), "operator");
    const res = await fetch(`${endpoints?.apiUrl}/local/events`, {
      method: "POST",
      headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json" },
      body: JSON.stringify({ detailType: values["detail-type"], detail }),
    });
    print(await res.json());
    return res.ok ? 0 : 1;
  }
  const { EventBridgeClient, PutEventsCommand } = await import("@aws-sdk/client-eventbridge");
  const out = await new EventBridgeClient({}).send(
    new PutEventsCommand({ Entries: [{ EventBusName: process.env.EVENT_BUS_NAME, Source: "switchboard.cli", DetailType: values["detail-type"], Detail: JSON.stringify(detail) }] }),
  );
  print(out.Entries);
  return out.FailedEntryCount ? 1 : 0;
}

/** The local bus's log (the stack need not be running): newest last, one JSON object a line. */
async function listEvents(prefix: string | undefined, limit: string | undefined): Promise<number> {
  const count = limit === undefined ? 100 : Number(limit);
  if (!Number.isInteger(count) || count < 1) throw new UsageError(`--limit must be a positive whole number, got "${limit}"`);
  const { readEventLog } = await import("./event-bus");
  const events = readEventLog(localPaths().events).filter((e) => prefix === undefined || e["detail-type"].startsWith(prefix));
  for (const event of events.slice(-count)) process.stdout.write(`${JSON.stringify(event)}\n`);
  return 0;
}

/** Calls one of the running local stack's own routes as the operator. */
async function localRoute(method: string, path: string, body?: unknown): Promise<{ ok: boolean; body: unknown }> {
  const endpoints = await readLocalEndpoints(localPaths());
  if (!endpoints) throw new UsageError("The local stack is not running. Start it with `npm start`.");
  const { issueToken, loadDevAuth } = await import("./dev-auth");
  const bearer = await issueToken(await loadDevAuth(localPaths().devAuth), "operator");
  const res = await fetch(`${endpoints.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${bearer}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { ok: res.ok, body: await res.json() };
}

async function schedules(args: string[]): Promise<number> {
  const [sub, name] = args;
  const { allSchedules } = await import("@switchboard/core/vendors/extras");
  const { syncs } = await import("@switchboard/core/vendors/syncs");
  if (sub === "list") {
    print([
      ...Object.keys(syncs).length ? [{ name: "daily-sync", every: "hour at :30 UTC", description: `Plans the daily syncs of ${Object.keys(syncs).join(", ")} connections` }] : [],
      ...allSchedules().map((s) => ({ name: s.name, every: `${s.everyMinutes} min`, description: s.description })),
    ]);
    return 0;
  }
  if (sub !== "run" || !name) throw new UsageError("schedules list | schedules run NAME");
  if (name !== "daily-sync" && !allSchedules().some((s) => s.name === name)) {
    throw new UsageError(`No schedule ${name}. Known: daily-sync, ${allSchedules().map((s) => s.name).join(", ")}`);
  }
  const out = await localRoute("POST", `/local/schedules/${encodeURIComponent(name)}`);
  print(out.body);
  return out.ok ? 0 : 1;
}

/** The URL(s) a vendor must be given for a connection's webhooks, with the connection's path secrets filled in. */
async function webhooks(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values } = parseArgs({ args: rest, options: { ...common, connection: { type: "string" }, "api-url": { type: "string" } } });
  if (sub !== "url" || !values.connection) throw new UsageError("webhooks url --connection ID [--api-url URL]");
  const { local } = await useEnvironment(values.stage, values.verbose ?? false);
  const apiUrl = values["api-url"] ?? (local ? (await readLocalEndpoints(localPaths()))?.apiUrl : undefined);
  if (!apiUrl) throw new UsageError("Pass --api-url: the stage's API URL (the ApiUrl output of `sst deploy`)");
  const { getDeps } = await import("@switchboard/core/deps");
  const { extras } = await import("@switchboard/core/vendors/extras");
  const { fillPath } = await import("./route-path");
  const deps = getDeps();
  const connection = await deps.connections.require(values.connection);
  const receivers = extras[connection.vendor]?.webhooks ?? [];
  if (!receivers.length) throw new UsageError(`${connection.vendor} sends no webhooks`);
  const secrets = await deps.credentials.get(connection.secretRef);
  print(receivers.map((w) => ({ name: w.name, description: w.description, url: `${apiUrl.replace(/\/$/, "")}${fillPath(w.receiver.path, { ...secrets, connectionId: connection.connectionId })}` })));
  return 0;
}

/**
 * Backfill: queues the same units the daily sync runs and follows them with a progress bar whose
 * ETA comes from the account's pacing. Ctrl+C cancels the run (remaining units are skipped, none
 * half-done); `--resume RUN_ID` queues what is left.
 */
async function sync(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...common, connection: { type: "string" }, from: { type: "string" }, to: { type: "string" }, datasets: { type: "string" }, resume: { type: "string" } },
  });
  const vendor = positionals[0];
  if (!vendor || (!values.resume && (!values.connection || !values.from || !values.to))) {
    throw new UsageError("sync VENDOR --connection ID --from YYYY-MM-DD --to YYYY-MM-DD [--datasets a,b] | sync VENDOR --resume RUN_ID");
  }
  await useEnvironment(values.stage, values.verbose ?? false);
  const { syncs } = await import("@switchboard/core/vendors/syncs");
  const vendorSync = syncs[vendor];
  if (!vendorSync) throw new UsageError(`${vendor} has no day-by-day datasets. Vendors with sync: ${Object.keys(syncs).join(", ")}`);
  const { getDeps } = await import("@switchboard/core/deps");
  const { loggerFor } = await import("@switchboard/core/log");
  const { resumeSyncRun, startSyncRun } = await import("@switchboard/core/sync/engine");
  const deps = getDeps();
  const correlationId = `cli-${randomUUID()}`;
  let run;
  if (values.resume) {
    run = await resumeSyncRun(deps, values.resume, correlationId);
    if (!run) throw new UsageError(`No sync run ${values.resume}`);
  } else {
    const connection = await deps.connections.require(values.connection as string);
    run = await startSyncRun(deps, vendorSync, connection, {
      runId: `backfill-${randomUUID()}`,
      kind: "backfill",
      from: values.from as string,
      to: values.to as string,
      datasets: values.datasets?.split(",").map((d) => d.trim()).filter(Boolean),
      correlationId,
      log: loggerFor(correlationId),
      budgetMs: deps.config.CONSUMER_WAIT_BUDGET_MS,
    });
  }
  process.stderr.write(`Sync run ${run.runId}: ${run.total} units (${run.datasets.length} datasets × ${run.total / run.datasets.length} days)\n`);
  const { progressLine } = await import("./progress");
  let interrupted = false;
  const onInterrupt = () => {
    interrupted = true;
  };
  process.once("SIGINT", onInterrupt);
  const tty = process.stderr.isTTY;
  let lastShown = -1;
  for (;;) {
    const current = await deps.syncRuns.get(run.runId);
    if (!current) throw new UsageError(`Sync run ${run.runId} disappeared`);
    if (tty || current.completed !== lastShown) {
      const line = progressLine(current.completed, current.total, (current.total - current.completed) * current.unitCostMs);
      process.stderr.write(tty ? `\r${line}` : `${line}\n`);
      lastShown = current.completed;
    }
    if (current.status === "completed") {
      process.stderr.write("\n");
      print({ runId: current.runId, status: current.status, completed: current.completed, total: current.total });
      return 0;
    }
    if (current.status === "stalled" || current.status === "cancelled") {
      process.stderr.write(`\nRun ${current.status}${current.reason ? `: ${current.reason}` : ""}. Resume with: switchboard sync ${vendor} --resume ${current.runId}\n`);
      return 1;
    }
    if (interrupted) {
      await deps.syncRuns.setStatus(run.runId, "cancelled", "interrupted from the CLI");
      process.stderr.write(`\nInterrupted after ${current.completed}/${current.total} units. Resume with: switchboard sync ${vendor} --resume ${run.runId}\n`);
      return 130;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * Solo's encryption for support engineers, offline (no stack, no stage): decrypt a delivery as our
 * webhook receives it (any of its three envelopes), or build a context-aware link as
 * solo.createContextLink does, from the same schema.
 */
async function solo(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values } = parseArgs({ args: rest, options: { key: { type: "string" }, secret: { type: "string" }, data: { type: "string" }, "base-url": { type: "string" } } });
  if (sub === "decrypt") {
    if (!values.key) throw new UsageError("solo decrypt --key KEY (the payload on stdin)");
    const { ciphertextOf } = await import("@switchboard/core/vendors/solo/webhooks/receiver");
    const { SoloPayloadError, unpackSoloPayload } = await import("@switchboard/core/vendors/solo/crypto");
    const envelope = ciphertextOf(await readStdin());
    if ("problem" in envelope) throw new UsageError(`Not a Solo payload: ${envelope.problem}`);
    let plaintext: string;
    try {
      plaintext = unpackSoloPayload(values.key, envelope.ciphertext.trim());
    } catch (err) {
      if (!(err instanceof SoloPayloadError)) throw err;
      process.stderr.write(`The payload ${err.message}\n`);
      return 1;
    }
    try {
      print(JSON.parse(plaintext));
    } catch {
      process.stderr.write("The payload decrypts to something that is not JSON (wrong key, or tampered)\n");
      return 1;
    }
    return 0;
  }
  if (sub !== "link" || !values.secret || !values.data) throw new UsageError("solo decrypt --key KEY | solo link --secret SECRET --data JSON [--base-url URL]");
  let data: unknown;
  try {
    data = JSON.parse(values.data);
  } catch {
    throw new UsageError("--data must be JSON");
  }
  const { createContextLink } = await import("@switchboard/core/vendors/solo/operations/createContextLink");
  const { contextLinkUrl } = await import("@switchboard/core/vendors/solo/context-link");
  const { parseInput } = await import("@switchboard/core/validation");
  const input = parseInput(createContextLink.input, data) as Record<string, unknown>;
  // The docs' host, when no tenant is named.
  process.stdout.write(`${contextLinkUrl(values["base-url"] ?? "https://demo.visitnow.org", values.secret, input)}\n`);
  return 0;
}

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = { start, token, connections, call, jobs, dlq, events, schedules, webhooks, sync, solo };

export async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (!command || command === "help" || command === "--help" || command === "-h") {
    process.stdout.write(`${USAGE}\n`);
    return command ? 0 : 2;
  }
  const run = COMMANDS[command];
  if (!run) {
    process.stderr.write(`Unknown command "${command}".\n\n${USAGE}\n`);
    return 2;
  }
  try {
    return await run(args);
  } catch (err) {
    return report(err);
  }
}

async function report(err: unknown): Promise<number> {
  const { ValidationError, VendorError, ConfigurationError } = await import("@switchboard/core/errors");
  if (err instanceof UsageError || (err as { code?: string }).code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    process.stderr.write(`${(err as Error).message}\n`);
    return 2;
  }
  if (err instanceof ValidationError) {
    process.stderr.write(`${err.message}:\n${err.issues.map((i) => `  ${i.path}: ${i.message}`).join("\n")}\n`);
    return 2;
  }
  if (err instanceof VendorError) {
    process.stderr.write(`${JSON.stringify({ error: err.toJSON() }, null, 2)}\n`);
    return 1;
  }
  if (err instanceof ConfigurationError) {
    process.stderr.write(`${err.message}\n`);
    return 1;
  }
  process.stderr.write(`Unexpected error: ${(err as Error).name}: ${(err as Error).message}\n`);
  return 1;
}
