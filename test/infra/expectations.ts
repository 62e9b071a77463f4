import type { AnyOperation } from "@switchboard/core/catalogue";
import { routeKeyOf } from "@switchboard/core/http/event";
import { busName, CONNECTIONS_INDEX, queueName, secretPrefix, tableName } from "@switchboard/core/naming";
import { extras } from "@switchboard/core/vendors/extras";
import { consumerEntryPath, hasSync, operationEntryPath, routeEntryPath, scheduleEntryPath, syncScheduleEntryPath, syncStartEntryPath, webhookEntryPath } from "@switchboard/functions/entries";
import { ACCOUNT, REGION } from "./synth";

/**
 * What a stage must contain, written from the catalogue and the runtime's contracts rather than
 * from the stacks' code, so the tests check the stacks instead of repeating them.
 */
export type FunctionKind = "operation" | "consumer" | "syncSchedule" | "syncStart" | "vendorSchedule" | "webhook" | "vendorRoute" | "jobs" | "syncRuns" | "openapi" | "health";

export interface ExpectedFunction {
  kind: FunctionKind;
  /** Set for a vendor's functions: operations, consumer, sync schedule and backfill route. */
  vendor?: string;
  route?: { key: string; authorization: "JWT" | "NONE" };
  /** A vendor route's declared rights: whether it updates the vendor's secrets, and whether it calls the vendor (the egress network). */
  access?: { secrets: "read" | "update"; callsVendor: boolean };
}

export const handlerFor = (entry: string) => `packages/functions/src/${entry.replace(/\.ts$/, "")}.handler`;

/** Every function of a stage, by handler. */
export function expectedFunctions(catalogue: Record<string, AnyOperation[]>): Map<string, ExpectedFunction> {
  const expected = new Map<string, ExpectedFunction>([
    [handlerFor("jobs.ts"), { kind: "jobs", route: { key: "GET /v1/jobs/{jobId}", authorization: "JWT" } }],
    [handlerFor("sync-runs.ts"), { kind: "syncRuns", route: { key: "GET /v1/sync-runs/{runId}", authorization: "JWT" } }],
    [handlerFor("openapi.ts"), { kind: "openapi", route: { key: "GET /openapi.json", authorization: "NONE" } }],
    [handlerFor("health.ts"), { kind: "health", route: { key: "GET /health", authorization: "NONE" } }],
  ]);
  for (const [vendor, operations] of Object.entries(catalogue)) {
    for (const op of operations) {
      expected.set(handlerFor(operationEntryPath(op)), { kind: "operation", vendor, route: { key: routeKeyOf(op), authorization: "JWT" } });
    }
    expected.set(handlerFor(consumerEntryPath(vendor)), { kind: "consumer", vendor });
    if (hasSync(vendor)) {
      // The schedule is invoked by its EventBridge rule, never through the API.
      expected.set(handlerFor(syncScheduleEntryPath(vendor)), { kind: "syncSchedule", vendor });
      expected.set(handlerFor(syncStartEntryPath(vendor)), { kind: "syncStart", vendor, route: { key: `POST /v1/${vendor}/{connectionId}/sync`, authorization: "JWT" } });
    }
    // Invoked by their rate rules only.
    for (const schedule of extras[vendor]?.schedules ?? []) expected.set(handlerFor(scheduleEntryPath(schedule)), { kind: "vendorSchedule", vendor });
    // The vendor holds no JWT: each receiver proves its deliveries genuine itself.
    for (const webhook of extras[vendor]?.webhooks ?? []) {
      expected.set(handlerFor(webhookEntryPath(webhook)), { kind: "webhook", vendor, route: { key: `POST ${webhook.receiver.path}`, authorization: "NONE" } });
    }
    // A vendor's own routes (the OAuth start behind the JWT authorizer, its browser callback public).
    for (const route of extras[vendor]?.routes ?? []) {
      expected.set(handlerFor(routeEntryPath(route)), {
        kind: "vendorRoute",
        vendor,
        route: { key: `${route.method} ${route.path}`, authorization: route.auth === "jwt" ? "JWT" : "NONE" },
        access: route.access,
      });
    }
  }
  return expected;
}

