import { existsSync } from "node:fs";
import { App as CdkApp, CfnResource, Stack as CdkStack } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import { Api, type App } from "sst/constructs";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import type { AnyOperation } from "@switchboard/core/catalogue";
import { busName, deadLetterQueueName, MAX_RECEIVE_COUNT, queueName, queueUrlEnv, tableName } from "@switchboard/core/naming";
import { extras } from "@switchboard/core/vendors/extras";
import { catalogues } from "@switchboard/core/vendors/index";
import { hasSync } from "@switchboard/functions/entries";
import sstConfig from "../sst.config";
import { stageConfig } from "../stacks/config";
import { acceptStackFindings } from "../stacks/findings";
import { ManagedPolicyRole } from "../stacks/managed-policy-role";
import { networkInterfaces } from "../stacks/permissions";
import { switchboard } from "../stacks/index";
import { lambdaName } from "../stacks/names";
import { OPERATIONS_PER_STACK } from "../stacks/vendor-plan";
import { referencedId, resourceCount, resourcesOf, Resolver } from "./infra/cfn";
import { actionsOnEveryResource, deployedFunctions, deployedRoutes, grantsOf, type DeployedFunction, type DeployedRoute } from "./infra/deployed";
import { ENI_ACTIONS, expectedFunctions, expectedGrants, type ExpectedFunction } from "./infra/expectations";
import { applyNagPacks } from "./infra/nag";
import { ACCOUNT, REGION, synthesize, type SynthesizedStack } from "./infra/synth";
import { FULL_OPERATION_COUNTS, syntheticCatalogue, syntheticOperations } from "./infra/synthetic";

/**
 * The AWS infrastructure, synthesized offline (no AWS account, nothing deployed). Three apps: the
 * real catalogues through sst.config.ts itself, every vendor at its full documented operation
 * count, and one vendor with a daily sync large enough to be split over three stacks (its first
 * stack, with the consumer, the schedule and the backfill route besides 80 operations, is the
 * fullest a stack can get).
 */
const STAGE = "test";
const REPLICA_KEY = "arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const RESOURCE_BUDGET = 450;
const IDENTITY_PROVIDER = {
  SWITCHBOARD_JWT_ISSUER: "https://idp.example.com/",
  SWITCHBOARD_JWT_AUDIENCE: "switchboard-mobile, switchboard-backoffice",
  SWITCHBOARD_CORS_ORIGINS: "https://backoffice.example.com",
};

interface SynthesizedStage {
  catalogue: Record<string, AnyOperation[]>;
  stacks: SynthesizedStack[];
  resolver: Resolver;
  functions: DeployedFunction[];
  otherFunctions: { stack: string; id: string }[];
  routes: DeployedRoute[];
  expected: Map<string, ExpectedFunction>;
  /** The archive bucket, rendered as the Resolver renders references to it. */
  archiveBucket: string;
  /** The stage key's ARN, likewise. */
  key: string;
  vpcEgress: boolean;
}

/** The one resource of `type` in Platform whose logical id starts with `prefix`. */
function platformResource(stacks: SynthesizedStack[], type: string, prefix: string) {
  const found = resourcesOf(stacks, type).filter((r) => r.id.startsWith(prefix));
  if (found.length !== 1 || found[0]!.stack.id !== "Platform") throw new Error(`Expected one ${type} ${prefix}*, in Platform; have ${found.length}`);
  return found[0]!;
}

async function synthesizeStage(stage: string, catalogue: Record<string, AnyOperation[]>, build: (app: App) => void): Promise<SynthesizedStage> {
  const stacks = await synthesize(stage, build);
  const { functions, others } = deployedFunctions(stacks);
  const resolver = new Resolver(stacks);
  const archive = platformResource(stacks, "AWS::S3::Bucket", "Archive");
  const key = platformResource(stacks, "AWS::KMS::Key", "Key");
  return {
    catalogue,
    stacks,
    resolver,
    functions,
    otherFunctions: others,
    routes: deployedRoutes(stacks, functions),
    expected: expectedFunctions(catalogue),
    archiveBucket: resolver.render({ Ref: archive.id }, archive.stack),
    key: resolver.render({ "Fn::GetAtt": [key.id, "Arn"] }, key.stack),
    vpcEgress: resourcesOf(stacks, "AWS::EC2::VPC").length > 0,
  };
}

type StageKey = "real" | "full" | "split" | "egress";
const stages = new Map<StageKey, SynthesizedStage>();
const stageFor = (key: StageKey) => stages.get(key) ?? expect.unreachable(`stage ${key} was not synthesized`);
const resourceCounts: Partial<Record<StageKey, Record<string, number>>> = {};

beforeAll(async () => {
  for (const [name, value] of Object.entries(IDENTITY_PROVIDER)) vi.stubEnv(name, value);
  stages.set("real", await synthesizeStage(STAGE, catalogues, (app) => void sstConfig.stacks(app)));
  const full = syntheticCatalogue(FULL_OPERATION_COUNTS);
  stages.set("full", await synthesizeStage(STAGE, full, (app) => switchboard(app, full)));
  const split = { mocdoc: syntheticOperations("mocdoc", 2 * OPERATIONS_PER_STACK + 1) };
  stages.set("split", await synthesizeStage(STAGE, split, (app) => switchboard(app, split)));
  vi.stubEnv("SWITCHBOARD_VPC_EGRESS", "true");
  try {
    stages.set("egress", await synthesizeStage(STAGE, catalogues, (app) => void sstConfig.stacks(app)));
  } finally {
    vi.stubEnv("SWITCHBOARD_VPC_EGRESS", "false");
  }
}, 120_000);

afterAll(() => {
  vi.unstubAllEnvs();
  if (Object.keys(resourceCounts).length) console.info(`CloudFormation resources per stack (limit 500, budget ${RESOURCE_BUDGET}):\n${JSON.stringify(resourceCounts, null, 2)}`);
});

const stackOf = (stage: SynthesizedStage, id: string) => {
  const stack = stage.stacks.find((s) => s.id === id);
  if (!stack) throw new Error(`No stack ${id}; have ${stage.stacks.map((s) => s.id).join(", ")}`);
  return stack;
};

const expectationFor = (stage: SynthesizedStage, fn: DeployedFunction) => {
  const expected = stage.expected.get(fn.handler);
  if (!expected) throw new Error(`${fn.stack.id}/${fn.id} runs ${fn.handler}, which no catalogue entry declares`);
  return expected;
};

