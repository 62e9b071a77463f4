import type { AnyOperation } from "@switchboard/core/catalogue";
import { handsOutFiles } from "@switchboard/core/http/binary-response";
import { routeKeyOf } from "@switchboard/core/http/event";
import { busName, CONNECTIONS_INDEX, queueName, secretPrefix, tableName } from "@switchboard/core/naming";
import { FHIR_ROUTES } from "@switchboard/core/fhir/router";
import { extras } from "@switchboard/core/vendors/extras";
import { consumerEntryPath, hasSync, operationEntryPath, routeEntryPath, scheduleEntryPath, syncScheduleEntryPath, syncStartEntryPath, webhookEntryPath } from "@switchboard/functions/entries";
import { OPERATIONS_PER_STACK } from "../../stacks/vendor-plan";
import { ACCOUNT, REGION } from "./synth";

/**
 * What a stage must contain, written from the catalogue and the runtime's contracts rather than
 * from the stacks' code, so the tests check the stacks instead of repeating them.
 */
export type FunctionKind =
  | "operation"
  | "consumer"
  | "syncSchedule"
  | "syncStart"
  | "vendorSchedule"
  | "webhook"
  | "vendorRoute"
  | "fhir"
  | "jobs"
  | "syncRuns"
  | "openapi"
  | "docs"
  | "health";

export interface ExpectedRoute {
  key: string;
  authorization: "JWT" | "NONE";
}

export interface ExpectedFunction {
  kind: FunctionKind;
  /** Set for a vendor's functions: operations, consumer, sync schedule and backfill route. */
  vendor?: string;
  /** The routes that invoke it: one for most, the page and its files for the docs. */
  routes?: ExpectedRoute[];
  /** An operation or consumer that may hand out files (downloads/{vendor}/), and one whose vendor stores secrets from answers. */
  files?: boolean;
  storesSecrets?: boolean;
  /** A vendor route's declared rights: whether it updates the vendor's secrets, and whether it calls the vendor (the egress network). */
  access?: { secrets: "read" | "update"; callsVendor: boolean };
}

export const handlerFor = (entry: string) => `packages/functions/src/${entry.replace(/\.ts$/, "")}.handler`;

