import { Stack as CdkStack } from "aws-cdk-lib";
import { CfnRoute } from "aws-cdk-lib/aws-apigatewayv2";
import { CfnEventSourceMapping, CfnFunction, CfnPermission } from "aws-cdk-lib/aws-lambda";
import { NagSuppressions } from "cdk-nag";
import type { Stack } from "sst/constructs";
import type { StageConfig } from "./config";

/**
 * Findings of AWS's HIPAA Security and AWS Solutions checks that are right to accept, decided per
 * resource from what the resource is, so stacks added later (other vendors, webhook routes) get
 * the same decisions. Every stack function calls `acceptStackFindings` last. Anything not
 * covered here or next to the resource that causes it stays a finding, and test/infra fails.
 */
export function acceptStackFindings(stack: Stack, config: StageConfig): void {
  acceptCustomResourceHandler(stack);
  acceptFunctionFindings(stack, config);
  acceptPublicRoutes(stack);
}

/** Paths served without a token: the probe, the API description, its docs page and vendor webhooks. */
const PUBLIC_PATHS = new Map<string, string>([
  ["/health", "The health probe is public by design (load balancers and uptime checks send no token); it answers ok/degraded and the state of the table and queues, no tenant or patient data."],
  ["/openapi.json", "The OpenAPI document is public by design so app developers and tools can read the contract; it describes routes and schemas and holds no data."],
  ["/docs", "The API documentation page is public by design, like the OpenAPI document it renders; it holds no data."],
  ["/docs/{asset}", "The documentation page's own static files (Swagger UI's script, styles and icons, and our setup script), public like the page; they hold no data."],
]);
const WEBHOOK_PREFIX = "/webhooks/";
const WEBHOOK_REASON =
  "A vendor webhook receiver: vendors cannot obtain our users' JWTs, so the route has no API authorizer and the function verifies the vendor's own signature or shared secret before it accepts anything.";
/** `GET /v1/{vendor}/oauth/callback`, the redirect URI of an OAuth authorization code grant. */
const OAUTH_CALLBACK = /^\/v1\/[a-z0-9-]+\/oauth\/callback$/;
const OAUTH_CALLBACK_REASON =
  "The OAuth 2.0 redirect URI: the vendor's authorization server sends the clinic's browser here, and a browser redirect carries no bearer token, so the route has no API authorizer. The function accepts only a state it issued to a JWT-authenticated caller whose tenant owns the connection (HMAC-signed with the connection's key, expiring after 10 minutes, consumed on first use) and exchanges the code with the connection's own client secret; it returns no data.";

/**
 * Routes without the JWT authorizer: only the paths above, vendor webhook receivers and OAuth
 * callbacks may be public; any other unauthenticated route stops synthesis.
 */
function acceptPublicRoutes(stack: Stack): void {
  for (const route of stack.node.findAll().filter((c): c is CfnRoute => c instanceof CfnRoute)) {
    if ((route.authorizationType ?? "NONE") !== "NONE") continue;
    const routeKey = String(route.routeKey);
    const path = routeKey.split(" ")[1] ?? "";
    const method = routeKey.split(" ")[0];
    const reason =
      PUBLIC_PATHS.get(path) ?? (path.startsWith(WEBHOOK_PREFIX) ? WEBHOOK_REASON : method === "GET" && OAUTH_CALLBACK.test(path) ? OAUTH_CALLBACK_REASON : undefined);
    if (!reason) {
      throw new Error(`${stack.stackName}: route "${routeKey}" has no authorizer; only ${[...PUBLIC_PATHS.keys()].join(", ")}, ${WEBHOOK_PREFIX}* and GET /v1/{vendor}/oauth/callback may be public`);
    }
    NagSuppressions.addResourceSuppressions(route, [{ id: "AwsSolutions-APIG4", reason }]);
  }
}

