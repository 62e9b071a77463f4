import type { SynthesizedStack } from "./synth";

/** Just enough of a CloudFormation template to walk it. */
export interface CfnResource {
  Type: string;
  Properties?: Record<string, any>;
  DeletionPolicy?: string;
}

export interface CfnTemplate {
  Resources: Record<string, CfnResource>;
  Outputs?: Record<string, { Value: unknown; Export?: { Name: string } }>;
}

export interface Located<T = CfnResource> {
  stack: SynthesizedStack;
  id: string;
  resource: T;
}

export function resourcesOf(stacks: SynthesizedStack | SynthesizedStack[], type: string): Located[] {
  return [stacks]
    .flat()
    .flatMap((stack) => Object.entries(stack.template.Resources).map(([id, resource]) => ({ stack, id, resource })))
    .filter((r) => r.resource.Type === type);
}

export function resourceCount(stack: SynthesizedStack): number {
  return Object.keys(stack.template.Resources).length;
}

/** The logical id a `Ref` or `Fn::GetAtt` points at, if the value is one. */
export function referencedId(value: unknown): string | undefined {
  const v = value as { Ref?: string; "Fn::GetAtt"?: [string, string] } | undefined;
  return v?.Ref ?? v?.["Fn::GetAtt"]?.[0];
}

const PSEUDO: Record<string, string> = { "AWS::Partition": "aws", "AWS::URLSuffix": "amazonaws.com" };
const NAME_PROPERTIES = ["QueueName", "TableName", "Name", "BucketName", "FunctionName", "TopicName", "LogGroupName"];

/**
 * Renders intrinsic functions to readable strings, following cross-stack imports to the exporting
 * stack, so a policy resource reads `switchboard-test-mocdoc.fifo#Arn` instead of an ImportValue.
 * A `Ref` renders as the resource's physical name, a `GetAtt` as `name#Attribute`.
 */
export class Resolver {
  private readonly exports = new Map<string, { stack: SynthesizedStack; value: unknown }>();

  constructor(private readonly stacks: SynthesizedStack[]) {
    for (const stack of stacks) {
      for (const output of Object.values(stack.template.Outputs ?? {})) {
        if (output.Export) this.exports.set(output.Export.Name, { stack, value: output.Value });
      }
    }
  }

  render(value: unknown, stack: SynthesizedStack): string {
    if (typeof value === "string" || typeof value === "number") return String(value);
    const v = value as Record<string, any>;
    if ("Fn::Join" in v) {
      const [separator, parts] = v["Fn::Join"] as [string, unknown[]];
      return parts.map((part) => this.render(part, stack)).join(separator);
    }
    if ("Fn::ImportValue" in v) {
      const exported = this.exports.get(this.render(v["Fn::ImportValue"], stack));
      if (!exported) throw new Error(`No stack exports ${JSON.stringify(v["Fn::ImportValue"])}`);
      return this.render(exported.value, exported.stack);
    }
    if ("Ref" in v) return PSEUDO[v.Ref] ?? this.nameOf(stack, v.Ref);
    if ("Fn::GetAtt" in v) {
      const [id, attribute] = v["Fn::GetAtt"] as [string, string];
      return `${this.nameOf(stack, id)}#${attribute}`;
    }
    throw new Error(`Cannot render ${JSON.stringify(value)}`);
  }

  private nameOf(stack: SynthesizedStack, id: string): string {
    const properties = stack.template.Resources[id]?.Properties ?? {};
    const name = NAME_PROPERTIES.map((p) => properties[p]).find((n) => typeof n === "string");
    return name ?? id;
  }
}

/**
 * Each SST function's handler, by logical id, from the `SSTMetadata` output SST writes into every
 * stack (the same record `sst bind` and the console read). The template itself only carries the
 * placeholder handler of an unbuilt function.
 */
export function handlersOf(stack: SynthesizedStack): Map<string, string> {
  const value = stack.template.Outputs?.SSTMetadata?.Value as { "Fn::Join": [string, unknown[]] } | string | undefined;
  if (value === undefined) throw new Error(`${stack.stackName} has no SSTMetadata output`);
  // Tokens inside the JSON become `@LogicalId`, enough to tie a function entry to its resource.
  const json = typeof value === "string" ? value : value["Fn::Join"][1].map((part) => (typeof part === "string" ? part : `@${referencedId(part) ?? "?"}`)).join("");
  const metadata = JSON.parse(json) as { metadata: { type: string; data: { arn: string; handler?: string } }[] };
  return new Map(
    metadata.metadata
      .filter((m) => m.type === "Function" && m.data.handler)
      .map((m) => [m.data.arn.replace(/^@/, ""), m.data.handler as string]),
  );
}

export const asArray = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
