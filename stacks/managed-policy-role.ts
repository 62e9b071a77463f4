import { ManagedPolicy, Role, ServicePrincipal, type AddToPrincipalPolicyResult, type PolicyStatement } from "aws-cdk-lib/aws-iam";
import { NagSuppressions } from "cdk-nag";
import type { Construct } from "constructs";
import { wildcardReason } from "./permissions";

/**
 * Actions AWS offers on every resource only (no resource-level permissions) that CDK adds to a
 * function's role itself, with why the role needs them.
 */
const RESOURCE_WIDE: Record<string, string> = {
  "xray:PutTraceSegments": "Active tracing: X-Ray's trace writes support no resource-level permissions (AWS's AWSXRayDaemonWriteAccess grants them on *).",
  "xray:PutTelemetryRecords": "Active tracing: X-Ray's trace writes support no resource-level permissions (AWS's AWSXRayDaemonWriteAccess grants them on *).",
};

/** Token placeholders in a synthesized string; cdk-nag renders each as `<LogicalId.Attribute>` or `<AWS::Pseudo>`. */
const TOKEN = /\$\{Token\[[^\]]+\]\}/;
const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

/** The cdk-nag finding id (`Resource::…`) a resource pattern produces, as a regex that matches it alone. */
const findingOf = (resource: string) => `/^Resource::${resource.split(TOKEN).map(escapeRegex).join("<[^>]+>")}$/`;

/**
 * A service role (a Lambda function's, S3 replication's) whose statements, including those CDK
 * and SST add (tracing, event sources), go into one customer-managed policy of its own instead of
 * an inline one, and that has no AWS managed policy: a function logs to its own log group
 * (permissions.ts), not to every log group as AWSLambdaBasicExecutionRole allows. A statement
 * with a wildcard resource must say why (permissions.ts `because`); the reason goes to the
 * security checks on this role's policy, for that resource alone. Wildcard actions are refused.
 */
export class ManagedPolicyRole extends Role {
  readonly policy: ManagedPolicy;

  constructor(scope: Construct, id: string, { service = "lambda.amazonaws.com", description }: { service?: string; description: string }) {
    super(scope, id, { assumedBy: new ServicePrincipal(service), description });
    this.policy = new ManagedPolicy(this, "Policy", { roles: [this], description });
  }

  override addToPrincipalPolicy(statement: PolicyStatement): AddToPrincipalPolicyResult {
    // `sst dev` swaps every function for its live-Lambda stub, whose own grants (iot:*, s3:* on
    // SST's bootstrap bucket) SST adds; the checks are for what deploys, not for a dev stage.
    if ((this.node.root as { mode?: string }).mode === "dev") {
      this.policy.addStatements(statement);
      return { statementAdded: true, policyDependable: this.policy };
    }
    const wildActions = statement.actions.filter((action) => action.includes("*"));
    if (wildActions.length) throw new Error(`${this.node.path}: name the actions instead of ${wildActions.join(", ")}`);
    const wildResources = statement.resources.filter((resource) => resource.includes("*"));
    if (wildResources.length) {
      const reason = wildcardReason(statement) ?? statement.actions.map((action) => RESOURCE_WIDE[action]).reduce((a, b) => (a === b ? a : undefined));
      if (!reason) throw new Error(`${this.node.path}: ${statement.actions.join(", ")} on ${wildResources.join(", ")} needs a reason (permissions.ts)`);
      NagSuppressions.addResourceSuppressions(this.policy, [{ id: "AwsSolutions-IAM5", reason, appliesTo: wildResources.map((r) => ({ regex: findingOf(r) })) }]);
    }
    this.policy.addStatements(statement);
    return { statementAdded: true, policyDependable: this.policy };
  }
}
