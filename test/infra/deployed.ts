import { asArray, handlersOf, referencedId, resourcesOf, type CfnResource, type Resolver } from "./cfn";
import type { Grants } from "./expectations";
import type { SynthesizedStack } from "./synth";

/** What the synthesized templates would deploy, read back into shapes the tests compare. */
export interface DeployedFunction {
  stack: SynthesizedStack;
  id: string;
  resource: CfnResource;
  handler: string;
}

export interface DeployedRoute {
  stack: SynthesizedStack;
  key: string;
  authorization: string;
  handler: string | undefined;
}

/** SST functions (those with a handler in SST's metadata) and every other Lambda function. */
export function deployedFunctions(stacks: SynthesizedStack[]): { functions: DeployedFunction[]; others: { stack: string; id: string }[] } {
  const functions: DeployedFunction[] = [];
  const others: { stack: string; id: string }[] = [];
  for (const stack of stacks) {
    const handlers = handlersOf(stack);
    for (const { id, resource } of resourcesOf(stack, "AWS::Lambda::Function")) {
      const handler = handlers.get(id);
      if (handler) functions.push({ stack, id, resource, handler });
      else others.push({ stack: stack.id, id });
    }
  }
  return { functions, others };
}

/** Every route, followed through its integration to the handler of the function it invokes. */
export function deployedRoutes(stacks: SynthesizedStack[], functions: DeployedFunction[]): DeployedRoute[] {
  return resourcesOf(stacks, "AWS::ApiGatewayV2::Route").map(({ stack, resource }) => {
    const props = resource.Properties!;
    const target = props.Target as { "Fn::Join": [string, unknown[]] };
    const integration = stack.template.Resources[referencedId(target["Fn::Join"][1][1]) ?? ""];
    const functionId = referencedId(integration?.Properties?.IntegrationUri);
    return {
      stack,
      key: props.RouteKey as string,
      authorization: props.AuthorizationType as string,
      handler: functions.find((f) => f.stack === stack && f.id === functionId)?.handler,
    };
  });
}

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

type PolicyDocument = { Statement: Statement[] };

/** Every identity policy statement in the stacks (inline, attached or customer-managed), with the roles it applies to. */
function policies(stack: SynthesizedStack): { roles: string[]; document: PolicyDocument; name: string }[] {
  const attached = [...resourcesOf(stack, "AWS::IAM::Policy"), ...resourcesOf(stack, "AWS::IAM::ManagedPolicy")].map(({ id, resource }) => ({
    name: id,
    roles: asArray(resource.Properties!.Roles).map((r) => referencedId(r) ?? String(r)),
    document: resource.Properties!.PolicyDocument as PolicyDocument,
  }));
  const inline = resourcesOf(stack, "AWS::IAM::Role").flatMap(({ id, resource }) =>
    asArray(resource.Properties!.Policies as { PolicyName: string; PolicyDocument: PolicyDocument }[]).map((p) => ({
      name: `${id}/${p.PolicyName}`,
      roles: [id],
      document: p.PolicyDocument,
    })),
  );
  return [...attached, ...inline];
}

/**
 * A function's effective grants (action → sorted rendered resources), and the managed policies
 * its role names by ARN (AWS managed ones: the stacks' own policies attach themselves to the role).
 */
export function grantsOf(fn: DeployedFunction, resolver: Resolver): { grants: Grants; managedPolicies: string[]; denies: number } {
  const role = referencedId(fn.resource.Properties!.Role);
  if (!role) throw new Error(`${fn.stack.id}/${fn.id} has no role of its own stack`);
  const byAction = new Map<string, Set<string>>();
  let denies = 0;
  for (const policy of policies(fn.stack).filter((p) => p.roles.includes(role))) {
    for (const statement of policy.document.Statement) {
      if (statement.Effect !== "Allow") {
        denies++;
        continue;
      }
      const resources = asArray(statement.Resource).map((r) => resolver.render(r, fn.stack));
      for (const action of asArray(statement.Action)) {
        const set = byAction.get(action) ?? new Set<string>();
        resources.forEach((r) => set.add(r));
        byAction.set(action, set);
      }
    }
  }
  const managedPolicies = asArray(fn.stack.template.Resources[role]?.Properties?.ManagedPolicyArns).map((arn) => resolver.render(arn, fn.stack));
  return { grants: Object.fromEntries([...byAction].map(([action, set]) => [action, [...set].sort()])), managedPolicies, denies };
}

/** Every allowed action, anywhere in the stacks, granted on all resources (`*`). */
export function actionsOnEveryResource(stacks: SynthesizedStack[]): { stack: string; policy: string; action: string }[] {
  return stacks.flatMap((stack) =>
    policies(stack).flatMap(({ name, document }) =>
      document.Statement.filter((s) => s.Effect === "Allow" && asArray(s.Resource).includes("*")).flatMap((s) =>
        asArray(s.Action).map((action) => ({ stack: stack.id, policy: name, action })),
      ),
    ),
  );
}
