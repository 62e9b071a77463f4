import { ArnFormat } from "aws-cdk-lib";
import { Duration } from "aws-cdk-lib";
import { Match, Rule, Schedule } from "aws-cdk-lib/aws-events";
import { LambdaFunction } from "aws-cdk-lib/aws-events-targets";
import { SqsEventSource } from "aws-cdk-lib/aws-lambda-event-sources";
import type { PolicyStatement } from "aws-cdk-lib/aws-iam";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import { Function as SstFunction, use, type Stack, type StackContext } from "sst/constructs";
import type { FunctionalStack } from "sst/constructs/FunctionalStack.js";
import { DetailType } from "@switchboard/core/events";
import { routeKeyOf } from "@switchboard/core/http/event";
import { queueUrlEnv } from "@switchboard/core/naming";
import type { VendorExtras } from "@switchboard/core/schedules";
import { extras as vendorExtras } from "@switchboard/core/vendors/extras";
import { consumerEntryPath, operationEntryPath, routeEntryPath, scheduleEntryPath, syncScheduleEntryPath, syncStartEntryPath, webhookEntryPath } from "@switchboard/functions/entries";
import type { ApiResources } from "./Api";
import type { StageConfig } from "./config";
import type { EgressNetwork } from "./egress-network";
import { FailureQueue } from "./failure-queue";
import { acceptStackFindings } from "./findings";
import { deadLetterAsyncInvocations, functionProps, functionRole } from "./functions";
import type { ManagedPolicyRole } from "./managed-policy-role";
import { handlerOf, lambdaLogGroupName, pascalCase, platformName } from "./names";
import { downloadFiles, inboxWriter, storeSecrets, syncConsumer, syncSchedule, vendorRouteRights, vendorRuntime, vendorScheduleRights, webhookReceiver, writeLogsByPrefix } from "./permissions";
import type { PlatformResources } from "./Platform";
import { asyncDelivery, concurrency, functionSizes } from "./sizing";
import type { VendorStackPlan } from "./vendor-plan";

export interface VendorStackDeps {
  platform: FunctionalStack<PlatformResources>;
  api: FunctionalStack<ApiResources>;
  config: StageConfig;
}

/**
 * One vendor's functions (or one chunk of them, see vendor-plan.ts): a function and an API route
 * per catalogue operation, and in the first stack the consumer that runs the vendor's queued jobs
 * and its `switchboard.command` events, plus, for a vendor with a daily sync, the hourly schedule
 * and the backfill route, and the vendor's extras: webhooks (routes without the JWT authorizer
 * under `/webhooks/`) and routes of its own (an OAuth callback is the one other unauthenticated
 * vendor path stacks/findings.ts accepts). A stack's security-check decisions are made last, once
 * all of it exists.
 */
export function vendorStack(plan: VendorStackPlan, deps: VendorStackDeps) {
  return function Vendor({ stack }: StackContext): void {
    const platform = use(deps.platform);
    const { api } = use(deps.api);
    const queues = platform.queues[plan.vendor];
    if (!queues) throw new Error(`The platform has no queue for vendor "${plan.vendor}"`);
    let operationsRole: ManagedPolicyRole | undefined;
    const egress = deps.config.vpcEgress ? platform.egress : undefined;
    if (deps.config.vpcEgress && !egress) throw new Error("vpcEgress is on but the platform has no egress network");
    const extras = vendorExtras[plan.vendor];
    const context: VendorContext = {
      stack,
      platform,
      vendor: plan.vendor,
      queue: queues.queue,
      // A vendor that takes in events archives them (its operations too: Docplanner's pulls), and one that hands out files keeps them there.
      environment: { [queueUrlEnv(plan.vendor)]: queues.queue.queueUrl, ...((extras || plan.files) && { ARCHIVE_BUCKET: platform.archive.bucketName }) },
      inbox: extras !== undefined,
      ...(egress && { egress }),
      extraRights: () => [...(plan.files ? downloadFiles(platform, plan.vendor) : []), ...(plan.storesSecrets ? storeSecrets(platform, plan.vendor) : [])],
      operationsRole: () => (operationsRole ??= newOperationsRole(stack, platform, plan.vendor, egress, extras !== undefined, context.extraRights)),
    };
    if (plan.operations.length) addOperations(context, api, plan.operations);
    if (plan.consumer) {
      const failures = new FailureQueue(stack, "AsyncFailures", {
        stage: stack.stage,
        owner: plan.vendor,
        carries: `${plan.vendor} commands and sync schedule ticks`,
        key: platform.key,
        alarmTopic: platform.alarmTopic,
      });
      addConsumer(context, plan.sync, failures);
      if (plan.sync) addSync(context, api, failures);
      if (extras) addExtras(context, api, extras, failures);
    }
    acceptStackFindings(stack, deps.config);
  };
}