/**
 * Lambda functions CDK and SST add for themselves: SST's per-stack custom resource handler, S3
 * auto-delete, and (with vpcEgress) the provider that closes the VPC's default security group.
 */
const INFRASTRUCTURE_FUNCTIONS =
  /^(CustomResourceHandler|CustomS3AutoDeleteObjectsCustomResourceProviderHandler|CustomVpcRestrictDefaultSGCustomResourceProviderHandler)[0-9A-F]{8}$/;

/** Functions that call their vendor: with vpcEgress, exactly these run in the VPC. */
const VENDOR_CALLING: ExpectedFunction["kind"][] = ["operation", "consumer", "syncSchedule", "syncStart", "vendorSchedule", "fhir"];

describe.each([
  { name: "real catalogue", key: "real" as const },
  { name: "full-size synthetic catalogue", key: "full" as const },
  { name: "vendor split over three stacks", key: "split" as const },
  { name: "real catalogue with vpcEgress", key: "egress" as const },
])("$name", ({ key }) => {
  test("has one route and one function per catalogue operation, plus the platform's, and nothing else", () => {
    const stage = stageFor(key);
    const handlers = stage.functions.map((f) => f.handler).sort();
    expect(handlers).toEqual([...stage.expected.keys()].sort());
    expect(stage.otherFunctions.filter((f) => !INFRASTRUCTURE_FUNCTIONS.test(f.id))).toEqual([]);

    const routes = stage.routes.map((r) => [r.key, r.handler, r.authorization]).sort();
    const expectedRoutes = [...stage.expected]
      .flatMap(([handler, fn]) => (fn.routes ?? []).map((route) => [route.key, handler, route.authorization]))
      .sort();
    expect(routes).toEqual(expectedRoutes);
  });

  test("keeps each vendor's functions in that vendor's stacks and the platform routes in Api", () => {
    const stage = stageFor(key);
    const vendorsByStack = new Map<string, Set<string>>();
    for (const fn of stage.functions) {
      const expected = expectationFor(stage, fn);
      if (!expected.vendor) {
        expect(fn.stack.id).toBe("Api");
        continue;
      }
      vendorsByStack.set(fn.stack.id, (vendorsByStack.get(fn.stack.id) ?? new Set()).add(expected.vendor));
      // A route (and its integration) sits with its function, in the vendor's stack.
      expect(stage.routes.filter((r) => r.handler === fn.handler).map((r) => r.stack.id)).toEqual((expected.routes ?? []).map(() => fn.stack.id));
    }
    for (const [stack, vendors] of vendorsByStack) expect([stack, vendors.size]).toEqual([stack, 1]);
  });

  test("sizes, names and configures every function for its kind", () => {
    const stage = stageFor(key);
    const vendors = Object.keys(stage.catalogue);
    const stageKey = stage.key;
    // Reserved concurrency where it protects a vendor (stacks/sizing.ts); none on the request path.
    const reserved: Partial<Record<ExpectedFunction["kind"], number>> = { consumer: 12, syncSchedule: 1, vendorSchedule: 1 };
    const sizes = {
      operation: [512, 30],
      consumer: [512, 120],
      syncSchedule: [512, 300],
      syncStart: [512, 30],
      vendorSchedule: [512, 60],
      webhook: [512, 10],
      fhir: [512, 30],
      vendorRoute: [512, 30],
      jobs: [256, 10],
      syncRuns: [256, 10],
      openapi: [256, 10],
      docs: [256, 10],
      health: [256, 10],
    };
    for (const fn of stage.functions) {
      const expected = expectationFor(stage, fn);
      const props = fn.resource.Properties!;
      expect([fn.handler, props.MemorySize, props.Timeout]).toEqual([fn.handler, ...sizes[expected.kind]]);
      expect(props.Architectures).toEqual(["arm64"]);
      expect(props.Runtime).toBe("nodejs24.x");
      expect(props.TracingConfig).toEqual({ Mode: "Active" });
      expect(props.FunctionName).toMatch(new RegExp(`^switchboard-${STAGE}-[A-Za-z0-9-]{1,${64 - `switchboard-${STAGE}-`.length}}$`));
      expect([fn.handler, props.ReservedConcurrentExecutions]).toEqual([fn.handler, reserved[expected.kind]]);

      // Its own log group, created by the stack: named for the function, kept 30 days, under the stage key.
      const logGroup = fn.stack.template.Resources[referencedId(props.LoggingConfig?.LogGroup) ?? ""];
      expect(logGroup?.Type).toBe("AWS::Logs::LogGroup");
      expect(logGroup!.Properties).toMatchObject({ LogGroupName: `/aws/lambda/${props.FunctionName}`, RetentionInDays: 30 });
      expect(stage.resolver.render(logGroup!.Properties!.KmsKeyId, fn.stack)).toBe(stageKey);

      // Only the vendor-calling functions run in the egress VPC, and only when the stage has one.
      const inVpc = stage.vpcEgress && (VENDOR_CALLING.includes(expected.kind) || expected.access?.callsVendor === true);
      expect([fn.handler, props.VpcConfig !== undefined]).toEqual([fn.handler, inVpc]);

      const env = props.Environment.Variables as Record<string, unknown>;
      expect(env).toMatchObject({
        NODE_OPTIONS: "--enable-source-maps",
        STAGE,
        TABLE_NAME: tableName(STAGE),
        EVENT_BUS_NAME: busName(STAGE),
        EVENTS_BACKEND: "aws",
        SECRETS_BACKEND: "aws",
        TENANT_CLAIM: "tenant",
        ACTING_USER_SCOPE: "switchboard/act-as-user",
      });
      const queueUrls = Object.fromEntries(
        Object.entries(env)
          .filter(([name]) => name.startsWith("QUEUE_URL_"))
          .map(([name, value]) => [name, stage.resolver.render(value, fn.stack)]),
      );
      const queuesSeen = expected.vendor ? [expected.vendor] : expected.kind === "health" || expected.kind === "fhir" ? vendors : [];
      expect(queueUrls).toEqual(Object.fromEntries(queuesSeen.map((v) => [queueUrlEnv(v), queueName(STAGE, v)])));
      // The functions that run sync units archive, every function of a vendor that takes in events (inbox), the FHIR facade (it books through inboxes), and those that hand out files.
      const archives =
        (expected.kind === "consumer" && hasSync(expected.vendor!)) ||
        (expected.vendor !== undefined && extras[expected.vendor] !== undefined) ||
        expected.kind === "fhir" ||
        expected.files === true;
      expect([fn.handler, env.ARCHIVE_BACKEND, env.ARCHIVE_BUCKET && stage.resolver.render(env.ARCHIVE_BUCKET, fn.stack)]).toEqual([
        fn.handler,
        "aws",
        archives ? stage.archiveBucket : undefined,
      ]);
    }
  });

  test("gives every vendor a FIFO queue, a FIFO dead-letter queue, alarms and a consumer that drains it", () => {
    const stage = stageFor(key);
    const platform = stackOf(stage, "Platform");
    const queues = resourcesOf(platform, "AWS::SQS::Queue").filter((q) => q.resource.Properties!.FifoQueue);
    const queueNamed = (name: string) => queues.find((q) => q.resource.Properties!.QueueName === name);
    const mappings = resourcesOf(stage.stacks, "AWS::Lambda::EventSourceMapping");
    const rules = resourcesOf(stage.stacks, "AWS::Events::Rule").filter((r) => r.resource.Properties!.EventPattern);
    const alarms = resourcesOf(platform, "AWS::CloudWatch::Alarm");
    expect(queues).toHaveLength(2 * Object.keys(stage.catalogue).length);
    expect(mappings).toHaveLength(Object.keys(stage.catalogue).length);

    for (const vendor of Object.keys(stage.catalogue)) {
      const queue = queueNamed(queueName(STAGE, vendor));
      const dlq = queueNamed(deadLetterQueueName(STAGE, vendor));
      expect(queue?.resource.Properties).toMatchObject({ FifoQueue: true, ContentBasedDeduplication: false });
      expect(dlq?.resource.Properties).toMatchObject({ FifoQueue: true, ContentBasedDeduplication: false, MessageRetentionPeriod: 14 * 86_400 });
      for (const q of [queue!, dlq!]) expect(stage.resolver.render(q.resource.Properties!.KmsMasterKeyId, platform)).toBe(stage.key);
      expect(queue!.resource.Properties!.RedrivePolicy).toEqual({ deadLetterTargetArn: { "Fn::GetAtt": [dlq!.id, "Arn"] }, maxReceiveCount: MAX_RECEIVE_COUNT });

      const consumer = stage.functions.find((f) => stage.expected.get(f.handler)?.kind === "consumer" && stage.expected.get(f.handler)?.vendor === vendor);
      const mapping = mappings.find((m) => m.stack === consumer?.stack && referencedId(m.resource.Properties!.FunctionName) === consumer.id);
      // At most ten pollers, below the consumer's reserved twelve, so SQS deliveries are never throttled.
      expect(mapping?.resource.Properties).toMatchObject({ BatchSize: 1, FunctionResponseTypes: ["ReportBatchItemFailures"], ScalingConfig: { MaximumConcurrency: 10 } });
      expect(stage.resolver.render(mapping!.resource.Properties!.EventSourceArn, mapping!.stack)).toBe(`${queueName(STAGE, vendor)}#Arn`);
      expect(queue!.resource.Properties!.VisibilityTimeout).toBeGreaterThanOrEqual(6 * consumer!.resource.Properties!.Timeout);

      const rule = rules.find((r) => r.stack === consumer!.stack);
      expect(rule?.resource.Properties).toMatchObject({
        EventPattern: { "detail-type": ["switchboard.command"], detail: { operationId: [{ prefix: `${vendor}.` }] } },
        Targets: [{ Arn: { "Fn::GetAtt": [consumer!.id, "Arn"] }, RetryPolicy: { MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 185 } }],
      });
      expect(stage.resolver.render(rule!.resource.Properties!.EventBusName, rule!.stack)).toBe(busName(STAGE));

      const alarmOn = (queueId: string, metric: string) =>
        alarms.find((a) => a.resource.Properties!.MetricName === metric && referencedId(a.resource.Properties!.Dimensions[0].Value) === queueId);
      expect(alarmOn(dlq!.id, "ApproximateNumberOfMessagesVisible")?.resource.Properties).toMatchObject({ Threshold: 0, ComparisonOperator: "GreaterThanThreshold" });
      expect(alarmOn(queue!.id, "ApproximateAgeOfOldestMessage")?.resource.Properties?.AlarmActions).toHaveLength(1);
    }
  });

  test("grants every function exactly its own vendor's resources", () => {
    const stage = stageFor(key);
    const vendors = Object.keys(stage.catalogue);
    for (const fn of stage.functions) {
      const expected = expectationFor(stage, fn);
      const { grants, managedPolicies, denies } = grantsOf(fn, stage.resolver);
      const context = { stage: STAGE, vendors, archiveBucket: stage.archiveBucket, key: stage.key, functionName: fn.resource.Properties!.FunctionName, vpcEgress: stage.vpcEgress };
      expect({ handler: fn.handler, grants }).toEqual({ handler: fn.handler, grants: expectedGrants(context, expected) });
      // No AWS managed policy (AWSLambdaBasicExecutionRole would allow writing to every log group).
      expect(managedPolicies).toEqual([]);
      expect(denies).toBe(0);
    }
  });

  test("lets no function scan the table, and only the schedules query the connections index", () => {
    const stage = stageFor(key);
    const withGrant = (action: string) => stage.functions.filter((fn) => action in grantsOf(fn, stage.resolver).grants).map((fn) => fn.handler);
    const schedules = stage.functions.filter((fn) => ["syncSchedule", "vendorSchedule"].includes(expectationFor(stage, fn).kind)).map((fn) => fn.handler);
    expect(withGrant("dynamodb:Scan")).toEqual([]);
    expect(withGrant("dynamodb:Query").sort()).toEqual(schedules.sort());
  });

  test("runs each synced vendor's schedule hourly at :30 from the default bus, next to its consumer", () => {
    const stage = stageFor(key);
    const synced = Object.keys(stage.catalogue).filter(hasSync);
    const vendorSchedules = Object.keys(stage.catalogue).flatMap((v) => extras[v]?.schedules ?? []);
    const scheduled = resourcesOf(stage.stacks, "AWS::Events::Rule").filter((r) => r.resource.Properties!.ScheduleExpression?.startsWith("cron"));
    expect(scheduled).toHaveLength(synced.length);
    expect(resourcesOf(stage.stacks, "AWS::Events::Rule").filter((r) => r.resource.Properties!.ScheduleExpression?.startsWith("rate"))).toHaveLength(vendorSchedules.length);
    for (const vendor of synced) {
      const ofKind = (kind: ExpectedFunction["kind"]) =>
        stage.functions.find((f) => stage.expected.get(f.handler)?.kind === kind && stage.expected.get(f.handler)?.vendor === vendor);
      const schedule = ofKind("syncSchedule");
      expect(schedule?.stack).toBe(ofKind("consumer")?.stack);
      const rule = scheduled.find((r) => r.stack === schedule!.stack);
      expect(rule?.resource.Properties).toMatchObject({
        ScheduleExpression: "cron(30 * * * ? *)",
        State: "ENABLED",
        Targets: [{ Arn: { "Fn::GetAtt": [schedule!.id, "Arn"] }, RetryPolicy: { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 10 } }],
      });
      // Schedules fire on the default bus only.
      expect(rule!.resource.Properties!.EventBusName).toBeUndefined();
      const invoke = resourcesOf(schedule!.stack, "AWS::Lambda::Permission").find(
        (p) => referencedId(p.resource.Properties!.FunctionName) === schedule!.id && p.resource.Properties!.Principal === "events.amazonaws.com",
      );
      expect(referencedId(invoke?.resource.Properties!.SourceArn)).toBe(rule!.id);
    }
  });

  test("grants no action on every resource (*) except X-Ray's and, in the egress VPC, Lambda's network interfaces", () => {
    const stage = stageFor(key);
    const resourceWide = ["xray:PutTraceSegments", "xray:PutTelemetryRecords", ...(stage.vpcEgress ? ENI_ACTIONS : [])];
    const unscoped = actionsOnEveryResource(stage.stacks);
    expect(unscoped.filter((u) => !resourceWide.includes(u.action))).toEqual([]);
  });

  test("keeps what fails on an asynchronous path: every rule target and async-invoked function has an alarmed dead-letter queue", () => {
    const stage = stageFor(key);
    const alarms = resourcesOf(stage.stacks, "AWS::CloudWatch::Alarm");
    const alarmedQueue = (arn: unknown, stack: SynthesizedStack) => {
      const name = stage.resolver.render(arn, stack).replace(/#Arn$/, "");
      const queue = resourcesOf(stage.stacks, "AWS::SQS::Queue").find((q) => q.resource.Properties!.QueueName === name);
      const alarm = alarms.find(
        (a) => a.stack === queue?.stack && a.resource.Properties!.MetricName === "ApproximateNumberOfMessagesVisible" && referencedId(a.resource.Properties!.Dimensions[0].Value) === queue.id,
      );
      return { name, encrypted: queue && stage.resolver.render(queue.resource.Properties!.KmsMasterKeyId, queue.stack) === stage.key, alarmed: alarm?.resource.Properties!.AlarmActions?.length === 1 };
    };
    const rules = resourcesOf(stage.stacks, "AWS::Events::Rule");
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) {
      for (const target of rule.resource.Properties!.Targets as { DeadLetterConfig?: { Arn: unknown }; RetryPolicy?: object }[]) {
        expect([rule.id, target.RetryPolicy !== undefined]).toEqual([rule.id, true]);
        expect(alarmedQueue(target.DeadLetterConfig?.Arn, rule.stack)).toMatchObject({ encrypted: true, alarmed: true });
      }
    }
    // EventBridge invokes asynchronously; Lambda's own retries end in the function's dead-letter queue.
    const invokedByEvents = resourcesOf(stage.stacks, "AWS::Lambda::Permission")
      .filter((p) => p.resource.Properties!.Principal === "events.amazonaws.com")
      .map((p) => stage.functions.find((f) => f.stack === p.stack && f.id === referencedId(p.resource.Properties!.FunctionName))!);
    expect(invokedByEvents.map((f) => expectationFor(stage, f).kind).sort()).toEqual(
      [...stage.expected.values()].filter((f) => f.kind === "consumer" || f.kind === "syncSchedule" || f.kind === "vendorSchedule").map((f) => f.kind).sort(),
    );
    for (const fn of invokedByEvents) {
      expect(alarmedQueue(fn.resource.Properties!.DeadLetterConfig?.TargetArn, fn.stack)).toMatchObject({
        name: `switchboard-${STAGE}-${expectationFor(stage, fn).vendor}-async-dlq`,
        encrypted: true,
        alarmed: true,
      });
    }
  });

  test(`keeps every stack under ${RESOURCE_BUDGET} resources`, () => {
    const stage = stageFor(key);
    const counts = Object.fromEntries(stage.stacks.map((s) => [s.id, resourceCount(s)]));
    resourceCounts[key] = counts;
    expect(Object.entries(counts).filter(([, count]) => count >= RESOURCE_BUDGET)).toEqual([]);
  });
});

