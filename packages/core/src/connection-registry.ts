import type { Connection } from "./connections";
import { assertConnectionId, parseConnectionConfig } from "./connections";
import type { Deps } from "./deps";
import { ValidationError } from "./errors";
import { secretName } from "./naming";
import { vendorById } from "./vendors/index";
import * as v from "valibot";
import { issuesOf } from "./validation";

/**
 * Registers a connection: validates its config and secrets against the vendor's schemas, stores
 * the secrets under the stage's secret name and the record in the table. Shared by the CLI and the
 * local stack's demo connections.
 */
export interface NewConnection {
  vendor: string;
  connectionId: string;
  tenantId: string;
  config: Record<string, unknown>;
  secrets: Record<string, string>;
}

export async function addConnection(deps: Deps, input: NewConnection): Promise<Connection> {
  const vendor = vendorById(input.vendor);
  if (!vendor) throw new ValidationError([{ path: "vendor", message: `unknown vendor ${input.vendor}` }]);
  assertConnectionId(input.connectionId);
  if (!input.tenantId) throw new ValidationError([{ path: "tenant", message: "is required" }]);
  parseConnectionConfig(vendor, input.config);
  const secretRef = secretName(deps.config.STAGE, vendor.id, input.connectionId);
  const existing = await deps.connections.get(input.connectionId);
  const given = { ...(await generatedSecrets(deps, vendor.generatedSecrets, existing && secretRef)), ...input.secrets };
  const secrets = v.safeParse(vendor.secretsSchema, given);
  if (!secrets.success) throw new ValidationError(issuesOf(secrets.issues, "secret"), `Invalid ${vendor.title} credentials`);

  await deps.credentials.put(secretRef, given);
  const now = new Date().toISOString();
  const connection: Connection = {
    connectionId: input.connectionId,
    tenantId: input.tenantId,
    vendor: vendor.id,
    config: input.config,
    secretRef,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  };
  await deps.connections.put(connection);
  return connection;
}

/** The vendor's generated secrets: those a connection added before already has, else new ones. */
async function generatedSecrets(deps: Deps, generators: Record<string, () => string> | undefined, existingRef: string | false | undefined): Promise<Record<string, string>> {
  if (!generators) return {};
  const stored = existingRef ? ((await deps.credentials.get(existingRef).catch(() => ({}))) as Record<string, unknown>) : {};
  return Object.fromEntries(Object.entries(generators).map(([name, generate]) => [name, typeof stored[name] === "string" ? (stored[name] as string) : generate()]));
}
