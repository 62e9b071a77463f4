import { createHash } from "node:crypto";

/**
 * Names the stacks choose themselves (the ones shared with the runtime and the CLI live in
 * packages/core/src/naming.ts). Function names follow the local stack's
 * `switchboard-{stage}-{vendor}-{operation}`, so logs and metrics read the same everywhere.
 */
const LAMBDA_NAME_MAX = 64;

/** `switchboard-{stage}-{parts}`, the shape of every name in naming.ts. */
export const platformName = (stage: string, ...parts: string[]) => ["switchboard", stage, ...parts].join("-");

export function lambdaName(stage: string, ...parts: string[]): string {
  const name = platformName(stage, ...parts);
  if (name.length <= LAMBDA_NAME_MAX) return name;
  // Long operation names would break the deploy; a short hash keeps the truncated name unique.
  const hash = createHash("sha256").update(name).digest("hex").slice(0, 8);
  return `${name.slice(0, LAMBDA_NAME_MAX - hash.length - 1)}-${hash}`;
}

export const lambdaLogGroupName = (functionName: string) => `/aws/lambda/${functionName}`;

/** `handler` for SST: the entry file relative to the repository root, without `.ts`, plus the export. */
export const handlerOf = (entryPath: string) => `packages/functions/src/${entryPath.replace(/\.ts$/, "")}.handler`;

/** A CloudFormation-safe PascalCase id for a vendor id such as `teladoc-solo`. */
export const pascalCase = (id: string) =>
  id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join("");