describe("real catalogue", () => {
  test("sends stalled sync runs to the alarms topic", () => {
    const platform = Template.fromJSON(stackOf(stageFor("real"), "Platform").template);
    const topic = Object.keys(platform.findResources("AWS::SNS::Topic"))[0]!;
    platform.hasResourceProperties("AWS::Events::Rule", {
      EventPattern: { source: ["switchboard"], "detail-type": ["switchboard.sync.stalled"] },
      Targets: [{ Arn: { Ref: topic } }],
    });
  });

  test("points every function at an entry file that exists", () => {
    for (const fn of stageFor("real").functions) {
      const file = fn.handler.replace(/\.handler$/, ".ts");
      expect(existsSync(file), file).toBe(true);
    }
  });

  test("keeps state in one table keyed by pk, with the connections index, TTL, point-in-time recovery and encryption", () => {
    const platform = Template.fromJSON(stackOf(stageFor("real"), "Platform").template);
    platform.resourceCountIs("AWS::DynamoDB::Table", 1);
    platform.hasResourceProperties("AWS::DynamoDB::Table", {
      TableName: tableName(STAGE),
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      AttributeDefinitions: [
        { AttributeName: "pk", AttributeType: "S" },
        { AttributeName: "connectionsIndex", AttributeType: "S" },
      ],
      BillingMode: "PAY_PER_REQUEST",
      TimeToLiveSpecification: { AttributeName: "ttl", Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true, SSEType: "KMS", KMSMasterKeyId: { "Fn::GetAtt": [Object.keys(platform.findResources("AWS::KMS::Key"))[0]!, "Arn"] } },
      GlobalSecondaryIndexes: [{ IndexName: "connections", KeySchema: [{ AttributeName: "connectionsIndex", KeyType: "HASH" }], Projection: { ProjectionType: "ALL" } }],
    });
    platform.hasResourceProperties("AWS::Events::EventBus", { Name: busName(STAGE) });
  });

  test("archives raw syncs in a private, versioned, TLS-only bucket under the stage key, with access logs in a separate bucket", () => {
    const stage = stageFor("real");
    const platform = stackOf(stage, "Platform");
    const template = Template.fromJSON(platform.template);
    const archive = platformResource(stage.stacks, "AWS::S3::Bucket", "Archive");
    const logs = platformResource(stage.stacks, "AWS::S3::Bucket", "Logs");
    const privateBucket = { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true };
    expect(archive.resource.Properties).toMatchObject({
      PublicAccessBlockConfiguration: privateBucket,
      VersioningConfiguration: { Status: "Enabled" },
      LoggingConfiguration: { DestinationBucketName: { Ref: logs.id }, LogFilePrefix: "archive/" },
      LifecycleConfiguration: {
        Rules: expect.arrayContaining([
          expect.objectContaining({ Prefix: "raw/", ExpirationInDays: 90 }),
          expect.objectContaining({ NoncurrentVersionExpiration: { NoncurrentDays: 30 }, ExpiredObjectDeleteMarker: true }),
        ]),
      },
    });
    const [encryption] = archive.resource.Properties!.BucketEncryption.ServerSideEncryptionConfiguration;
    expect(encryption).toMatchObject({ BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: "aws:kms" } });
    expect(stage.resolver.render(encryption.ServerSideEncryptionByDefault.KMSMasterKeyID, platform)).toBe(stage.key);
    // Replication is a stage option, off by default.
    expect(archive.resource.Properties!.ReplicationConfiguration).toBeUndefined();

    // S3 delivers access logs only to SSE-S3 buckets; this one is private, versioned and expires them.
    expect(logs.resource.Properties).toMatchObject({
      PublicAccessBlockConfiguration: privateBucket,
      VersioningConfiguration: { Status: "Enabled" },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }] },
      OwnershipControls: { Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }] },
    });
    for (const bucket of [archive, logs]) {
      template.hasResourceProperties("AWS::S3::BucketPolicy", {
        Bucket: { Ref: bucket.id },
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } })]) },
      });
    }
    template.hasResourceProperties("AWS::S3::BucketPolicy", {
      Bucket: { Ref: logs.id },
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: "Allow", Principal: { Service: "logging.s3.amazonaws.com" }, Action: "s3:PutObject" })]) },
    });
  });

  test("encrypts the table, queues, alarms topic, log groups and archive with one rotating customer-managed key per stage", () => {
    const stage = stageFor("real");
    const platform = stackOf(stage, "Platform");
    const [key] = resourcesOf(platform, "AWS::KMS::Key");
    expect(key!.resource.Properties).toMatchObject({ EnableKeyRotation: true });
    expect(resourcesOf(platform, "AWS::KMS::Alias").map((a) => a.resource.Properties!.AliasName)).toEqual([`alias/switchboard-${STAGE}`]);
    // CloudWatch Logs may use it only for this account's log groups.
    const statements = key!.resource.Properties!.KeyPolicy.Statement as { Principal?: { Service?: unknown }; Condition?: { ArnLike?: Record<string, unknown> } }[];
    const logs = statements.find((st) => JSON.stringify(st.Principal?.Service ?? "").includes("logs."));
    expect(Object.keys(logs?.Condition ?? {})).toEqual(["ArnLike"]);
    expect(stage.resolver.render(logs!.Condition!.ArnLike!["kms:EncryptionContext:aws:logs:arn"], platform)).toBe(`arn:aws:logs:${REGION}:${ACCOUNT}:log-group:*`);

    const keyOf = (type: string, property: string) =>
      resourcesOf(stage.stacks, type).map((r) => [r.id, stage.resolver.render(r.resource.Properties![property], r.stack)] as const);
    const all = [
      ...keyOf("AWS::SQS::Queue", "KmsMasterKeyId"),
      ...keyOf("AWS::SNS::Topic", "KmsMasterKeyId"),
      ...keyOf("AWS::Logs::LogGroup", "KmsKeyId"),
      ...resourcesOf(stage.stacks, "AWS::DynamoDB::Table").map((r) => [r.id, stage.resolver.render(r.resource.Properties!.SSESpecification.KMSMasterKeyId, r.stack)] as const),
    ];
    // Every queue (jobs, dead letters, async failures), the topic, every log group (functions and API access logs), the table.
    expect(all.length).toBeGreaterThan(stage.functions.length + 2 * Object.keys(stage.catalogue).length + 2);
    expect(all.filter(([, key]) => key !== stage.key)).toEqual([]);
  });

  test("authorizes with the configured identity provider, logs no bodies and allows the configured origins", () => {
    const api = Template.fromJSON(stackOf(stageFor("real"), "Api").template);
    api.hasResourceProperties("AWS::ApiGatewayV2::Authorizer", {
      AuthorizerType: "JWT",
      IdentitySource: ["$request.header.Authorization"],
      JwtConfiguration: { Issuer: "https://idp.example.com/", Audience: ["switchboard-mobile", "switchboard-backoffice"] },
    });
    api.hasResourceProperties("AWS::ApiGatewayV2::Api", {
      CorsConfiguration: {
        AllowOrigins: ["https://backoffice.example.com"],
        AllowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE"],
        AllowHeaders: ["authorization", "content-type", "idempotency-key", "x-acting-user", "x-correlation-id"],
        ExposeHeaders: ["location", "retry-after", "x-correlation-id"],
      },
    });
    const [stage] = resourcesOf(stackOf(stageFor("real"), "Api"), "AWS::ApiGatewayV2::Stage");
    const format = JSON.parse(stage!.resource.Properties!.AccessLogSettings.Format as string) as Record<string, string>;
    expect(format).toMatchObject({ requestId: "$context.requestId", ip: "$context.identity.sourceIp", routeKey: "$context.routeKey", status: "$context.status" });
    expect(Object.values(format).filter((v) => /requestBody|responseBody|authorization|header|\$context\.path/i.test(v))).toEqual([]);
  });
});