/** IAM grants as `action → resources`, with resources rendered by the Resolver. */
export type Grants = Record<string, string[]>;

/** What the expected grants depend on beyond the function's kind. */
export interface GrantContext {
  stage: string;
  vendors: string[];
  /** The archive bucket as the Resolver renders it (the Platform stack's `Archive` bucket); its name is CloudFormation's choice. */
  archiveBucket: string;
  /** The stage key's ARN as the Resolver renders it. */
  key: string;
  /** The deployed function's name, whose log group alone it may write to when its role is its own. */
  functionName: string;
  /** Whether the stage has `vpcEgress`, which puts the vendor-calling functions in the VPC. */
  vpcEgress: boolean;
}

/** What AWSLambdaVPCAccessExecutionRole grants, on every resource: the egress VPC's functions need it. */
export const ENI_ACTIONS = [
  "ec2:CreateNetworkInterface",
  "ec2:DescribeNetworkInterfaces",
  "ec2:DescribeSubnets",
  "ec2:DeleteNetworkInterface",
  "ec2:AssignPrivateIpAddresses",
  "ec2:UnassignPrivateIpAddresses",
];

export function expectedGrants({ stage, vendors, archiveBucket, key, functionName, vpcEgress }: GrantContext, fn: ExpectedFunction): Grants {
  const table = [`${tableName(stage)}#Arn`];
  const queue = (vendor: string) => `${queueName(stage, vendor)}#Arn`;
  const secrets = (vendor: string) => [`arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${secretPrefix(stage, vendor)}*`];
  // A vendor's asynchronously invoked functions keep their failed events in the vendor's failure queue.
  const asyncFailures = (vendor: string) => [`switchboard-${stage}-${vendor}-async-dlq#Arn`];
  // Operations and backfill starts share one role per stack, which writes to the vendor's log groups by prefix.
  const sharedRole = fn.kind === "operation" || fn.kind === "syncStart";
  const logs = sharedRole ? [`arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/switchboard-${stage}-${fn.vendor}-*`] : [`/aws/lambda/${functionName}#Arn`];
  const grants: Grants = {
    "xray:PutTelemetryRecords": ["*"],
    "xray:PutTraceSegments": ["*"],
    "logs:CreateLogStream": logs,
    "logs:PutLogEvents": logs,
    // Webhook receivers and routes that call no vendor stay outside the egress VPC.
    ...(vpcEgress && fn.vendor && fn.kind !== "webhook" && (fn.kind !== "vendorRoute" || fn.access?.callsVendor) && Object.fromEntries(ENI_ACTIONS.map((action) => [action, ["*"]]))),
  };
  const readKey: Grants = { "kms:Decrypt": [key] };
  const useKey: Grants = { "kms:Decrypt": [key], "kms:GenerateDataKey": [key] };
  const vendorRuntime = (vendor: string): Grants => ({
    "secretsmanager:GetSecretValue": secrets(vendor),
    "dynamodb:GetItem": table,
    "dynamodb:PutItem": table,
    "dynamodb:UpdateItem": table,
    "dynamodb:DeleteItem": table,
    "dynamodb:ConditionCheckItem": table,
    "sqs:SendMessage": [queue(vendor)],
    "events:PutEvents": [`${busName(stage)}#Arn`],
    ...useKey,
  });
  // A vendor that takes in events stores them under inbox/{vendor}/ and keeps refused ones under rejected/{vendor}/.
  const takesEvents = fn.vendor !== undefined && extras[fn.vendor] !== undefined;
  const inbox: Grants = takesEvents
    ? { "s3:PutObject": [`${archiveBucket}#Arn/inbox/${fn.vendor}/*`, `${archiveBucket}#Arn/rejected/${fn.vendor}/*`], "s3:GetObject": [`${archiveBucket}#Arn/inbox/${fn.vendor}/*`] }
    : {};
  switch (fn.kind) {
    case "operation":
    // The backfill route plans a run like the schedule, but as an API call: an operation's rights.
    case "syncStart":
      return { ...grants, ...vendorRuntime(fn.vendor!), ...inbox };
    case "vendorSchedule":
      // Lists the connections (their index), calls the vendor for each and takes in what it pulls.
      return {
        ...grants,
        ...vendorRuntime(fn.vendor!),
        ...inbox,
        "dynamodb:Query": [`${tableName(stage)}#Arn/index/${CONNECTIONS_INDEX}`],
        "sqs:SendMessage": [...asyncFailures(fn.vendor!), queue(fn.vendor!)].sort(),
      };
    case "webhook":
      // Reads the connection and its secrets, stores and publishes; calls no vendor, deletes nothing.
      return {
        ...grants,
        "secretsmanager:GetSecretValue": secrets(fn.vendor!),
        "dynamodb:GetItem": table,
        "dynamodb:PutItem": table,
        "dynamodb:UpdateItem": table,
        "events:PutEvents": [`${busName(stage)}#Arn`],
        ...inbox,
        ...useKey,
      };
    case "vendorRoute":
      // The connection and its records (OAuth states, shared tokens); its secrets read, or read and updated with a grant's tokens. No queue, no bus.
      return {
        ...grants,
        "secretsmanager:GetSecretValue": secrets(fn.vendor!),
        ...(fn.access?.secrets === "update" && { "secretsmanager:PutSecretValue": secrets(fn.vendor!) }),
        // Reads the connection, writes states and tokens, consumes states.
        "dynamodb:GetItem": table,
        "dynamodb:PutItem": table,
        "dynamodb:DeleteItem": table,
        ...useKey,
      };
    case "consumer": {
      const own = [queue(fn.vendor!)];
      return {
        ...grants,
        ...vendorRuntime(fn.vendor!),
        ...inbox,
        // Its own queue, and the failure queue for commands it could not take.
        "sqs:SendMessage": [...asyncFailures(fn.vendor!), ...own].sort(),
        // From the SQS event source, on the vendor's own queue only.
        "sqs:ReceiveMessage": own,
        "sqs:DeleteMessage": own,
        "sqs:ChangeMessageVisibility": own,
        "sqs:GetQueueAttributes": own,
        "sqs:GetQueueUrl": own,
        // Sync units archive the raw responses, keyed under raw/, and keep the progress of a unit
        // that spans invocations under partial/{vendor}/ (packages/core/src/sync/engine.ts).
        ...(hasSync(fn.vendor!) && {
          "s3:PutObject": [`${archiveBucket}#Arn/partial/${fn.vendor}/*`, `${archiveBucket}#Arn/raw/*`],
          "s3:GetObject": [`${archiveBucket}#Arn/partial/${fn.vendor}/*`],
          "s3:DeleteObject": [`${archiveBucket}#Arn/partial/${fn.vendor}/*`],
          "s3:ListBucket": [`${archiveBucket}#Arn`],
        }),
      };
    }
    case "syncSchedule":
      // Lists connections (from their index), reads checkpoints and runs, creates runs, may list
      // an account's locations (credentials, pacing) and queues units. Nothing scans the table.
      return {
        ...grants,
        "dynamodb:Query": [`${tableName(stage)}#Arn/index/${CONNECTIONS_INDEX}`],
        "dynamodb:GetItem": table,
        "dynamodb:PutItem": table,
        "dynamodb:UpdateItem": table,
        "secretsmanager:GetSecretValue": secrets(fn.vendor!),
        "sqs:SendMessage": [...asyncFailures(fn.vendor!), queue(fn.vendor!)].sort(),
        ...useKey,
      };
    case "jobs":
    case "syncRuns":
      return { ...grants, "dynamodb:GetItem": table, ...readKey };
    case "health":
      return { ...grants, "dynamodb:GetItem": table, "sqs:GetQueueAttributes": vendors.map(queue).sort(), ...readKey };
    case "openapi":
      return grants;
  }
}