/** Logical ids of the functions each principal may invoke, and of those an event source mapping polls for. */
function invokersOf(stack: Stack): { principals: Map<string, Set<string>>; polled: Set<string> } {
  const principals = new Map<string, Set<string>>();
  const polled = new Set<string>();
  const target = (value: unknown) => {
    const v = CdkStack.of(stack).resolve(value) as { Ref?: string; "Fn::GetAtt"?: [string, string] };
    return v?.Ref ?? v?.["Fn::GetAtt"]?.[0];
  };
  for (const c of stack.node.findAll()) {
    if (c instanceof CfnPermission) {
      const id = target(c.functionName);
      if (id) principals.set(id, (principals.get(id) ?? new Set()).add(String(c.principal)));
    } else if (c instanceof CfnEventSourceMapping) {
      const id = target(c.functionName);
      if (id) polled.add(id);
    }
  }
  return { principals, polled };
}

/**
 * Per function: the dead-letter queue and reserved concurrency findings for functions that API
 * Gateway alone invokes, synchronously; and the VPC finding, by the stage's `vpcEgress`.
 */
function acceptFunctionFindings(stack: Stack, { vpcEgress, throttle }: StageConfig): void {
  const { principals, polled } = invokersOf(stack);
  for (const fn of stack.getAllFunctions()) {
    const cfn = fn.node.defaultChild as CfnFunction;
    const id = stack.getLogicalId(cfn);
    const invokers = principals.get(id) ?? new Set();
    const apiOnly = invokers.size > 0 && [...invokers].every((p) => p === "apigateway.amazonaws.com") && !polled.has(id);
    const accepted = [];
    if (apiOnly && !cfn.deadLetterConfig) {
      accepted.push({
        id: "HIPAA.Security-LambdaDLQ",
        reason: "Invoked only synchronously, by API Gateway: a failure is answered to the caller (a problem document, or a 202 job whose queue has its own dead-letter queue). Lambda's dead-letter queue applies to asynchronous invocations only.",
      });
    }
    if (apiOnly && cfn.reservedConcurrentExecutions === undefined) {
      accepted.push({
        id: "HIPAA.Security-LambdaConcurrency",
        reason: `Invoked only through the HTTP API, whose default route throttling (${throttle.rate} requests/s, burst ${throttle.burst}, stage config) bounds it; each vendor account's budget is the pacer's. Reserving concurrency per route function would split the account's quota into idle slices (stacks/sizing.ts).`,
      });
    }
    if (!cfn.vpcConfig) {
      accepted.push({
        id: "HIPAA.Security-LambdaInsideVPC",
        reason: vpcEgress
          ? "Calls no vendor: it reaches only AWS service APIs (DynamoDB, SQS) over TLS with its IAM role. vpcEgress puts the vendor-calling functions in the VPC, for their fixed egress addresses."
          : "vpcEgress is off for this stage: no vendor here allowlists caller IPs, so the function reaches AWS APIs and vendors' HTTPS endpoints over TLS from Lambda's network; a VPC would add NAT gateways (cost in docs/deploy.md) without isolating anything it holds. SWITCHBOARD_VPC_EGRESS=true turns it on.",
      });
    }
    if (accepted.length) NagSuppressions.addResourceSuppressions(cfn, accepted);
  }
}

/**
 * SST's per-stack custom resource provider (function and role), which SST itself uses for its
 * sourcemap uploads and secret prefetching (neither used here) and whose runtime SST 2.49.8 pins.
 */
function acceptCustomResourceHandler(stack: Stack): void {
  const handler = stack.customResourceHandler;
  const owner = "SST's own custom resource provider (sst/constructs Stack), created in every stack and invoked only by CloudFormation during deploys";
  NagSuppressions.addResourceSuppressions(
    handler,
    [
      { id: "AwsSolutions-L1", reason: `${owner}; SST 2.49.8 pins its runtime to nodejs22.x, a supported runtime. Switchboard's own functions run nodejs24.x.` },
      {
        id: "AwsSolutions-IAM4",
        reason: `${owner}; its role carries AWSLambdaBasicExecutionRole (logs only), as SST creates it. It handles no patient data.`,
        appliesTo: ["Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"],
      },
      { id: "HIPAA.Security-LambdaConcurrency", reason: `${owner}: deploys bound its invocations.` },
      { id: "HIPAA.Security-LambdaDLQ", reason: `${owner}: CloudFormation waits for each response and fails (and rolls back) the deploy when one does not come, so nothing is dropped.` },
      { id: "HIPAA.Security-LambdaInsideVPC", reason: `${owner}: it calls only AWS APIs and no vendor.` },
    ],
    true,
  );
}
