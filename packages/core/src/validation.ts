import * as v from "valibot";
import type { FieldIssue } from "./errors";
import { ValidationError } from "./errors";

/** Valibot issues as `{path, message}` pairs, never echoing the rejected value (it may be patient data). */
export function issuesOf(issues: readonly v.BaseIssue<unknown>[], prefix?: string): FieldIssue[] {
  return issues.map((issue) => {
    const segments = (issue.path ?? []).map((p) => String(p.key));
    const path = [prefix, ...segments].filter(Boolean).join(".") || (prefix ?? "(root)");
    return { path, message: messageOf(issue) };
  });
}

function messageOf(issue: v.BaseIssue<unknown>): string {
  // Custom messages in our schemas describe the rule; valibot's defaults quote the received value.
  if (issue.kind === "validation" && !issue.message.startsWith("Invalid")) return issue.message;
  if (issue.type === "strict_object" && issue.expected === "never") return "is not a known field";
  if (issue.received === "undefined") return "is required";
  return `expected ${issue.expected ?? issue.type}`;
}

export function parseInput<T>(schema: v.GenericSchema<unknown, T>, input: unknown): T {
  const parsed = v.safeParse(schema, input);
  if (!parsed.success) throw new ValidationError(issuesOf(parsed.issues));
  return parsed.output;
}