describe("stage configuration", () => {
  test("requires production to name its identity provider, over HTTPS", () => {
    expect(() => stageConfig("prod", {})).toThrow(/Stage "prod" needs SWITCHBOARD_JWT_ISSUER and SWITCHBOARD_JWT_AUDIENCE/);
    expect(() => stageConfig("prod", { SWITCHBOARD_JWT_ISSUER: "http://idp.example.com", SWITCHBOARD_JWT_AUDIENCE: "a" })).toThrow(/https/);
    expect(stageConfig("prod", { SWITCHBOARD_JWT_ISSUER: "https://idp.example.com/", SWITCHBOARD_JWT_AUDIENCE: "a" })).toEqual({
      jwt: { issuer: "https://idp.example.com/", audience: ["a"] },
      corsOrigins: [],
      tenantClaim: "tenant",
      actingUserScope: "switchboard/act-as-user",
      throttle: { rate: 50, burst: 100 },
      vpcEgress: false,
    });
  });

  test("reads throttling, egress and archive replication, and refuses half or invalid settings", () => {
    const replica = { SWITCHBOARD_ARCHIVE_REPLICA_BUCKET_ARN: "arn:aws:s3:::switchboard-prod-archive-replica", SWITCHBOARD_ARCHIVE_REPLICA_KEY_ARN: REPLICA_KEY };
    expect(stageConfig("dev", { SWITCHBOARD_API_RATE_LIMIT: "20", SWITCHBOARD_API_BURST_LIMIT: "40", SWITCHBOARD_VPC_EGRESS: "true", ...replica })).toMatchObject({
      throttle: { rate: 20, burst: 40 },
      vpcEgress: true,
      archiveReplica: { bucketArn: replica.SWITCHBOARD_ARCHIVE_REPLICA_BUCKET_ARN, keyArn: REPLICA_KEY },
    });
    expect(() => stageConfig("dev", { SWITCHBOARD_ARCHIVE_REPLICA_BUCKET_ARN: replica.SWITCHBOARD_ARCHIVE_REPLICA_BUCKET_ARN })).toThrow(/needs both/);
    expect(() => stageConfig("dev", { ...replica, SWITCHBOARD_ARCHIVE_REPLICA_KEY_ARN: "alias/replica" })).toThrow(/SWITCHBOARD_ARCHIVE_REPLICA_KEY_ARN/);
    expect(() => stageConfig("dev", { SWITCHBOARD_VPC_EGRESS: "yes" })).toThrow(/SWITCHBOARD_VPC_EGRESS/);
    expect(() => stageConfig("dev", { SWITCHBOARD_API_RATE_LIMIT: "0" })).toThrow(/SWITCHBOARD_API_RATE_LIMIT/);
    expect(() => stageConfig("dev", { SWITCHBOARD_API_RATE_LIMIT: "100", SWITCHBOARD_API_BURST_LIMIT: "10" })).toThrow(/BURST_LIMIT must be at least/);
  });

  test("gives other stages defaults that fail closed, and lets them turn CORS off", () => {
    expect(stageConfig("dev", {}).jwt).toEqual({ issuer: "https://issuer.invalid/", audience: ["switchboard"] });
    expect(stageConfig("dev", { SWITCHBOARD_CORS_ORIGINS: "" }).corsOrigins).toEqual([]);
    expect(() => stageConfig("dev", { SWITCHBOARD_CORS_ORIGINS: "https://app.example.com/path" })).toThrow(/SWITCHBOARD_CORS_ORIGINS/);
    expect(() => stageConfig("dev", { SWITCHBOARD_CORS_ORIGINS: "*" })).toThrow(/SWITCHBOARD_CORS_ORIGINS/);
  });
});

