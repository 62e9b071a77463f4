import { existsSync } from "node:fs";
import { Match, Template } from "aws-cdk-lib/assertions";
import type { App } from "sst/constructs";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import type { AnyOperation } from "@switchboard/core/catalogue";
import { busName, deadLetterQueueName, MAX_RECEIVE_COUNT, queueName, queueUrlEnv, tableName } from "@switchboard/core/naming";
import { catalogues } from "@switchboard/core/vendors/index";
import { hasSync } from "@switchboard/functions/entries";
import sstConfig from "../sst.config";
import { stageConfig } from "../stacks/config";
import { switchboard } from "../stacks/index";
import { lambdaName } from "../stacks/names";
import { OPERATIONS_PER_STACK } from "../stacks/vendor-plan";
import { referencedId, resourceCount, resourcesOf, Resolver } from "./infra/cfn";
import { actionsOnEveryResource, deployedFunctions, deployedRoutes, grantsOf, type DeployedFunction, type DeployedRoute } from "./infra/deployed";
import { expectedFunctions, expectedGrants, type ExpectedFunction } from "./infra/expectations";
import { synthesize, type SynthesizedStack } from "./infra/synth";
import { FULL_OPERATION_COUNTS, syntheticCatalogue, syntheticOperations } from "./infra/synthetic";

/**
 * The AWS infrastructure, synthesized offline (no AWS account, nothing deployed). Three apps: the
 * real catalogues through sst.config.ts itself, every vendor at its full documented operation
 * count, and one vendor with a daily sync large enough to be split over three stacks (its first
 * stack, with the consumer, the schedule and the backfill route besides 80 operations, is the
 * fullest a stack can get).
 */
const STAGE = "test";
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
}

async function synthesizeStage(stage: string, catalogue: Record<string, AnyOperation[]>, build: (app: App) => void): Promise<SynthesizedStage> {
  const stacks = await synthesize(stage, build);
  const { functions, others } = deployedFunctions(stacks);
  const resolver = new Resolver(stacks);
  const buckets = resourcesOf(stacks, "AWS::S3::Bucket");
  if (buckets.length !== 1 || buckets[0]!.stack.id !== "Platform") throw new Error(`Expected one bucket, in Platform; have ${buckets.length}`);
  return {
    catalogue,
    stacks,
    resolver,
    functions,
    otherFunctions: others,
    routes: deployedRoutes(stacks, functions),
    expected: expectedFunctions(catalogue),
    archiveBucket: resolver.render({ Ref: buckets[0]!.id }, buckets[0]!.stack),
  };
}

type StageKey = "real" | "full" | "split";
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

/** Lambda functions CDK and SST add for themselves: SST's per-stack custom resource handler, S3 auto-delete. */
const INFRASTRUCTURE_FUNCTIONS = /^(CustomResourceHandler|CustomS3AutoDeleteObjectsCustomResourceProviderHandler)[0-9A-F]{8}$/;

