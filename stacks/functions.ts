import type { PolicyStatement } from "aws-cdk-lib/aws-iam";
import type { IKey } from "aws-cdk-lib/aws-kms";
import type { CfnFunction } from "aws-cdk-lib/aws-lambda";
import { LogGroup } from "aws-cdk-lib/aws-logs";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import type { Function as SstFunction, FunctionProps, Stack } from "sst/constructs";
import { busName, tableName } from "@switchboard/core/naming";
import { removalPolicyFor, type StageConfig } from "./config";
import type { EgressNetwork } from "./egress-network";
import { ManagedPolicyRole } from "./managed-policy-role";
import { lambdaLogGroupName, lambdaName } from "./names";
import { networkInterfaces, sendFailures, writeLogs } from "./permissions";
import { retention, type FunctionSize } from "./sizing";

/** What every Switchboard function shares; set once on the app, before any stack exists. */
export function defaultFunctionProps(stage: string, config: StageConfig): FunctionProps {
  return {
    // The newest Node.js runtime both aws-cdk-lib 2.224 and SST 2.49.8 know. The bundles'
    // esbuild target stays node22 below, which Node.js 24 runs as is.
    runtime: "nodejs24.x",
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
      ACTING_USER_SCOPE: config.actingUserScope,
    },
  };
}

export interface FunctionSpec {
  /** Name parts after `switchboard-{stage}`, e.g. `["mocdoc", "listLocations"]`. */
  name: string[];
  handler: string;
  size: FunctionSize;
  /** The stage key, which encrypts the function's log group. */
  key: IKey;
  environment?: Record<string, string>;
  /**
   * A role shared with sibling functions (made with `functionRole`, which grants their logs);
   * without one, the function gets a role of its own that may write to its own log group only.
   */
  role?: ManagedPolicyRole;
  permissions?: PolicyStatement[];
  /** Set for a function that calls a vendor, when the stage has `vpcEgress`: it runs in the egress network. */
  egress?: EgressNetwork;
  /** Reserved concurrency, for the functions sizing.ts `concurrency` reserves it for. */
  reservedConcurrency?: number;
}

/**
 * A role for Lambda with no AWS managed policy: `logs` says which log groups it writes to, and a
 * function in the egress network also manages its network interfaces.
 */
export function functionRole(stack: Stack, id: string, { description, logs, egress }: { description: string; logs: PolicyStatement; egress?: EgressNetwork }) {
  const role = new ManagedPolicyRole(stack, id, { description });
  role.addToPrincipalPolicy(logs);
  if (egress) role.addToPrincipalPolicy(networkInterfaces());
  return role;
}

/**
 * Props for one function with a predictable name and its own log group, created here so it has a
 * retention, the stage key and goes away with a non-production stage (Lambda's implicit group
 * would do none of that). `id` must be unique within `stack`.
 */
export function functionProps(stack: Stack, id: string, spec: FunctionSpec): FunctionProps {
  const functionName = lambdaName(stack.stage, ...spec.name);
  const logGroup = new LogGroup(stack, `${id}Logs`, {
    logGroupName: lambdaLogGroupName(functionName),
    retention: retention.logs,
    encryptionKey: spec.key,
    removalPolicy: removalPolicyFor(stack.stage),
  });
  const role =
    spec.role ?? functionRole(stack, `${id}Role`, { description: `Switchboard ${functionName}`, logs: writeLogs(logGroup), ...(spec.egress && { egress: spec.egress }) });
  return {
    functionName,
    handler: spec.handler,
    memorySize: spec.size.memorySize,
    timeout: spec.size.timeout,
    logGroup,
    role,
    ...(spec.environment && { environment: spec.environment }),
    ...(spec.permissions && { permissions: spec.permissions }),
    ...(spec.egress && { vpc: spec.egress.vpc, vpcSubnets: spec.egress.subnets, securityGroups: [spec.egress.securityGroup] }),
    ...(spec.reservedConcurrency !== undefined && { reservedConcurrentExecutions: spec.reservedConcurrency }),
  };
}

/**
 * A function invoked asynchronously (schedule, bus rule) keeps the events that fail after
 * Lambda's retries in `queue`. Set on the template directly: CDK's `deadLetterQueue` would also
 * grant kms:Encrypt, ReEncrypt* and GenerateDataKey* on the key, where SendMessage needs only
 * what the function's key statement already grants.
 */
export function deadLetterAsyncInvocations(fn: SstFunction, queue: IQueue): void {
  (fn.node.defaultChild as CfnFunction).deadLetterConfig = { targetArn: queue.queueArn };
  fn.role!.addToPrincipalPolicy(sendFailures(queue));
}
