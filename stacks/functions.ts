import type { IRole, PolicyStatement } from "aws-cdk-lib/aws-iam";
import { LogGroup } from "aws-cdk-lib/aws-logs";
import type { FunctionProps, Stack } from "sst/constructs";
import { busName, tableName } from "@switchboard/core/naming";
import { removalPolicyFor, type StageConfig } from "./config";
import { lambdaLogGroupName, lambdaName } from "./names";
import { retention, type FunctionSize } from "./sizing";

/** What every Switchboard function shares; set once on the app, before any stack exists. */
export function defaultFunctionProps(stage: string, config: StageConfig): FunctionProps {
  return {
    runtime: "nodejs22.x",
    architecture: "arm_64",
    tracing: "active",
    nodejs: {
      format: "esm",
      minify: true,
      // `true` ships the map inside the bundle, where --enable-source-maps finds it (left unset,
      // SST strips it and uploads it for its console instead).
      sourcemap: true,
      // AWS SDK v3 bundled (tree-shaken) rather than the runtime's copy, code-split so the
      // clients a function loads on first use stay out of its init, and maps without the
      // sources' text for --enable-source-maps to parse: the fastest cold start measured in
      // bench/results.json (`functions`), at about 6x the code per function (still under 1 MiB).
      // The same options as packages/functions/src/bundle.ts ("split"); a test holds them equal.
      splitting: true,
      esbuild: { target: "node22", sourcesContent: false },
    },
    environment: {
      NODE_OPTIONS: "--enable-source-maps",
      STAGE: stage,
      TABLE_NAME: tableName(stage),
      EVENT_BUS_NAME: busName(stage),
      // The defaults already, but stated: a deployed function must never fall back to local stand-ins.
      EVENTS_BACKEND: "aws",
      SECRETS_BACKEND: "aws",
      ARCHIVE_BACKEND: "aws",
      TENANT_CLAIM: config.tenantClaim,
    },
  };
}

export interface FunctionSpec {
  /** Name parts after `switchboard-{stage}`, e.g. `["mocdoc", "listLocations"]`. */
  name: string[];
  handler: string;
  size: FunctionSize;
  environment?: Record<string, string>;
  /** A role shared with sibling functions; without one, CDK creates a role for this function. */
  role?: IRole;
  permissions?: PolicyStatement[];
}

/**
 * Props for one function with a predictable name and its own log group, created here so it has a
 * retention and goes away with a non-production stage (Lambda's implicit group would do neither).
 * `id` must be unique within `stack`.
 */
export function functionProps(stack: Stack, id: string, spec: FunctionSpec): FunctionProps {
  const functionName = lambdaName(stack.stage, ...spec.name);
  const logGroup = new LogGroup(stack, `${id}Logs`, {
    logGroupName: lambdaLogGroupName(functionName),
    retention: retention.logs,
    removalPolicy: removalPolicyFor(stack.stage),
  });
  return {
    functionName,
    handler: spec.handler,
    memorySize: spec.size.memorySize,
    timeout: spec.size.timeout,
    logGroup,
    ...(spec.environment && { environment: spec.environment }),
    ...(spec.role && { role: spec.role }),
    ...(spec.permissions && { permissions: spec.permissions }),
  };
}