interface VendorContext {
  stack: Stack;
  platform: PlatformResources;
  vendor: string;
  queue: IQueue;
  environment: Record<string, string>;
  /** With `vpcEgress`: every function here calls the vendor, so each runs in the egress network. */
  egress?: EgressNetwork;
  /** The vendor takes in events (webhooks, pulled notifications) through the inbox. */
  inbox: boolean;
  /** What the vendor's operations and consumer may do besides the runtime: hand out files, store secrets (permissions.ts). */
  extraRights(): PolicyStatement[];
  /** The stack's one role for its API functions, created on first use. */
  operationsRole(): ManagedPolicyRole;
}

/**
 * The operation functions and the backfill route share one role: they need exactly the same
 * rights, and one role instead of one per function saves two resources per operation against the
 * stack limit.
 */
function newOperationsRole(stack: Stack, platform: PlatformResources, vendor: string, egress: EgressNetwork | undefined, inbox: boolean, extraRights: () => PolicyStatement[]): ManagedPolicyRole {
  const logGroups = stack.formatArn({
    service: "logs",
    resource: "log-group",
    resourceName: lambdaLogGroupName(`${platformName(stack.stage, vendor)}-`),
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
  const role = functionRole(stack, "OperationsRole", {
    description: `Switchboard ${vendor} operation functions (${stack.stage})`,
    logs: writeLogsByPrefix(logGroups),
    ...(egress && { egress }),
  });
  for (const statement of [...vendorRuntime(platform, vendor), ...(inbox ? inboxWriter(platform, vendor) : []), ...extraRights()]) role.addToPrincipalPolicy(statement);
  return role;
}

function addOperations({ stack, platform, vendor, environment, egress, operationsRole }: VendorContext, api: ApiResources["api"], operations: VendorStackPlan["operations"]) {
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
            key: platform.key,
            environment,
            role,
            ...(egress && { egress }),
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
function addConsumer({ stack, platform, vendor, queue, environment, egress, inbox, extraRights }: VendorContext, sync: boolean, failures: FailureQueue) {
  const consumer = new SstFunction(
    stack,
    `${pascalCase(vendor)}Consumer`,
    functionProps(stack, "Consumer", {
      name: [vendor, "consumer"],
      handler: handlerOf(consumerEntryPath(vendor)),
      size: functionSizes.consumer,
      key: platform.key,
      environment: sync ? { ...environment, ARCHIVE_BUCKET: platform.archive.bucketName } : environment,
      permissions: [...(sync ? syncConsumer(platform, vendor) : vendorRuntime(platform, vendor)), ...(inbox ? inboxWriter(platform, vendor) : []), ...extraRights()],
      reservedConcurrency: concurrency.consumerReserved,
      ...(egress && { egress }),
    }),
  );
  // One job per invocation, and a failed job returns alone (the rest of a FIFO group waits behind it).
  consumer.addEventSource(new SqsEventSource(queue, { batchSize: 1, reportBatchItemFailures: true, maxConcurrency: concurrency.consumerPollers }));

  // A command the consumer fails on after Lambda's retries, or that EventBridge cannot deliver, is kept.
  deadLetterAsyncInvocations(consumer, failures.queue);
  new Rule(stack, "Commands", {
    eventBus: platform.bus,
    description: `switchboard.command events for ${vendor} operations`,
    eventPattern: { detailType: [DetailType.command], detail: { operationId: Match.prefix(`${vendor}.`) } },
    targets: [new LambdaFunction(consumer, { deadLetterQueue: failures.queue, ...asyncDelivery.command })],
  });
}

/**
 * The daily sync's two ways in, as the local stack wires them: an hourly schedule (at :30 UTC, so
 * every account's midnight, in whatever timezone, is followed within the hour) that plans each
 * connection's catch-up, and `POST /v1/{vendor}/{connectionId}/sync` for backfills. Both only plan
 * and queue units on the vendor's queue; the consumer runs them.
 */
function addSync({ stack, platform, vendor, environment, egress, operationsRole }: VendorContext, api: ApiResources["api"], failures: FailureQueue) {
  const schedule = new SstFunction(
    stack,
    `${pascalCase(vendor)}SyncSchedule`,
    functionProps(stack, "SyncSchedule", {
      name: [vendor, "sync-schedule"],
      handler: handlerOf(syncScheduleEntryPath(vendor)),
      size: functionSizes.syncSchedule,
      key: platform.key,
      environment,
      permissions: syncSchedule(platform, vendor),
      reservedConcurrency: concurrency.syncSchedule,
      ...(egress && { egress }),
    }),
  );
  deadLetterAsyncInvocations(schedule, failures.queue);
  new Rule(stack, "DailySync", {
    description: `Hourly: plans the ${vendor} connections' daily syncs once their day has ended`,
    schedule: Schedule.cron({ minute: "30" }),
    targets: [new LambdaFunction(schedule, { deadLetterQueue: failures.queue, ...asyncDelivery.schedule })],
  });

  api.addRoutes(stack, {
    [`POST /v1/${vendor}/{connectionId}/sync`]: {
      authorizer: "jwt",
      function: functionProps(stack, "SyncStart", {
        name: [vendor, "sync-start"],
        handler: handlerOf(syncStartEntryPath(vendor)),
        size: functionSizes.syncStart,
        key: platform.key,
        environment,
        ...(egress && { egress }),
        // It may call listLocations and queues units: an operation function's rights exactly.
        role: operationsRole(),
      }),
    },
  });
}

/**
 * The vendor's schedules, webhook receivers and routes (packages/core/src/vendors/{vendor}/extras.ts):
 * a function and a rate rule per schedule, its failures kept like the sync schedule's; a function
 * and a public route under /webhooks/ per receiver, which proves a delivery genuine itself (path
 * secret, signature or encryption) since the vendor holds no JWT; a function and a route per
 * vendor route, behind the authorizer or public as it declares, with the rights it declares.
 */
function addExtras({ stack, platform, vendor, environment, egress }: VendorContext, api: ApiResources["api"], extras: VendorExtras, failures: FailureQueue) {
  for (const schedule of extras.schedules) {
    const part = schedule.name.slice(vendor.length + 1);
    const fn = new SstFunction(
      stack,
      `${pascalCase(vendor)}Schedule${pascalCase(part)}`,
      functionProps(stack, `Schedule-${part}`, {
        name: [vendor, `schedule-${part}`],
        handler: handlerOf(scheduleEntryPath(schedule)),
        size: functionSizes.vendorSchedule,
        key: platform.key,
        environment,
        permissions: vendorScheduleRights(platform, vendor),
        reservedConcurrency: concurrency.vendorSchedule,
        ...(egress && { egress }),
      }),
    );
    deadLetterAsyncInvocations(fn, failures.queue);
    new Rule(stack, `Schedule${pascalCase(part)}`, {
      description: schedule.description,
      schedule: Schedule.rate(Duration.minutes(schedule.everyMinutes)),
      targets: [new LambdaFunction(fn, { deadLetterQueue: failures.queue, ...asyncDelivery.schedule })],
    });
  }
  for (const webhook of extras.webhooks) {
    const part = webhook.name.slice(vendor.length + 1);
    api.addRoutes(stack, {
      [`POST ${webhook.receiver.path}`]: {
        authorizer: "none",
        function: functionProps(stack, `Webhook-${part}`, {
          name: [vendor, `webhook-${part}`],
          handler: handlerOf(webhookEntryPath(webhook)),
          size: functionSizes.webhook,
          key: platform.key,
          environment,
          permissions: webhookReceiver(platform, vendor),
        }),
      },
    });
  }
  for (const route of extras.routes ?? []) {
    const part = route.name.slice(vendor.length + 1);
    api.addRoutes(stack, {
      [`${route.method} ${route.path}`]: {
        authorizer: route.auth === "jwt" ? "jwt" : "none",
        function: functionProps(stack, `Route-${part}`, {
          name: [vendor, `route-${part}`],
          handler: handlerOf(routeEntryPath(route)),
          size: functionSizes.vendorRoute,
          key: platform.key,
          environment,
          permissions: vendorRouteRights(platform, vendor, route.access),
          ...(route.access.callsVendor && egress && { egress }),
        }),
      },
    });
  }
}
