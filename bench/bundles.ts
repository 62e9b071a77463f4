import { execFile } from "node:child_process";
import { mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import type { Metafile } from "esbuild";

/**
 * Per-function bundle size and cold initialisation, for bench/results.json:
 * each Lambda entry is bundled as it is deployed (ESM, minified, `@aws-sdk/*` external, the SDK
 * being in the nodejs22.x runtime), then imported in a fresh Node process that runs one invocation
 * against the local services and simulator. EventBridge is a stub endpoint that accepts PutEvents.
 */
process.env.POWERTOOLS_LOG_LEVEL = "ERROR";
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
const { generatedEntries, hasSync, syncScheduleEntryPath, syncStartEntryPath } = await import("@switchboard/functions/entries");
const { bundleEntry } = await import("@switchboard/functions/bundle");
const { catalogues } = await import("@switchboard/core/vendors/index");
const { newJobId } = await import("@switchboard/core/jobs");
const { queueUrlEnv } = await import("@switchboard/core/naming");
const { buildHttpEvent } = await import("@switchboard/local/http-event");
const { addMocDocConnection, startTestStack } = await import("../test/support/local");

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const outDir = join(here, "dist");
const run = promisify(execFile);

export interface FunctionFigures {
  bundleBytes: number;
  gzipBytes: number;
  largestInputs: { path: string; bytes: number }[];
  coldInit: { importMs: number; invokeMs: number; totalMs: number; statusCode: number | null };
}

async function bundle(entry: string): Promise<{ file: string; metafile: Metafile }> {
  const file = join(outDir, entry.replace(/\.ts$/, ".mjs"));
  return { file, metafile: (await bundleEntry(entry, file)).metafile };
}

function largestInputs(metafile: Metafile, file: string) {
  const output = Object.entries(metafile.outputs).find(([path]) => file.endsWith(path.replace(/^.*bench\/dist/, "")))?.[1];
  const byPackage = new Map<string, number>();
  for (const [path, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
    const key = path.includes("node_modules/") ? path.replace(/^.*node_modules\/((@[^/]+\/)?[^/]+).*$/, "$1") : path.replace(/^.*packages\//, "packages/");
    byPackage.set(key, (byPackage.get(key) ?? 0) + bytesInOutput);
  }
  return [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([path, bytes]) => ({ path, bytes }));
}

const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};
const round = (n: number) => Math.round(n * 10) / 10;

export async function measureFunctions(): Promise<Record<string, unknown>> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const eventsStub = createServer((req, res) => {
    req.resume();
    req.on("end", () => res.writeHead(200, { "content-type": "application/x-amz-json-1.1" }).end('{"FailedEntryCount":0,"Entries":[{"EventId":"stub"}]}'));
  });
  await new Promise<void>((resolve) => eventsStub.listen(0, "127.0.0.1", resolve));
  const stubPort = (eventsStub.address() as { port: number }).port;
  const stack = await startTestStack();
  try {
    await addMocDocConnection(stack, { connectionId: "bench-cold", tenantId: "bench", minIntervalMs: 1 });
    const claims = { tenant: "bench", sub: "bench" };
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      STAGE: "local",
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: "local",
      AWS_SECRET_ACCESS_KEY: "local",
      TABLE_NAME: stack.deps.config.TABLE_NAME,
      DYNAMODB_ENDPOINT: stack.deps.config.DYNAMODB_ENDPOINT,
      SQS_ENDPOINT: stack.deps.config.SQS_ENDPOINT,
      SECRETS_BACKEND: "file",
      SECRETS_DIR: stack.deps.config.SECRETS_DIR,
      ARCHIVE_BACKEND: "file",
      ARCHIVE_DIR: stack.deps.config.ARCHIVE_DIR,
      EVENTS_BACKEND: "aws",
      EVENT_BUS_NAME: "bench",
      AWS_ENDPOINT_URL_EVENTBRIDGE: `http://127.0.0.1:${stubPort}`,
      POWERTOOLS_LOG_LEVEL: "ERROR",
      ...Object.fromEntries(Object.entries(stack.queues).map(([vendor, q]) => [queueUrlEnv(vendor), q.queueUrl])),
    };

    const invocations = new Map<string, unknown>();
    let slot = 0;
    const nextStart = () => `${String(6 + Math.floor(slot / 4)).padStart(2, "0")}:${String((slot++ % 4) * 15).padStart(2, "0")}`;
    for (const [vendor, operations] of Object.entries(catalogues)) {
      for (const op of operations) {
        const example = { ...(op.example ?? {}) } as Record<string, unknown>;
        if ("start" in example) example.start = nextStart();
        const bodyless = op.route.method === "GET" || op.route.method === "DELETE";
        const routeParams = [...op.route.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);
        const pathParameters: Record<string, string> = { connectionId: "bench-cold" };
        for (const name of routeParams) pathParameters[name] = String(example[name]);
        const rest = Object.fromEntries(Object.entries(example).filter(([k]) => !routeParams.includes(k)));
        const rawPath = `/v1/${vendor}/bench-cold${op.route.path.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(String(example[name])))}`;
        invocations.set(`${vendor}/${op.name}.ts`, buildHttpEvent({
          method: op.route.method,
          routePath: `/v1/${vendor}/{connectionId}${op.route.path}`,
          rawPath,
          pathParameters,
          query: bodyless ? new URLSearchParams(rest as Record<string, string>) : undefined,
          headers: { "content-type": "application/json" },
          body: bodyless ? undefined : Buffer.from(JSON.stringify(rest)),
          claims,
        }));
        const jobId = newJobId();
        const input = { ...(op.example ?? {}) } as Record<string, unknown>;
        if ("start" in input) input.start = nextStart();
        await stack.deps.jobs.create({ jobId, tenantId: "bench", connectionId: "bench-cold", operationId: op.id, input, correlationId: `bench-${jobId}`, source: "event" });
        invocations.set(`${vendor}/consumer.ts`, {
          Records: [{
            messageId: jobId,
            receiptHandle: "bench",
            body: JSON.stringify({ jobId, connectionId: "bench-cold", operationId: op.id, correlationId: `bench-${jobId}` }),
            attributes: { ApproximateReceiveCount: "1", SentTimestamp: String(Date.now()), SenderId: "bench", ApproximateFirstReceiveTimestamp: String(Date.now()), MessageGroupId: "bench-cold", MessageDeduplicationId: jobId },
            messageAttributes: {},
            md5OfBody: "",
            eventSource: "aws:sqs",
            eventSourceARN: stack.queues[vendor]!.queueArn,
            awsRegion: "us-east-1",
          }],
        });
        invocations.set("jobs.ts", buildHttpEvent({ method: "GET", routePath: "/v1/jobs/{jobId}", rawPath: `/v1/jobs/${jobId}`, pathParameters: { jobId }, claims }));
      }
    }
    for (const vendor of Object.keys(catalogues)) {
      if (!hasSync(vendor)) continue;
      invocations.set(syncStartEntryPath(vendor), buildHttpEvent({
        method: "POST",
        routePath: `/v1/${vendor}/{connectionId}/sync`,
        rawPath: `/v1/${vendor}/bench-cold/sync`,
        pathParameters: { connectionId: "bench-cold" },
        headers: { "content-type": "application/json" },
        body: Buffer.from(JSON.stringify({ from: "2026-10-01", to: "2026-10-01", datasets: ["bills"] })),
        claims,
      }));
      invocations.set(syncScheduleEntryPath(vendor), { id: "bench-schedule", "detail-type": "Scheduled Event", source: "aws.events", detail: {} });
    }
    invocations.set("sync-runs.ts", buildHttpEvent({ method: "GET", routePath: "/v1/sync-runs/{runId}", rawPath: "/v1/sync-runs/none", pathParameters: { runId: "none" }, claims }));
    invocations.set("openapi.ts", buildHttpEvent({ method: "GET", routePath: "/openapi.json", rawPath: "/openapi.json" }));
    invocations.set("health.ts", buildHttpEvent({ method: "GET", routePath: "/health", rawPath: "/health" }));

    const figures: Record<string, FunctionFigures> = {};
    for (const entry of [...generatedEntries().keys(), "jobs.ts", "sync-runs.ts", "openapi.ts", "health.ts"]) {
      const { file, metafile } = await bundle(entry);
      const bytes = await readFile(file);
      const eventFile = `${file}.event.json`;
      await writeFile(eventFile, JSON.stringify(invocations.get(entry)));
      const { stdout } = await run("node", [join(here, "cold-init.mjs"), file, eventFile], { env, cwd: root });
      const cold = JSON.parse(stdout) as { importMs: number; invokeMs: number; statusCode: number | null };
      figures[entry.replace(/\.ts$/, "")] = {
        bundleBytes: (await stat(file)).size,
        gzipBytes: gzipSync(bytes).length,
        largestInputs: largestInputs(metafile, file),
        coldInit: { importMs: round(cold.importMs), invokeMs: round(cold.invokeMs), totalMs: round(cold.importMs + cold.invokeMs), statusCode: cold.statusCode },
      };
      console.log(`${entry.padEnd(32)} ${(figures[entry.replace(/\.ts$/, "")]!.bundleBytes / 1024).toFixed(0).padStart(5)} KiB  cold ${round(cold.importMs + cold.invokeMs)} ms  → ${cold.statusCode ?? "batch"}`);
    }
    const sizes = Object.values(figures).map((f) => f.bundleBytes);
    const colds = Object.values(figures).map((f) => f.coldInit.totalMs);
    const largest = Object.entries(figures).sort((a, b) => b[1].bundleBytes - a[1].bundleBytes)[0]!;
    return {
      bundler: "esbuild (SST v2's), ESM, minified, @aws-sdk/* external",
      summary: {
        functions: sizes.length,
        bundleBytes: { median: median(sizes), largest: Math.max(...sizes), largestFunction: largest[0] },
        coldInitMs: { median: median(colds), largest: Math.max(...colds) },
      },
      functions: figures,
    };
  } finally {
    await stack.cleanup();
    eventsStub.close();
  }
}
