import { Api as HttpApi, use, type ApiCorsProps, type ApiJwtAuthorizer, type StackContext } from "sst/constructs";
import type { FunctionalStack } from "sst/constructs/FunctionalStack.js";
import { queueUrlEnv } from "@switchboard/core/naming";
import { ACCESS_LOG_FORMAT } from "./access-log";
import { removalPolicyFor, type StageConfig } from "./config";
import { functionProps } from "./functions";
import { handlerOf } from "./names";
import { queueAttributes, tableItems } from "./permissions";
import type { PlatformResources } from "./Platform";
import { functionSizes, retention } from "./sizing";

export type SwitchboardApi = HttpApi<{ jwt: ApiJwtAuthorizer }>;

export interface ApiResources {
  api: SwitchboardApi;
}

/** Browsers only: the mobile apps and services do not need CORS, so no origins means no CORS at all. */
function cors(origins: string[]): ApiCorsProps | false {
  if (!origins.length) return false;
  return {
    allowOrigins: origins,
    allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE"],
    allowHeaders: ["authorization", "content-type", "idempotency-key", "x-correlation-id"],
    exposeHeaders: ["location", "retry-after", "x-correlation-id"],
    maxAge: "1 hour",
  };
}

/**
 * The HTTP API with its JWT authorizer and the platform routes (jobs, sync runs, OpenAPI,
 * health). Vendor stacks add their operations' routes to it, so their resources count against
 * their own stacks.
 */
export function apiStack(platformStack: FunctionalStack<PlatformResources>, vendors: string[], config: StageConfig) {
  return function Api({ stack }: StackContext): ApiResources {
    const platform = use(platformStack);
    const vendorQueues = vendors.map((vendor) => {
      const queues = platform.queues[vendor];
      if (!queues) throw new Error(`The platform has no queue for vendor "${vendor}"`);
      return [vendor, queues.queue] as const;
    });

    const api: SwitchboardApi = new HttpApi<{ jwt: ApiJwtAuthorizer }>(stack, "Api", {
      authorizers: { jwt: { type: "jwt", jwt: { issuer: config.jwt.issuer, audience: config.jwt.audience } } },
      defaults: { authorizer: "jwt" },
      cors: cors(config.corsOrigins),
      accessLog: { format: ACCESS_LOG_FORMAT, retention: retention.accessLogs },
      routes: {
        "GET /v1/jobs/{jobId}": {
          function: functionProps(stack, "Jobs", {
            name: ["jobs"],
            handler: handlerOf("jobs.ts"),
            size: functionSizes.jobs,
            permissions: [tableItems(platform.table, ["dynamodb:GetItem"])],
          }),
        },
        "GET /v1/sync-runs/{runId}": {
          function: functionProps(stack, "SyncRuns", {
            name: ["sync-runs"],
            handler: handlerOf("sync-runs.ts"),
            size: functionSizes.syncRuns,
            permissions: [tableItems(platform.table, ["dynamodb:GetItem"])],
          }),
        },
        "GET /openapi.json": {
          authorizer: "none",
          function: functionProps(stack, "OpenApi", { name: ["openapi"], handler: handlerOf("openapi.ts"), size: functionSizes.openapi }),
        },
        "GET /health": {
          authorizer: "none",
          function: functionProps(stack, "Health", {
            name: ["health"],
            handler: handlerOf("health.ts"),
            size: functionSizes.health,
            environment: Object.fromEntries(vendorQueues.map(([vendor, queue]) => [queueUrlEnv(vendor), queue.queueUrl])),
            permissions: [tableItems(platform.table, ["dynamodb:GetItem"]), queueAttributes(vendorQueues.map(([, queue]) => queue))],
          }),
        },
      },
    });
    // SST creates the access log group with CDK's default (retain); follow the stage's policy instead.
    api.cdk.accessLogGroup?.applyRemovalPolicy(removalPolicyFor(stack.stage));

    stack.addOutputs({ ApiUrl: api.url });
    return { api };
  };
}
