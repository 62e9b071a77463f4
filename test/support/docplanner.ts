import { randomBytes } from "node:crypto";
import type { AnyOperation } from "@switchboard/core/catalogue";
import { addConnection } from "@switchboard/core/connection-registry";
import { docplannerCatalogue } from "@switchboard/core/vendors/docplanner/catalogue";
import type { LocalStack } from "@switchboard/local/stack";
import type { DocplannerSimAccount } from "@switchboard/simulators/docplanner/index";

/** A Docplanner account on the local stack's simulator and our connection to it. */
export async function addDocplannerConnection(
  stack: LocalStack,
  opts: { connectionId: string; tenantId: string; account?: Partial<DocplannerSimAccount>; config?: Record<string, unknown> },
) {
  const account: DocplannerSimAccount = {
    clientId: `dp-${opts.connectionId}-${randomBytes(3).toString("hex")}`,
    clientSecret: randomBytes(18).toString("base64url"),
    ...opts.account,
  };
  const sim = stack.simulators.docplanner;
  sim.addAccount(account);
  const windows = {
    ...(account.readsPerWindow !== undefined && { readsPerHour: account.readsPerWindow }),
    ...(account.writesPerWindow !== undefined && { writesPerMinute: account.writesPerWindow }),
    ...(account.readWindowMs !== undefined && { readWindowSeconds: account.readWindowMs / 1000 }),
    ...(account.writeWindowMs !== undefined && { writeWindowSeconds: account.writeWindowMs / 1000 }),
  };
  const connection = await addConnection(stack.deps, {
    vendor: "docplanner",
    connectionId: opts.connectionId,
    tenantId: opts.tenantId,
    config: { locale: "pl", baseUrl: sim.url, notifications: account.notifications ?? "pull", ...windows, ...opts.config },
    secrets: { clientId: account.clientId, clientSecret: account.clientSecret },
  });
  const secrets = await stack.deps.credentials.get(connection.secretRef);
  const pushUrl = stack.webhookUrl("/webhooks/docplanner/{connectionId}/{pushToken}", { connectionId: opts.connectionId, pushToken: secrets.pushToken! });
  if (account.notifications === "push") sim.setPushUrl(account.clientId, pushUrl, "push");
  return { account, connection, pushUrl, ids: sim.ids(account.clientId) };
}

export const docplannerOp = (name: string): AnyOperation => {
  const op = docplannerCatalogue.find((o) => o.name === name);
  if (!op) throw new Error(`no Docplanner operation ${name}`);
  return op;
};

/**
 * Our route for a Docplanner operation and an input in its catalogue shape: path parameters in
 * the URL, the operation's query fields (and `all`) in the query string, `body` as the JSON body.
 */
export function routeFor(op: AnyOperation, connectionId: string, input: Record<string, unknown>): { method: string; path: string; body?: unknown } {
  const path = op.route.path.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(String(input[name])));
  const query = new URLSearchParams();
  for (const name of [...(op.request.query ?? []), ...(op.pagination ? ["all"] : [])]) {
    const value = input[name];
    if (value !== undefined) query.set(name, Array.isArray(value) ? value.join(",") : String(value));
  }
  const qs = query.toString();
  return { method: op.route.method, path: `/v1/docplanner/${connectionId}${path}${qs ? `?${qs}` : ""}`, ...(input.body !== undefined && { body: input.body }) };
}

/** `2026-12-02T09:00:00+01:00`: an instant at Docplanner's +01:00, whole seconds. */
export function at(ms: number): string {
  const local = new Date(ms + 3_600_000).toISOString().slice(0, 19);
  return `${local}+01:00`;
}
