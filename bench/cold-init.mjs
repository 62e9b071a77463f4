// Child process for the bundle benchmark: imports one bundled Lambda in a fresh Node process and
// runs one invocation. Prints {importMs, invokeMs, statusCode} as JSON.
import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";

const [bundle, eventFile] = process.argv.slice(2);
const event = JSON.parse(await readFile(eventFile, "utf8"));
const context = {
  functionName: "bench",
  awsRequestId: "bench",
  invokedFunctionArn: "arn:aws:lambda:local:000000000000:function:bench",
  memoryLimitInMB: "512",
  getRemainingTimeInMillis: () => 30_000,
};
const t0 = performance.now();
const { handler } = await import(pathToFileURL(bundle).href);
const t1 = performance.now();
const result = await handler(event, context);
const t2 = performance.now();
process.stdout.write(JSON.stringify({ importMs: t1 - t0, invokeMs: t2 - t1, statusCode: result?.statusCode ?? null, batchItemFailures: result?.batchItemFailures?.length ?? null }));
