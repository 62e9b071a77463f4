import { Match, Rule, Schedule } from "aws-cdk-lib/aws-events";
import { LambdaFunction } from "aws-cdk-lib/aws-events-targets";
import { ManagedPolicy, Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { SqsEventSource } from "aws-cdk-lib/aws-lambda-event-sources";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import { Function as SstFunction, use, type Stack, type StackContext } from "sst/constructs";
import type { FunctionalStack } from "sst/constructs/FunctionalStack.js";
import { DetailType } from "@switchboard/core/events";
import { routeKeyOf } from "@switchboard/core/http/event";
import { queueUrlEnv } from "@switchboard/core/naming";
import { consumerEntryPath, operationEntryPath, syncScheduleEntryPath, syncStartEntryPath } from "@switchboard/functions/entries";
import type { ApiResources } from "./Api";
import { functionProps } from "./functions";
import { handlerOf, pascalCase } from "./names";
import { syncConsumer, syncSchedule, vendorRuntime } from "./permissions";
import type { PlatformResources } from "./Platform";
import { functionSizes } from "./sizing";
import type { VendorStackPlan } from "./vendor-plan";

export interface VendorStackDeps {
  platform: FunctionalStack<PlatformResources>;
  api: FunctionalStack<ApiResources>;
}

/**
 * One vendor's functions (or one chunk of them, see vendor-plan.ts): a function and an API route
 * per catalogue operation, and in the first stack the consumer that runs the vendor's queued jobs
 * and its `switchboard.command` events, plus, for a vendor with a daily sync, the hourly schedule
 * and the backfill route. Webhooks are added here by their vendor issues, as routes without the
 * JWT authorizer.
 */
export function vendorStack(plan: VendorStackPlan, deps: VendorStackDeps) {
  return function Vendor({ stack }: StackContext): void {
    const platform = use(deps.platform);
    const { api } = use(deps.api);
    const queues = platform.queues[plan.vendor];
    if (!queues) throw new Error(`The platform has no queue for vendor "${plan.vendor}"`);
    let operationsRole: Role | undefined;
    const context: VendorContext = {
      stack,
      platform,
      vendor: plan.vendor,
      queue: queues.queue,
      environment: { [queueUrlEnv(plan.vendor)]: queues.queue.queueUrl },
      operationsRole: () => (operationsRole ??= newOperationsRole(stack, platform, plan.vendor)),
    };
    if (plan.operations.length) addOperations(context, api, plan.operations);
    if (plan.consumer) addConsumer(context, plan.sync);
    if (plan.sync) addSync(context, api);
  };
}

interface VendorContext {
  stack: Stack;
  platform: PlatformResources;
  vendor: string;
  queue: IQueue;
  environment: Record<string, string>;
  /** The stack's one role for its API functions, created on first use. */
  operationsRole(): Role;
}

/**
 * The operation functions and the backfill route share one role: they need exactly the same
 * rights, and one role instead of one per function saves two resources per operation against the
 * stack limit.
 */
function newOperationsRole(stack: Stack, platform: PlatformResources, vendor: string): Role {
  const role = new Role(stack, "OperationsRole", {
    assumedBy: new ServicePrincipal("lambda.amazonaws.com"),
    managedPolicies: [ManagedPolicy.fromAwsManagedPolicyName("service-role/AWSLambdaBasicExecutionRole")],
    description: `Switchboard ${vendor} operation functions (${stack.stage})`,
  });
  for (const statement of vendorRuntime(platform, vendor)) role.addToPolicy(statement);
  return role;
}

function addOperations({ stack, vendor, environment, operationsRole }: VendorContext, api: ApiResources["api"], operations: VendorStackPlan["operations"]) {
  const role = operationsRole();
  api.addRoutes(
    stack,
    Object.fromEntries(
      operations.map((op) => [
        // The same key the handler dispatches on (event.routeKey), so route and code cannot drift.
        routeKeyOf(op),
        {
          authorizer: "jwt",
          function: functionProps(stack, `Operation-${op.name}`, {
            name: [vendor, op.name],
            handler: handlerOf(operationEntryPath(op)),
            size: functionSizes.operation,
            environment,
            role,
          }),
        },
      ]),
    ),
  );
}

/**
 * The vendor's queue consumer, which also accepts the vendor's `switchboard.command` events. With
 * a sync, it also runs the sync units, queued on the same queue, which archive to the bucket.
 */
function addConsumer({ stack, platform, vendor, queue, environment }: VendorContext, sync: boolean) {
  const consumer = new SstFunction(
    stack,
    `${pascalCase(vendor)}Consumer`,
    functionProps(stack, "Consumer", {
      name: [vendor, "consumer"],
      handler: handlerOf(consumerEntryPath(vendor)),
      size: functionSizes.consumer,
      environment: sync ? { ...environment, ARCHIVE_BUCKET: platform.archive.bucketName } : environment,
      permissions: sync ? syncConsumer(platform, vendor) : vendorRuntime(platform, vendor),
    }),
  );
  // One job per invocation, and a failed job returns alone (the rest of a FIFO group waits behind it).
  consumer.addEventSource(new SqsEventSource(queue, { batchSize: 1, reportBatchItemFailures: true }));

  new Rule(stack, "Commands", {
    eventBus: platform.bus,
    description: `switchboard.command events for ${vendor} operations`,
    eventPattern: { detailType: [DetailType.command], detail: { operationId: Match.prefix(`${vendor}.`) } },
    targets: [new LambdaFunction(consumer)],
  });
}

/**
 * The daily sync's two ways in, as the local stack wires them: an hourly schedule (at :30 UTC, so
 * every account's midnight, in whatever timezone, is followed within the hour) that plans each
 * connection's catch-up, and `POST /v1/{vendor}/{connectionId}/sync` for backfills. Both only plan
 * and queue units on the vendor's queue; the consumer runs them.
 */
function addSync({ stack, platform, vendor, environment, operationsRole }: VendorContext, api: ApiResources["api"]) {
  const schedule = new SstFunction(
    stack,
    `${pascalCase(vendor)}SyncSchedule`,
    functionProps(stack, "SyncSchedule", {
      name: [vendor, "sync-schedule"],
      handler: handlerOf(syncScheduleEntryPath(vendor)),
      size: functionSizes.syncSchedule,
      environment,
      permissions: syncSchedule(platform, vendor),
    }),
  );
  new Rule(stack, "DailySync", {
    description: `Hourly: plans the ${vendor} connections' daily syncs once their day has ended`,
    schedule: Schedule.cron({ minute: "30" }),
    targets: [new LambdaFunction(schedule)],
  });

  api.addRoutes(stack, {
    [`POST /v1/${vendor}/{connectionId}/sync`]: {
      authorizer: "jwt",
      function: functionProps(stack, "SyncStart", {
        name: [vendor, "sync-start"],
        handler: handlerOf(syncStartEntryPath(vendor)),
        size: functionSizes.syncStart,
        environment,
        // It may call listLocations and queues units: an operation function's rights exactly.
        role: operationsRole(),
      }),
    },
  });
}