describe("production stage", () => {
  test("refuses to synthesize without an identity provider", async () => {
    vi.stubEnv("SWITCHBOARD_JWT_ISSUER", "");
    try {
      await expect(synthesize("prod", (app) => switchboard(app, catalogues))).rejects.toThrow(/Stage "prod" needs SWITCHBOARD_JWT_ISSUER/);
    } finally {
      vi.stubEnv("SWITCHBOARD_JWT_ISSUER", IDENTITY_PROVIDER.SWITCHBOARD_JWT_ISSUER);
    }
  });

  /** The real app for `prod`, with AWS's HIPAA Security and AWS Solutions packs applied. */
  const checkedProduction = async (env: Record<string, string> = {}) => {
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    try {
      let nag: ReturnType<typeof applyNagPacks> | undefined;
      const stacks = await synthesize("prod", (app) => {
        sstConfig.stacks(app);
        nag = applyNagPacks(app);
      });
      return { stacks, nag: nag! };
    } finally {
      for (const name of Object.keys(env)) vi.stubEnv(name, "");
    }
  };
  let production: Awaited<ReturnType<typeof checkedProduction>>;
  beforeAll(async () => {
    production = await checkedProduction();
  }, 60_000);

  test("passes AWS's HIPAA Security and AWS Solutions checks: no finding left unsuppressed, each suppression with its reason", () => {
    const { nag } = production;
    expect(nag.errors).toEqual([]);
    expect(nag.unsuppressed).toEqual([]);
    // The packs ran, over every function: each one was found (and accepted) for the VPC rule at least.
    const functions = resourcesOf(production.stacks, "AWS::Lambda::Function").length;
    expect(new Set(nag.suppressed.filter((f) => f.rule === "HIPAA.Security-LambdaInsideVPC").map((f) => f.path)).size).toBe(functions);
    expect(nag.suppressed.every((f) => (f.detail ?? "").length >= 60)).toBe(true);
  });

  test("passes them too with the egress VPC and archive replication on", async () => {
    const { nag, stacks } = await checkedProduction({
      SWITCHBOARD_VPC_EGRESS: "true",
      SWITCHBOARD_ARCHIVE_REPLICA_BUCKET_ARN: "arn:aws:s3:::switchboard-prod-archive-replica",
      SWITCHBOARD_ARCHIVE_REPLICA_KEY_ARN: REPLICA_KEY,
    });
    expect(nag.errors).toEqual([]);
    expect(nag.unsuppressed).toEqual([]);
    // With the option on, replication is no longer an accepted finding and vendor functions are in the VPC.
    expect(nag.suppressed.filter((f) => f.rule === "HIPAA.Security-S3BucketReplicationEnabled").map((f) => f.path)).toEqual(["prod-switchboard-Platform/Logs/Resource"]);
    const inVpc = resourcesOf(stacks, "AWS::Lambda::Function").filter((f) => f.resource.Properties!.VpcConfig);
    expect(inVpc.length).toBeGreaterThan(0);
    expect(nag.suppressed.filter((f) => f.rule === "HIPAA.Security-LambdaInsideVPC" && inVpc.some((fn) => f.path.startsWith(`prod-switchboard-${fn.stack.id}/`) && f.path.includes(fn.id)))).toEqual([]);
  });

  test("backs the table up daily, kept 35 days, in a vault under the stage key", () => {
    const platform = production.stacks.find((s) => s.id === "Platform")!;
    const template = Template.fromJSON(platform.template);
    const [table] = resourcesOf(platform, "AWS::DynamoDB::Table");
    const [key] = resourcesOf(platform, "AWS::KMS::Key");
    const [vault] = resourcesOf(platform, "AWS::Backup::BackupVault");
    expect(vault!.resource.Properties!.EncryptionKeyArn).toEqual({ "Fn::GetAtt": [key!.id, "Arn"] });
    expect(vault!.resource.DeletionPolicy).toBe("Retain");
    template.hasResourceProperties("AWS::Backup::BackupPlan", {
      BackupPlan: {
        BackupPlanRule: [Match.objectLike({ ScheduleExpression: "cron(0 5 * * ? *)", Lifecycle: { DeleteAfterDays: 35 }, TargetBackupVault: { "Fn::GetAtt": [vault!.id, "BackupVaultName"] } })],
      },
    });
    template.hasResourceProperties("AWS::Backup::BackupSelection", { BackupSelection: Match.objectLike({ Resources: [{ "Fn::GetAtt": [table!.id, "Arn"] }] }) });
    // Other stages have point-in-time recovery only.
    expect(resourcesOf(stageFor("real").stacks, "AWS::Backup::BackupPlan")).toEqual([]);
  });

  test("retains its data, key and logs when removed", () => {
    const { stacks } = production;
    const platform = Template.fromJSON(stacks.find((s) => s.id === "Platform")!.template);
    platform.hasResource("AWS::DynamoDB::Table", { DeletionPolicy: "Retain", Properties: Match.objectLike({ DeletionProtectionEnabled: true }) });
    for (const { resource } of resourcesOf(stacks, "AWS::S3::Bucket")) expect(resource.DeletionPolicy).toBe("Retain");
    for (const { resource } of resourcesOf(stacks, "AWS::KMS::Key")) expect(resource.DeletionPolicy).toBe("Retain");
    platform.resourceCountIs("Custom::S3AutoDeleteObjects", 0);
    for (const stack of stacks) {
      for (const { resource } of resourcesOf(stack, "AWS::Logs::LogGroup")) expect(resource.DeletionPolicy).toBe("Retain");
    }
  });
});