describe.each([
  { name: "real catalogue", key: "real" as const },
  { name: "full-size synthetic catalogue", key: "full" as const },
  { name: "vendor split over three stacks", key: "split" as const },
])("$name", ({ key }) => {
  test("has one route and one function per catalogue operation, plus the platform's, and nothing else", () => {
    const stage = stageFor(key);
    const handlers = stage.functions.map((f) => f.handler).sort();
    expect(handlers).toEqual([...stage.expected.keys()].sort());
    expect(stage.otherFunctions.filter((f) => !INFRASTRUCTURE_FUNCTIONS.test(f.id))).toEqual([]);

    const routes = stage.routes.map((r) => [r.key, r.handler, r.authorization]).sort();
    const expectedRoutes = [...stage.expected]
      .filter(([, fn]) => fn.route)
      .map(([handler, fn]) => [fn.route!.key, handler, fn.route!.authorization])
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
      expect(stage.routes.filter((r) => r.handler === fn.handler).map((r) => r.stack.id)).toEqual(expected.route ? [fn.stack.id] : []);
    }
    for (const [stack, vendors] of vendorsByStack) expect([stack, vendors.size]).toEqual([stack, 1]);
  });

  test("sizes, names and configures every function for its kind", () => {
    const stage = stageFor(key);
    const vendors = Object.keys(stage.catalogue);
    const sizes = {
      operation: [512, 30],
      consumer: [512, 120],
      syncSchedule: [512, 300],
      syncStart: [512, 30],
      jobs: [256, 10],
      syncRuns: [256, 10],
      openapi: [256, 10],
      health: [256, 10],
    };
    for (const fn of stage.functions) {
      const expected = expectationFor(stage, fn);
      const props = fn.resource.Properties!;
      expect([fn.handler, props.MemorySize, props.Timeout]).toEqual([fn.handler, ...sizes[expected.kind]]);
      expect(props.Architectures).toEqual(["arm64"]);
      expect(props.TracingConfig).toEqual({ Mode: "Active" });
      expect(props.FunctionName).toMatch(new RegExp(`^switchboard-${STAGE}-[A-Za-z0-9-]{1,${64 - `switchboard-${STAGE}-`.length}}$`));
      expect(referencedId(props.LoggingConfig?.LogGroup)).toBeDefined();

      const env = props.Environment.Variables as Record<string, unknown>;
      expect(env).toMatchObject({
        NODE_OPTIONS: "--enable-source-maps",
        STAGE,
        TABLE_NAME: tableName(STAGE),
        EVENT_BUS_NAME: busName(STAGE),
        EVENTS_BACKEND: "aws",
        SECRETS_BACKEND: "aws",
        TENANT_CLAIM: "tenant",
      });
      const queueUrls = Object.fromEntries(
        Object.entries(env)
          .filter(([name]) => name.startsWith("QUEUE_URL_"))
          .map(([name, value]) => [name, stage.resolver.render(value, fn.stack)]),
      );
      const queuesSeen = expected.vendor ? [expected.vendor] : expected.kind === "health" ? vendors : [];
      expect(queueUrls).toEqual(Object.fromEntries(queuesSeen.map((v) => [queueUrlEnv(v), queueName(STAGE, v)])));
      // Only the functions that run sync units archive.
      const archives = expected.kind === "consumer" && hasSync(expected.vendor!);
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
    const queues = resourcesOf(platform, "AWS::SQS::Queue");
    const queueNamed = (name: string) => queues.find((q) => q.resource.Properties!.QueueName === name);
    const mappings = resourcesOf(stage.stacks, "AWS::Lambda::EventSourceMapping");
    const rules = resourcesOf(stage.stacks, "AWS::Events::Rule").filter((r) => r.resource.Properties!.EventPattern);
    const alarms = resourcesOf(platform, "AWS::CloudWatch::Alarm");
    expect(queues).toHaveLength(2 * Object.keys(stage.catalogue).length);
    expect(mappings).toHaveLength(Object.keys(stage.catalogue).length);

    for (const vendor of Object.keys(stage.catalogue)) {
      const queue = queueNamed(queueName(STAGE, vendor));
      const dlq = queueNamed(deadLetterQueueName(STAGE, vendor));
      expect(queue?.resource.Properties).toMatchObject({ FifoQueue: true, ContentBasedDeduplication: false, SqsManagedSseEnabled: true });
      expect(dlq?.resource.Properties).toMatchObject({ FifoQueue: true, ContentBasedDeduplication: false, MessageRetentionPeriod: 14 * 86_400 });
      expect(queue!.resource.Properties!.RedrivePolicy).toEqual({ deadLetterTargetArn: { "Fn::GetAtt": [dlq!.id, "Arn"] }, maxReceiveCount: MAX_RECEIVE_COUNT });

      const consumer = stage.functions.find((f) => stage.expected.get(f.handler)?.kind === "consumer" && stage.expected.get(f.handler)?.vendor === vendor);
      const mapping = mappings.find((m) => m.stack === consumer?.stack && referencedId(m.resource.Properties!.FunctionName) === consumer.id);
      expect(mapping?.resource.Properties).toMatchObject({ BatchSize: 1, FunctionResponseTypes: ["ReportBatchItemFailures"] });
      expect(stage.resolver.render(mapping!.resource.Properties!.EventSourceArn, mapping!.stack)).toBe(`${queueName(STAGE, vendor)}#Arn`);
      expect(queue!.resource.Properties!.VisibilityTimeout).toBeGreaterThanOrEqual(6 * consumer!.resource.Properties!.Timeout);

      const rule = rules.find((r) => r.stack === consumer!.stack);
      expect(rule?.resource.Properties).toMatchObject({
        EventPattern: { "detail-type": ["switchboard.command"], detail: { operationId: [{ prefix: `${vendor}.` }] } },
        Targets: [{ Arn: { "Fn::GetAtt": [consumer!.id, "Arn"] } }],
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
      expect({ handler: fn.handler, grants }).toEqual({ handler: fn.handler, grants: expectedGrants(STAGE, vendors, stage.archiveBucket, expected) });
      expect(managedPolicies).toEqual(["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"]);
      expect(denies).toBe(0);
    }
  });

  test("lets no function scan the table, and only the sync schedule query the connections index", () => {
    const stage = stageFor(key);
    const withGrant = (action: string) => stage.functions.filter((fn) => action in grantsOf(fn, stage.resolver).grants).map((fn) => fn.handler);
    const schedules = stage.functions.filter((fn) => expectationFor(stage, fn).kind === "syncSchedule").map((fn) => fn.handler);
    expect(withGrant("dynamodb:Scan")).toEqual([]);
    expect(withGrant("dynamodb:Query").sort()).toEqual(schedules.sort());
  });

  test("runs each synced vendor's schedule hourly at :30 from the default bus, next to its consumer", () => {
    const stage = stageFor(key);
    const synced = Object.keys(stage.catalogue).filter(hasSync);
    const scheduled = resourcesOf(stage.stacks, "AWS::Events::Rule").filter((r) => r.resource.Properties!.ScheduleExpression);
    expect(scheduled).toHaveLength(synced.length);
    for (const vendor of synced) {
      const ofKind = (kind: ExpectedFunction["kind"]) =>
        stage.functions.find((f) => stage.expected.get(f.handler)?.kind === kind && stage.expected.get(f.handler)?.vendor === vendor);
      const schedule = ofKind("syncSchedule");
      expect(schedule?.stack).toBe(ofKind("consumer")?.stack);
      const rule = scheduled.find((r) => r.stack === schedule!.stack);
      expect(rule?.resource.Properties).toMatchObject({
        ScheduleExpression: "cron(30 * * * ? *)",
        State: "ENABLED",
        Targets: [{ Arn: { "Fn::GetAtt": [schedule!.id, "Arn"] } }],
      });
      // Schedules fire on the default bus only.
      expect(rule!.resource.Properties!.EventBusName).toBeUndefined();
      const invoke = resourcesOf(schedule!.stack, "AWS::Lambda::Permission").find(
        (p) => referencedId(p.resource.Properties!.FunctionName) === schedule!.id && p.resource.Properties!.Principal === "events.amazonaws.com",
      );
      expect(referencedId(invoke?.resource.Properties!.SourceArn)).toBe(rule!.id);
    }
  });

  test("grants no action on every resource (*) except X-Ray's; logs come from the managed basic execution policy", () => {
    const unscoped = actionsOnEveryResource(stageFor(key).stacks);
    expect(unscoped.filter((u) => !["xray:PutTraceSegments", "xray:PutTelemetryRecords"].includes(u.action))).toEqual([]);
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
      SSESpecification: { SSEEnabled: true },
      GlobalSecondaryIndexes: [{ IndexName: "connections", KeySchema: [{ AttributeName: "connectionsIndex", KeyType: "HASH" }], Projection: { ProjectionType: "ALL" } }],
    });
    platform.hasResourceProperties("AWS::Events::EventBus", { Name: busName(STAGE) });
  });

  test("archives raw syncs in a private, encrypted, TLS-only bucket that expires them", () => {
    const platform = Template.fromJSON(stackOf(stageFor("real"), "Platform").template);
    platform.hasResourceProperties("AWS::S3::Bucket", {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }] },
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ Prefix: "raw/", ExpirationInDays: Match.anyValue() })]) },
    });
    platform.hasResourceProperties("AWS::S3::BucketPolicy", {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } })]) },
    });
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
        AllowHeaders: ["authorization", "content-type", "idempotency-key", "x-correlation-id"],
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
    });
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

  test("retains its data and logs when removed", async () => {
    const stacks = await synthesize("prod", (app) => switchboard(app, catalogues));
    const platform = Template.fromJSON(stacks.find((s) => s.id === "Platform")!.template);
    platform.hasResource("AWS::DynamoDB::Table", { DeletionPolicy: "Retain", Properties: Match.objectLike({ DeletionProtectionEnabled: true }) });
    platform.hasResource("AWS::S3::Bucket", { DeletionPolicy: "Retain" });
    platform.resourceCountIs("Custom::S3AutoDeleteObjects", 0);
    for (const stack of stacks) {
      for (const { resource } of resourcesOf(stack, "AWS::Logs::LogGroup")) expect(resource.DeletionPolicy).toBe("Retain");
    }
  });
});

test("function names stay within Lambda's 64 characters and unique", () => {
  const long = "getProviderAndPatientAppointmentLinkWithSoloAppointmentId";
  const a = lambdaName("feature-branch-1234", "teladoc", long);
  const b = lambdaName("feature-branch-1234", "teladoc", `${long}2`);
  expect(a.length).toBeLessThanOrEqual(64);
  expect(a).not.toBe(b);
  expect(lambdaName("prod", "mocdoc", "listLocations")).toBe("switchboard-prod-mocdoc-listLocations");
});
