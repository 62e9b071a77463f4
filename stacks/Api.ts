import type { CfnLogGroup } from "aws-cdk-lib/aws-logs";
import type { IKey } from "aws-cdk-lib/aws-kms";
import { Api as HttpApi, Function as SstFunction, use, type ApiCorsProps, type ApiJwtAuthorizer, type Stack, type StackContext } from "sst/constructs";
import { FHIR_ROUTES } from "@switchboard/core/fhir/router";
import { extras } from "@switchboard/core/vendors/extras";
import type { FunctionalStack } from "sst/constructs/FunctionalStack.js";
import { useProject } from "sst/project.js";
import { DOCS_PATHS } from "@switchboard/core/docs-page";
import { queueUrlEnv } from "@switchboard/core/naming";
import { ACCESS_LOG_FORMAT } from "./access-log";
import { removalPolicyFor, type StageConfig } from "./config";
import { docsCopyFiles } from "./docs-files";
import { acceptStackFindings } from "./findings";
import { functionProps } from "./functions";
import { handlerOf } from "./names";
import { fhirFacade, queueAttributes, tableItems, useKey } from "./permissions";
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

/** The docs page and its files: one function behind both routes, public like the OpenAPI document it renders. */
function docsRoutes(stack: Stack, key: IKey) {
  const docs = new SstFunction(stack, "Docs", {
    ...functionProps(stack, "Docs", { name: ["docs"], handler: handlerOf("docs.ts"), size: functionSizes.docs, key }),
    copyFiles: docsCopyFiles(useProject().paths.root),
  });
  return Object.fromEntries(DOCS_PATHS.map((path) => [`GET ${path}`, { authorizer: "none" as const, function: docs }]));
}

/**
 * The HTTP API with its JWT authorizer and the platform routes (jobs, sync runs, OpenAPI, docs,
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

    // One function behind the FHIR facade's routes; it calls whichever vendor a connection uses.
    const fhir = new SstFunction(
      stack,
      "Fhir",
      functionProps(stack, "Fhir", {
        name: ["fhir"],
        handler: handlerOf("fhir.ts"),
        size: functionSizes.fhir,
        key,
        environment: {
          ...Object.fromEntries(vendorQueues.map(([vendor, queue]) => [queueUrlEnv(vendor), queue.queueUrl])),
          ARCHIVE_BUCKET: platform.archive.bucketName,
        },
        permissions: fhirFacade(platform, vendors, vendors.filter((v) => extras[v] !== undefined)),
        ...(config.vpcEgress && platform.egress && { egress: platform.egress }),
      }),
    );

    const api: SwitchboardApi = new HttpApi<{ jwt: ApiJwtAuthorizer }>(stack, "Api", {
      authorizers: { jwt: { type: "jwt", jwt: { issuer: config.jwt.issuer, audience: config.jwt.audience } } },
      // Throttling on the default route applies to every route of the stage, over all callers.
      defaults: { authorizer: "jwt", throttle: config.throttle },
      cors: cors(config.corsOrigins),
      accessLog: { format: ACCESS_LOG_FORMAT, retention: retention.accessLogs },
      routes: {
        ...Object.fromEntries(FHIR_ROUTES.map((route) => [route, { function: fhir }])),
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
        ...docsRoutes(stack, key),
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
