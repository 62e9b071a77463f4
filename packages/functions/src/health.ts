import type { SQSClient } from "@aws-sdk/client-sqs";
import { sqsClient } from "@switchboard/core/aws";
import { getDeps } from "@switchboard/core/deps";
import { lambda } from "@switchboard/core/lambda";
import { coreHealth } from "@switchboard/core/health";
import { json } from "@switchboard/core/http/problem";
import { catalogues } from "@switchboard/core/vendors/index";

/** GET /health — reachability of the table and each vendor queue. */
let sqs: SQSClient | undefined;

export const handler = lambda(async () => {
  const deps = getDeps();
  sqs ??= await sqsClient(deps.config);
  const components = await coreHealth(deps, sqs, Object.keys(catalogues));
  const ok = Object.values(components).every((c) => c.ok);
  return json(ok ? 200 : 503, { status: ok ? "ok" : "degraded", components });
});