describe("API", () => {
  test("throttles the default route at the stage's rate and burst", async () => {
    const throttling = (stacks: SynthesizedStack[]) => resourcesOf(stacks, "AWS::ApiGatewayV2::Stage").map((s) => s.resource.Properties!.DefaultRouteSettings);
    expect(throttling(stageFor("real").stacks)).toEqual([expect.objectContaining({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 })]);
    vi.stubEnv("SWITCHBOARD_API_RATE_LIMIT", "7");
    vi.stubEnv("SWITCHBOARD_API_BURST_LIMIT", "9");
    try {
      const stacks = await synthesize(STAGE, (app) => void sstConfig.stacks(app));
      expect(throttling(stacks)).toEqual([expect.objectContaining({ ThrottlingRateLimit: 7, ThrottlingBurstLimit: 9 })]);
    } finally {
      vi.stubEnv("SWITCHBOARD_API_RATE_LIMIT", "");
      vi.stubEnv("SWITCHBOARD_API_BURST_LIMIT", "");
    }
  });

  /** A stack with one route without the authorizer, checked like every Switchboard stack. */
  const publicRoute = (routeKey: string) =>
    synthesize(STAGE, (app) => {
      app.stack(
        function Probe({ stack }) {
          new Api(stack, "Api", { routes: { [routeKey]: { authorizer: "none", function: { handler: "packages/functions/src/health.handler" } } } });
          acceptStackFindings(stack, stageConfig(STAGE));
        },
        { id: "Probe" },
      );
    });

  test("allows unauthenticated routes only for health, the API description and docs, vendor webhooks and OAuth callbacks", async () => {
    await expect(publicRoute("GET /v1/mocdoc/{connectionId}/patients")).rejects.toThrow(/route "GET \/v1\/mocdoc\/\{connectionId\}\/patients" has no authorizer/);
    // Only the callback the vendor's authorization server redirects a browser to; the start needs a JWT.
    await expect(publicRoute("GET /v1/healthdock/oauth/start")).rejects.toThrow(/has no authorizer/);
    await expect(publicRoute("POST /v1/healthdock/oauth/callback")).rejects.toThrow(/has no authorizer/);
    await expect(publicRoute("GET /v1/healthdock/oauth/callback/extra")).rejects.toThrow(/has no authorizer/);
    for (const routeKey of ["GET /docs", "GET /docs/{asset}", "POST /webhooks/healthdock/consent", "GET /v1/healthdock/oauth/callback"]) {
      const [stack] = await publicRoute(routeKey);
      const [route] = resourcesOf(stack!, "AWS::ApiGatewayV2::Route");
      expect((route!.resource as { Metadata?: { cdk_nag?: { rules_to_suppress: { id: string }[] } } }).Metadata?.cdk_nag?.rules_to_suppress.map((r) => r.id)).toEqual(["AwsSolutions-APIG4"]);
    }
  });
});

