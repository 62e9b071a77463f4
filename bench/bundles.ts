import { execFile } from "node:child_process";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage } from "node:http";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import type { Metafile } from "esbuild";

/**
 * Per-function bundle size and cold initialisation, for bench/results.json, for each way of
 * bundling AWS SDK v3 (packages/functions/src/bundle.ts): "external" (the runtime's copy, as
 * deployed until now), "bundled" (minified, tree-shaken, one file) and "split" (bundled,
 * code-split, lean source maps; deployed now). Each Lambda entry is bundled as SST deploys it,
 * source maps included, then imported in a fresh Node process started with the deployed
 * NODE_OPTIONS (--enable-source-maps), which runs one invocation against the local services and
 * simulator.
 * Secrets Manager and EventBridge are stub endpoints that answer GetSecretValue (from the local
 * secrets) and PutEvents, so a function loads and uses those clients as it would in AWS.
 *
 * Each function is measured SAMPLES times per variant, the variants taking turns in a rotating
 * order so all see the same machine load; a function's figure is the median of its samples.
 */
process.env.POWERTOOLS_LOG_LEVEL = "ERROR";
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
const { generatedEntries, hasSync, syncScheduleEntryPath, syncStartEntryPath } = await import("@switchboard/functions/entries");
const { BUNDLINGS, bundleEntry, DEPLOYED_BUNDLING } = await import("@switchboard/functions/bundle");
type Variant = import("@switchboard/functions/bundle").BundlingName;
const { catalogues } = await import("@switchboard/core/vendors/index");
const { newJobId } = await import("@switchboard/core/jobs");
const { queueUrlEnv } = await import("@switchboard/core/naming");
const { buildHttpEvent } = await import("@switchboard/local/http-event");
const { addMocDocConnection, startTestStack } = await import("../test/support/local");

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const outDir = join(here, "dist");
const run = promisify(execFile);

const VARIANTS = Object.keys(BUNDLINGS) as Variant[];
const SAMPLES = 3;
/** The vendor whose functions are measured, against its demo-like connection `bench-cold`. */
const MEASURED_VENDOR = "mocdoc";

/** The deployed functions' NODE_OPTIONS (stacks/functions.ts). */
const NODE_OPTIONS = ["--enable-source-maps"];

interface ColdSample {
  importMs: number;
  invokeMs: number;
  statusCode: number | null;
  /** For SQS batches, how many records the handler reported failed. */
  batchItemFailures: number | null;
}

export interface VariantFigures {
  bundleBytes: number;
  gzipBytes: number;
  largestInputs: { path: string; bytes: number }[];
  coldInit: { importMs: number; invokeMs: number; totalMs: number; statusCodes: (number | null)[]; samples: number };
}

/** The function's JavaScript files (entry and chunks, not source maps). */
const scripts = (metafile: Metafile) => Object.entries(metafile.outputs).filter(([path]) => path.endsWith(".mjs"));

function largestInputs(metafile: Metafile) {
  const byPackage = new Map<string, number>();
  for (const [path, { bytesInOutput }] of scripts(metafile).flatMap(([, output]) => Object.entries(output.inputs))) {
    const key = path.includes("node_modules/") ? path.replace(/^.*node_modules\/((@[^/]+\/)?[^/]+).*$/, "$1") : path.replace(/^.*packages\//, "packages/");
    byPackage.set(key, (byPackage.get(key) ?? 0) + bytesInOutput);
  }
  return [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([path, bytes]) => ({ path, bytes }));
}

const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const round = (n: number) => Math.round(n * 10) / 10;

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** Secrets Manager's GetSecretValue (from the local secrets) and EventBridge's PutEvents. */
async function startAwsStub(secret: (name: string) => Promise<Record<string, string>>) {
  const server = createServer((req, res) => {
    void (async () => {
      const target = String(req.headers["x-amz-target"] ?? "");
      const body = await bodyOf(req);
      const reply = (status: number, payload: unknown) => res.writeHead(status, { "content-type": "application/x-amz-json-1.1" }).end(JSON.stringify(payload));
      if (target === "secretsmanager.GetSecretValue") {
        const { SecretId } = JSON.parse(body) as { SecretId: string };
        const values = await secret(SecretId).catch(() => undefined);
        if (!values) return reply(400, { __type: "ResourceNotFoundException", message: "no such secret" });
        return reply(200, { ARN: `arn:aws:secretsmanager:us-east-1:000000000000:secret:${SecretId}`, Name: SecretId, SecretString: JSON.stringify(values), VersionId: "bench" });
      }
      if (target.endsWith(".PutEvents")) return reply(200, { FailedEntryCount: 0, Entries: [{ EventId: "stub" }] });
      reply(400, { __type: "UnknownOperationException" });
    })();
  });
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, close: () => server.close() };
}

