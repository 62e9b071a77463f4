import type { CfnLogGroup } from "aws-cdk-lib/aws-logs";
import { Api as HttpApi, use, type ApiCorsProps, type ApiJwtAuthorizer, type StackContext } from "sst/constructs";
import type { FunctionalStack } from "sst/constructs/FunctionalStack.js";
import { queueUrlEnv } from "@switchboard/core/naming";
import { ACCESS_LOG_FORMAT } from "./access-log";
import { removalPolicyFor, type StageConfig } from "./config";
import { acceptStackFindings } from "./findings";
import { functionProps } from "./functions";
import { handlerOf } from "./names";
import { queueAttributes, tableItems, useKey } from "./permissions";
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
    allowHeaders: ["authorization", "content-type", "idempotency-key", "x-acting-user", "x-correlation-id"],
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
    const { key } = platform;
    // The platform functions only read the table.
    const readTable = () => [tableItems(platform.table, ["dynamodb:GetItem"]), useKey(key, false)];

    const api: SwitchboardApi = new HttpApi<{ jwt: ApiJwtAuthorizer }>(stack, "Api", {
      authorizers: { jwt: { type: "jwt", jwt: { issuer: config.jwt.issuer, audience: config.jwt.audience } } },
      // Throttling on the default route applies to every route of the stage, over all callers.
      defaults: { authorizer: "jwt", throttle: config.throttle },
      cors: cors(config.corsOrigins),
      accessLog: { format: ACCESS_LOG_FORMAT, retention: retention.accessLogs },
      routes: {
        "GET /v1/jobs/{jobId}": {
          function: functionProps(stack, "Jobs", {
            name: ["jobs"],
            handler: handlerOf("jobs.ts"),
            size: functionSizes.jobs,
            key,
            permissions: readTable(),
          }),
        },
        "GET /v1/sync-runs/{runId}": {
          function: functionProps(stack, "SyncRuns", {
            name: ["sync-runs"],
            handler: handlerOf("sync-runs.ts"),
            size: functionSizes.syncRuns,
            key,
            permissions: readTable(),
          }),
        },
        "GET /openapi.json": {
          authorizer: "none",
          function: functionProps(stack, "OpenApi", { name: ["openapi"], handler: handlerOf("openapi.ts"), size: functionSizes.openapi, key }),
        },
        "GET /health": {
          authorizer: "none",
          function: functionProps(stack, "Health", {
            name: ["health"],
            handler: handlerOf("health.ts"),
            size: functionSizes.health,
            key,
            environment: Object.fromEntries(vendorQueues.map(([vendor, queue]) => [queueUrlEnv(vendor), queue.queueUrl])),
            permissions: [...readTable(), queueAttributes(vendorQueues.map(([, queue]) => queue))],
          }),
        },
      },
    });
    // SST creates the access log group with CDK's default (retain) and no key; follow the
    // stage's removal policy and encrypt it like the functions' log groups.
    const accessLogGroup = api.cdk.accessLogGroup;
    if (!accessLogGroup) throw new Error("The API has no access log group");
    accessLogGroup.applyRemovalPolicy(removalPolicyFor(stack.stage));
    (accessLogGroup.node.defaultChild as CfnLogGroup).kmsKeyId = key.keyArn;

    stack.addOutputs({ ApiUrl: api.url });
    acceptStackFindings(stack, config);
    return { api };
  };
}