describe("function roles", () => {
  const roleIn = () => new ManagedPolicyRole(new CdkStack(new CdkApp(), "Roles"), "Role", { description: "probe" });

  test("refuse wildcard actions, and wildcard resources without a reason", () => {
    expect(() => roleIn().addToPrincipalPolicy(new PolicyStatement({ actions: ["sqs:*"], resources: ["arn:aws:sqs:us-east-1:123456789012:q"] }))).toThrow(/name the actions/);
    expect(() => roleIn().addToPrincipalPolicy(new PolicyStatement({ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::bucket/*"] }))).toThrow(/needs a reason/);
  });

  test("pass a wildcard's reason to the security checks, for that resource alone", () => {
    const role = roleIn();
    role.addToPrincipalPolicy(networkInterfaces());
    role.addToPrincipalPolicy(new PolicyStatement({ actions: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], resources: ["*"] }));
    const suppressions = (role.policy.node.defaultChild as CfnResource).getMetadata("cdk_nag").rules_to_suppress as { id: string; reason: string; applies_to: { regex: string }[] }[];
    expect(suppressions.map((r) => [r.id, r.applies_to.map((a) => a.regex)])).toEqual([
      ["AwsSolutions-IAM5", ["/^Resource::\\*$/"]],
      ["AwsSolutions-IAM5", ["/^Resource::\\*$/"]],
    ]);
    expect(suppressions.map((r) => r.reason)).toEqual([expect.stringMatching(/network interfaces/), expect.stringMatching(/X-Ray/)]);
  });
});

describe("vpcEgress", () => {
  test("puts the vendor-calling functions in private subnets behind two NAT gateways and prints their Elastic IPs", () => {
    const stage = stageFor("egress");
    const platform = stackOf(stage, "Platform");
    const eips = resourcesOf(platform, "AWS::EC2::EIP");
    const nats = resourcesOf(platform, "AWS::EC2::NatGateway");
    expect(nats.map((n) => referencedId(n.resource.Properties!.AllocationId)).sort()).toEqual(eips.map((e) => e.id).sort());
    expect(eips).toHaveLength(2);
    expect(Object.entries(platform.template.Outputs ?? {}).filter(([name]) => /^EgressIp\d$/.test(name)).map(([, o]) => referencedId(o.Value)).sort()).toEqual(eips.map((e) => e.id).sort());

    const privateSubnets = resourcesOf(platform, "AWS::EC2::Subnet").filter((s) => s.resource.Properties!.MapPublicIpOnLaunch === false && /functions/i.test(s.id));
    expect(privateSubnets).toHaveLength(2);
    const [securityGroup] = resourcesOf(platform, "AWS::EC2::SecurityGroup");
    expect(securityGroup!.resource.Properties!.SecurityGroupIngress).toBeUndefined();
    for (const fn of stage.functions.filter((f) => VENDOR_CALLING.includes(expectationFor(stage, f).kind) || expectationFor(stage, f).access?.callsVendor)) {
      const vpc = fn.resource.Properties!.VpcConfig;
      expect(vpc.SubnetIds.map((id: unknown) => stage.resolver.render(id, fn.stack)).sort()).toEqual(privateSubnets.map((s) => s.id).sort());
      expect(vpc.SecurityGroupIds.map((id: unknown) => stage.resolver.render(id, fn.stack))).toEqual([`${securityGroup!.id}#GroupId`]);
    }
    // Flow logs go to the log bucket; DynamoDB and S3 stay off the NAT through gateway endpoints.
    expect(resourcesOf(platform, "AWS::EC2::FlowLog").map((f) => f.resource.Properties!.LogDestinationType)).toEqual(["s3"]);
    expect(resourcesOf(platform, "AWS::EC2::VPCEndpoint").map((e) => e.resource.Properties!.VpcEndpointType)).toEqual(["Gateway", "Gateway"]);
    // Off by default: no network at all.
    expect(resourcesOf(stageFor("real").stacks, "AWS::EC2::VPC")).toEqual([]);
  });
});

describe("archive replication", () => {
  test("replicates the archive to the stage's replica bucket, re-encrypting with its key, under a role of its own", async () => {
    vi.stubEnv("SWITCHBOARD_ARCHIVE_REPLICA_BUCKET_ARN", "arn:aws:s3:::switchboard-test-archive-replica");
    vi.stubEnv("SWITCHBOARD_ARCHIVE_REPLICA_KEY_ARN", REPLICA_KEY);
    try {
      const stacks = await synthesize(STAGE, (app) => void sstConfig.stacks(app));
      const archive = platformResource(stacks, "AWS::S3::Bucket", "Archive");
      const replication = archive.resource.Properties!.ReplicationConfiguration;
      expect(replication.Rules).toEqual([
        expect.objectContaining({
          Status: "Enabled",
          Destination: { Bucket: "arn:aws:s3:::switchboard-test-archive-replica", EncryptionConfiguration: { ReplicaKmsKeyID: REPLICA_KEY } },
          SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: "Enabled" } },
        }),
      ]);
      const role = archive.stack.template.Resources[referencedId(replication.Role)!]!;
      expect(role.Properties!.AssumeRolePolicyDocument.Statement[0].Principal).toEqual({ Service: "s3.amazonaws.com" });
      const resolver = new Resolver(stacks);
      const policy = resourcesOf(archive.stack, "AWS::IAM::ManagedPolicy").find((p) => referencedId(p.resource.Properties!.Roles[0]) === referencedId(replication.Role))!;
      const grants = (policy.resource.Properties!.PolicyDocument.Statement as { Action: string[]; Resource: unknown }[]).flatMap((st) =>
        [st.Action].flat().map((action) => `${action} ${[st.Resource].flat().map((r) => resolver.render(r, archive.stack)).join(",")}`),
      );
      expect(grants).toEqual(
        expect.arrayContaining([
          "s3:ReplicateObject arn:aws:s3:::switchboard-test-archive-replica/*",
          `kms:Encrypt ${REPLICA_KEY}`,
          `kms:GenerateDataKey ${REPLICA_KEY}`,
        ]),
      );
      expect(grants.filter((g) => g.startsWith("kms:") && !g.includes(REPLICA_KEY)).map((g) => g.split(" ")[0])).toEqual(["kms:Decrypt"]);
    } finally {
      vi.stubEnv("SWITCHBOARD_ARCHIVE_REPLICA_BUCKET_ARN", "");
      vi.stubEnv("SWITCHBOARD_ARCHIVE_REPLICA_KEY_ARN", "");
    }
  });
});

test("function names stay within Lambda's 64 characters and unique", () => {
  const long = "getProviderAndPatientAppointmentLinkWithSoloAppointmentId";
  const a = lambdaName("feature-branch-1234", "solo", long);
  const b = lambdaName("feature-branch-1234", "solo", `${long}2`);
  expect(a.length).toBeLessThanOrEqual(64);
  expect(a).not.toBe(b);
  expect(lambdaName("prod", "mocdoc", "listLocations")).toBe("switchboard-prod-mocdoc-listLocations");
});
