import { callVendor } from "@switchboard/core/execute";
import { getDeps } from "@switchboard/core/deps";
import { loggerFor } from "@switchboard/core/log";
import { findOperation } from "@switchboard/core/vendors/index";

/**
 * A second "container": its own process, sharing only the table with the local stack, making
 * vendor calls for one connection through the same core code as the Lambdas.
 */
const config = JSON.parse(process.env.CALLER_PROCESS_CONFIG ?? "{}") as {
  connectionId: string;
  operationId: string;
  calls: number;
  concurrency: number;
  budgetMs: number;
};
const deps = getDeps();
const connection = await deps.connections.get(config.connectionId);
const op = findOperation(config.operationId);
if (!connection || !op) throw new Error(`caller process: no connection ${config.connectionId} or operation ${config.operationId}`);
let next = 0;
const outcomes: string[] = [];
await Promise.all(
  Array.from({ length: config.concurrency }, async () => {
    while (next < config.calls) {
      next += 1;
      try {
        await callVendor(op, {}, connection, { deps, log: loggerFor(`caller-${process.pid}-${next}`), budgetMs: config.budgetMs });
        outcomes.push("ok");
      } catch (err) {
        outcomes.push((err as { code?: string }).code ?? (err as Error).name);
      }
    }
  }),
);
process.stdout.write(`${JSON.stringify({ outcomes })}\n`);
process.exit(0);