const day = (yyyymmdd: string, plus: number) => {
  const t = Date.UTC(Number(yyyymmdd.slice(0, 4)), Number(yyyymmdd.slice(4, 6)) - 1, Number(yyyymmdd.slice(6, 8))) + plus * 86_400_000;
  return new Date(t).toISOString().slice(0, 10).replaceAll("-", "");
};

/** The example, made unique for run `n` where the vendor refuses repeats (slots by date, image names). */
function varied(example: Record<string, unknown>, n: number): Record<string, unknown> {
  const input = { ...example };
  if (typeof input.date === "string" && /^\d{8}$/.test(input.date)) input.date = day(input.date, n);
  if (typeof input.imagename === "string") input.imagename = input.imagename.replace(/(\.[^.]+)$/, `-${n}$1`);
  return input;
}

export async function measureFunctions(): Promise<Record<string, unknown>> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const stack = await startTestStack();
  const aws = await startAwsStub((name) => stack.deps.credentials.get(name));
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
      SECRETS_BACKEND: "aws",
      AWS_ENDPOINT_URL_SECRETS_MANAGER: aws.url,
      ARCHIVE_BACKEND: "file",
      ARCHIVE_DIR: stack.deps.config.ARCHIVE_DIR,
      EVENTS_BACKEND: "aws",
      EVENT_BUS_NAME: "bench",
      AWS_ENDPOINT_URL_EVENTBRIDGE: aws.url,
      POWERTOOLS_LOG_LEVEL: "ERROR",
      ...Object.fromEntries(Object.entries(stack.queues).map(([vendor, q]) => [queueUrlEnv(vendor), q.queueUrl])),
    };

    /** One invocation's event for `entry`, unique to run `n`. */
    const events = new Map<string, (n: number) => Promise<unknown>>();
    for (const [vendor, operations] of Object.entries(catalogues).filter(([vendor]) => vendor === MEASURED_VENDOR)) {
      for (const op of operations) {
        const bodyless = op.route.method === "GET" || op.route.method === "DELETE";
        const routeParams = [...op.route.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);
        events.set(`${vendor}/${op.name}.ts`, async (n) => {
          const example = varied((op.example ?? {}) as Record<string, unknown>, n);
          const pathParameters: Record<string, string> = { connectionId: "bench-cold" };
          for (const name of routeParams) pathParameters[name] = String(example[name]);
          const rest = Object.fromEntries(Object.entries(example).filter(([k]) => !routeParams.includes(k)));
          const rawPath = `/v1/${vendor}/bench-cold${op.route.path.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(String(example[name])))}`;
          return buildHttpEvent({
            method: op.route.method,
            routePath: `/v1/${vendor}/{connectionId}${op.route.path}`,
            rawPath,
            pathParameters,
            query: bodyless ? new URLSearchParams(rest as Record<string, string>) : undefined,
            headers: { "content-type": "application/json" },
            body: bodyless ? undefined : Buffer.from(JSON.stringify(rest)),
            claims,
          });
        });
      }
      // The consumer runs a queued job: the vendor call, the job record and its job.succeeded event.
      const job = operations.find((op) => op.kind === "read")!;
      const queuedJob = async () => {
        const jobId = newJobId();
        await stack.deps.jobs.create({ jobId, tenantId: "bench", connectionId: "bench-cold", operationId: job.id, input: job.example ?? {}, correlationId: `bench-${jobId}`, source: "event" });
        return { jobId, queueArn: stack.queues[vendor]!.queueArn };
      };
      events.set(`${vendor}/consumer.ts`, async () => {
        const { jobId, queueArn } = await queuedJob();
        const now = String(Date.now());
        return {
          Records: [{
            messageId: jobId,
            receiptHandle: "bench",
            body: JSON.stringify({ jobId, connectionId: "bench-cold", operationId: job.id, correlationId: `bench-${jobId}` }),
            attributes: { ApproximateReceiveCount: "1", SentTimestamp: now, SenderId: "bench", ApproximateFirstReceiveTimestamp: now, MessageGroupId: "bench-cold", MessageDeduplicationId: jobId },
            messageAttributes: {},
            md5OfBody: "",
            eventSource: "aws:sqs",
            eventSourceARN: queueArn,
            awsRegion: "us-east-1",
          }],
        };
      });
      events.set("jobs.ts", async () => {
        const { jobId } = await queuedJob();
        return buildHttpEvent({ method: "GET", routePath: "/v1/jobs/{jobId}", rawPath: `/v1/jobs/${jobId}`, pathParameters: { jobId }, claims });
      });
      if (hasSync(vendor)) {
        events.set(syncStartEntryPath(vendor), async () =>
          buildHttpEvent({
            method: "POST",
            routePath: `/v1/${vendor}/{connectionId}/sync`,
            rawPath: `/v1/${vendor}/bench-cold/sync`,
            pathParameters: { connectionId: "bench-cold" },
            headers: { "content-type": "application/json" },
            body: Buffer.from(JSON.stringify({ from: "2026-10-01", to: "2026-10-01", datasets: ["bills"] })),
            claims,
          }),
        );
        events.set(syncScheduleEntryPath(vendor), async () => ({ id: "bench-schedule", "detail-type": "Scheduled Event", source: "aws.events", detail: {} }));
      }
    }
    events.set("sync-runs.ts", async () => buildHttpEvent({ method: "GET", routePath: "/v1/sync-runs/{runId}", rawPath: "/v1/sync-runs/none", pathParameters: { runId: "none" }, claims }));
    events.set("openapi.ts", async () => buildHttpEvent({ method: "GET", routePath: "/openapi.json", rawPath: "/openapi.json" }));
    events.set("health.ts", async () => buildHttpEvent({ method: "GET", routePath: "/health", rawPath: "/health" }));

    const figures: Record<string, Record<Variant, VariantFigures>> = {};
    let runIndex = 0;
    // MocDoc's functions (operations, consumer, sync) and the platform's: the set this comparison was
    // made on, with a connection behind every event. The other vendors' functions are bundled the same way.
    const measured = [...generatedEntries().keys()].filter((entry) => entry.startsWith(`${MEASURED_VENDOR}/`));
    for (const entry of [...measured, "jobs.ts", "sync-runs.ts", "openapi.ts", "health.ts"]) {
      const eventFor = events.get(entry);
      if (!eventFor) throw new Error(`no benchmark event for ${entry}`);
      const built = new Map<Variant, { file: string; bytes: Buffer; metafile: Metafile }>();
      for (const sdk of VARIANTS) {
        // A directory per function, as SST builds each: a split bundle's chunks are its own.
        const name = entry.replace(/\.ts$/, "");
        const file = join(outDir, sdk, name, `${name.split("/").at(-1)}.mjs`);
        const { metafile } = await bundleEntry(entry, file, BUNDLINGS[sdk]);
        const bytes = Buffer.concat(await Promise.all(scripts(metafile).map(([path]) => readFile(resolve(path)))));
        built.set(sdk, { file, bytes, metafile });
      }
      const samples = new Map<Variant, ColdSample[]>(VARIANTS.map((sdk) => [sdk, []]));
      for (let i = 0; i < SAMPLES; i++) {
        for (const sdk of VARIANTS.map((_v, k) => VARIANTS[(k + i) % VARIANTS.length]!)) {
          const eventFile = join(outDir, `event-${runIndex}.json`);
          await writeFile(eventFile, JSON.stringify(await eventFor(runIndex++)));
          const { stdout } = await run("node", [...NODE_OPTIONS, join(here, "cold-init.mjs"), built.get(sdk)!.file, eventFile], { env, cwd: root });
          const sample = JSON.parse(stdout) as ColdSample;
          // A failing invocation would be measured fast for the wrong reason.
          if ((sample.statusCode ?? 0) >= 500 || (sample.batchItemFailures ?? 0) > 0) throw new Error(`${entry} (${sdk}) failed: ${stdout}`);
          samples.get(sdk)!.push(sample);
        }
      }
      const name = entry.replace(/\.ts$/, "");
      figures[name] = Object.fromEntries(
        await Promise.all(
          VARIANTS.map(async (sdk) => {
            const { bytes, metafile } = built.get(sdk)!;
            const taken = samples.get(sdk)!;
            const importMs = median(taken.map((s) => s.importMs));
            const invokeMs = median(taken.map((s) => s.invokeMs));
            const totalMs = median(taken.map((s) => s.importMs + s.invokeMs));
            const variant: VariantFigures = {
              bundleBytes: bytes.length,
              gzipBytes: gzipSync(bytes).length,
              largestInputs: largestInputs(metafile),
              coldInit: { importMs: round(importMs), invokeMs: round(invokeMs), totalMs: round(totalMs), statusCodes: taken.map((s) => s.statusCode), samples: taken.length },
            };
            return [sdk, variant] as const;
          }),
        ),
      ) as Record<Variant, VariantFigures>;
      const cell = (sdk: Variant) => {
        const f = figures[name]![sdk];
        return `${(f.bundleBytes / 1024).toFixed(0).padStart(5)} KiB ${String(f.coldInit.importMs).padStart(6)} + ${String(f.coldInit.invokeMs).padStart(6)} = ${String(f.coldInit.totalMs).padStart(6)} ms`;
      };
      console.log(`${entry.padEnd(38)} ${VARIANTS.map((sdk) => `${sdk} ${cell(sdk)}`).join("   ")}  → ${figures[name]![DEPLOYED_BUNDLING].coldInit.statusCodes.join(",")}`);
    }

    const all = Object.entries(figures);
    const summaryOf = (sdk: Variant) => {
      const sizes = all.map(([, f]) => f[sdk].bundleBytes);
      const largest = [...all].sort((a, b) => b[1][sdk].bundleBytes - a[1][sdk].bundleBytes)[0]!;
      const cold = (key: "importMs" | "invokeMs" | "totalMs") => all.map(([, f]) => f[sdk].coldInit[key]);
      return {
        bundleBytes: { median: median(sizes), largest: Math.max(...sizes), largestFunction: largest[0] },
        gzipBytes: { median: median(all.map(([, f]) => f[sdk].gzipBytes)) },
        coldInitMs: { importMedian: round(median(cold("importMs"))), invokeMedian: round(median(cold("invokeMs"))), median: round(median(cold("totalMs"))), largest: Math.max(...cold("totalMs")) },
      };
    };
    const summaries = Object.fromEntries(VARIANTS.map((sdk) => [sdk, summaryOf(sdk)])) as Record<Variant, ReturnType<typeof summaryOf>>;
    const ratio = (a: number, b: number) => Math.round((a / b) * 1000) / 1000;
    /** Each variant's medians over today's bundling's ("external"), measured in this run. */
    const overExternal = Object.fromEntries(
      VARIANTS.filter((sdk) => sdk !== "external").map((sdk) => {
        const [mine, today] = [summaries[sdk], summaries.external];
        return [sdk, {
          coldInitMedian: ratio(mine.coldInitMs.median, today.coldInitMs.median),
          importMedian: ratio(mine.coldInitMs.importMedian, today.coldInitMs.importMedian),
          invokeMedian: ratio(mine.coldInitMs.invokeMedian, today.coldInitMs.invokeMedian),
          bundleBytesMedian: ratio(mine.bundleBytes.median, today.bundleBytes.median),
        }];
      }),
    );
    const deployedRatio = ratio(summaries[DEPLOYED_BUNDLING].coldInitMs.median, summaries.external.coldInitMs.median);
    return {
      bundler: "esbuild as SST v2 deploys (ESM, minified, keepNames, module before main, source maps), run with --enable-source-maps",
      variants: {
        external: "@aws-sdk/* external: the nodejs22.x runtime's SDK (deployed until now)",
        bundled: "@aws-sdk/* bundled, minified and tree-shaken, one file",
        split: "@aws-sdk/* bundled, minified and tree-shaken, code-split (clients used on first use are chunks), source maps without sourcesContent",
      },
      deployed: DEPLOYED_BUNDLING,
      samplesPerFunction: SAMPLES,
      measured: `${MEASURED_VENDOR}'s functions (operations, consumer, sync) and the platform's (jobs, sync-runs, openapi, health)`,
      summary: {
        functions: all.length,
        ...summaries,
        overExternal,
        goal: { deployedColdInitMedianOverExternalAtMost: 0.4, ratio: deployedRatio, met: deployedRatio <= 0.4 },
      },
      functions: figures,
    };
  } finally {
    await stack.cleanup();
    aws.close();
  }
}