/** Every function of a stage, by handler. */
export function expectedFunctions(catalogue: Record<string, AnyOperation[]>): Map<string, ExpectedFunction> {
  const expected = new Map<string, ExpectedFunction>([
    [handlerFor("jobs.ts"), { kind: "jobs", routes: [{ key: "GET /v1/jobs/{jobId}", authorization: "JWT" }] }],
    [handlerFor("sync-runs.ts"), { kind: "syncRuns", routes: [{ key: "GET /v1/sync-runs/{runId}", authorization: "JWT" }] }],
    [handlerFor("openapi.ts"), { kind: "openapi", routes: [{ key: "GET /openapi.json", authorization: "NONE" }] }],
    [
      handlerFor("docs.ts"),
      {
        kind: "docs",
        routes: [
          { key: "GET /docs", authorization: "NONE" },
          { key: "GET /docs/{asset}", authorization: "NONE" },
        ],
      },
    ],
    [handlerFor("health.ts"), { kind: "health", routes: [{ key: "GET /health", authorization: "NONE" }] }],
    [handlerFor("fhir.ts"), { kind: "fhir", routes: FHIR_ROUTES.map((key) => ({ key, authorization: "JWT" as const })) }],
  ]);
  for (const [vendor, operations] of Object.entries(catalogue)) {
    const storesSecrets = (operations[0]?.vendor.storedSecrets?.length ?? 0) > 0;
    // The operations of a stack share one role: one that hands out files gives that right to its stack's others.
    const stackFiles = (i: number) => operations.slice(i - (i % OPERATIONS_PER_STACK), i - (i % OPERATIONS_PER_STACK) + OPERATIONS_PER_STACK).some(handsOutFiles);
    operations.forEach((op, i) => {
      expected.set(handlerFor(operationEntryPath(op)), { kind: "operation", vendor, routes: [{ key: routeKeyOf(op), authorization: "JWT" }], files: stackFiles(i), storesSecrets });
    });
    expected.set(handlerFor(consumerEntryPath(vendor)), { kind: "consumer", vendor, files: operations.some(handsOutFiles), storesSecrets });
    if (hasSync(vendor)) {
      // The schedule is invoked by its EventBridge rule, never through the API.
      expected.set(handlerFor(syncScheduleEntryPath(vendor)), { kind: "syncSchedule", vendor });
      expected.set(handlerFor(syncStartEntryPath(vendor)), { kind: "syncStart", vendor, routes: [{ key: `POST /v1/${vendor}/{connectionId}/sync`, authorization: "JWT" }] });
    }
    // Invoked by their rate rules only.
    for (const schedule of extras[vendor]?.schedules ?? []) expected.set(handlerFor(scheduleEntryPath(schedule)), { kind: "vendorSchedule", vendor });
    // The vendor holds no JWT: each receiver proves its deliveries genuine itself.
    for (const webhook of extras[vendor]?.webhooks ?? []) {
      expected.set(handlerFor(webhookEntryPath(webhook)), { kind: "webhook", vendor, routes: [{ key: `POST ${webhook.receiver.path}`, authorization: "NONE" }] });
    }
    // A vendor's own routes (the OAuth start behind the JWT authorizer, its browser callback public).
    for (const route of extras[vendor]?.routes ?? []) {
      expected.set(handlerFor(routeEntryPath(route)), {
        kind: "vendorRoute",
        vendor,
        routes: [{ key: `${route.method} ${route.path}`, authorization: route.auth === "jwt" ? "JWT" : "NONE" }],
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
    // Webhook receivers and routes that call no vendor stay outside the egress VPC; the FHIR facade calls them all.
    ...(vpcEgress &&
      ((fn.vendor && fn.kind !== "webhook" && (fn.kind !== "vendorRoute" || fn.access?.callsVendor)) || fn.kind === "fhir") &&
      Object.fromEntries(ENI_ACTIONS.map((action) => [action, ["*"]]))),
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
  // One that hands out files writes them under downloads/{vendor}/ and reads them back (its presigned links act with its rights).
  const downloads = fn.files ? [`${archiveBucket}#Arn/downloads/${fn.vendor}/*`] : [];
  const inboxPuts = takesEvents ? [`${archiveBucket}#Arn/inbox/${fn.vendor}/*`, `${archiveBucket}#Arn/rejected/${fn.vendor}/*`] : [];
  const inboxGets = takesEvents ? [`${archiveBucket}#Arn/inbox/${fn.vendor}/*`] : [];
  const inbox: Grants = {
    ...((inboxPuts.length || downloads.length) && { "s3:PutObject": [...downloads, ...inboxPuts].sort() }),
    ...((inboxGets.length || downloads.length) && { "s3:GetObject": [...downloads, ...inboxGets].sort() }),
    // A vendor whose answers carry secrets writes its connections' existing secrets.
    ...(fn.storesSecrets && { "secretsmanager:PutSecretValue": secrets(fn.vendor!) }),
  };
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
          "s3:PutObject": [...(inbox["s3:PutObject"] ?? []), `${archiveBucket}#Arn/partial/${fn.vendor}/*`, `${archiveBucket}#Arn/raw/*`].sort(),
          "s3:GetObject": [...(inbox["s3:GetObject"] ?? []), `${archiveBucket}#Arn/partial/${fn.vendor}/*`].sort(),
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
    case "fhir": {
      // Whichever vendor a connection uses: each one's credentials and queue, the table, the bus,
      // and the inbox of the vendors that take in events.
      const inboxVendors = vendors.filter((v) => extras[v] !== undefined);
      return {
        ...grants,
        "secretsmanager:GetSecretValue": vendors.flatMap(secrets).sort(),
        "dynamodb:GetItem": table,
        "dynamodb:PutItem": table,
        "dynamodb:UpdateItem": table,
        "dynamodb:DeleteItem": table,
        "dynamodb:ConditionCheckItem": table,
        "sqs:SendMessage": vendors.map(queue).sort(),
        "events:PutEvents": [`${busName(stage)}#Arn`],
        ...(inboxVendors.length && {
          "s3:PutObject": inboxVendors.flatMap((v) => [`${archiveBucket}#Arn/inbox/${v}/*`, `${archiveBucket}#Arn/rejected/${v}/*`]).sort(),
          "s3:GetObject": inboxVendors.map((v) => `${archiveBucket}#Arn/inbox/${v}/*`).sort(),
        }),
        ...useKey,
      };
    }
    case "jobs":
    case "syncRuns":
      return { ...grants, "dynamodb:GetItem": table, ...readKey };
    case "health":
      return { ...grants, "dynamodb:GetItem": table, "sqs:GetQueueAttributes": vendors.map(queue).sort(), ...readKey };
    case "openapi":
    case "docs":
      return grants;
  }
}
