import { randomBytes } from "node:crypto";
import type { AnyOperation } from "@switchboard/core/catalogue";
import { addConnection } from "@switchboard/core/connection-registry";
import { soloCatalogue } from "@switchboard/core/vendors/solo/catalogue";
import type { LocalStack } from "@switchboard/local/stack";
import type { SoloSimAccount } from "@switchboard/simulators/solo/index";

export const LINK_SECRET = "some secret";

/** A Solo tenant on the local stack's simulator and our connection to it. */
export async function addSoloConnection(
  stack: LocalStack,
  opts: { connectionId: string; tenantId: string; account?: Partial<SoloSimAccount>; secrets?: Record<string, string>; config?: Record<string, unknown> },
) {
  const account: SoloSimAccount = { apiKey: `solo-${opts.connectionId}-${randomBytes(6).toString("hex")}`, teamsAuthToken: randomBytes(12).toString("base64url"), ...opts.account };
  const sim = stack.simulators.solo;
  sim.addAccount(account);
  const connection = await addConnection(stack.deps, {
    vendor: "solo",
    connectionId: opts.connectionId,
    tenantId: opts.tenantId,
    config: { baseUrl: sim.url, requestsPerMinute: 6000, ...opts.config },
    secrets: { apiKey: account.apiKey, ...(account.teamsAuthToken && { teamsAuthToken: account.teamsAuthToken }), linkSecret: LINK_SECRET, ...opts.secrets },
  });
  const webhookUrl = stack.webhookUrl("/webhooks/solo/{connectionId}", { connectionId: opts.connectionId });
  return { account, connection, webhookUrl, state: () => sim.state(account.apiKey) };
}

export const soloOp = (name: string): AnyOperation => {
  const op = soloCatalogue.find((o) => o.name === name);
  if (!op) throw new Error(`no Solo operation ${name}`);
  return op;
};

/** Our route for a Solo operation: path parameters in the URL, the rest in the query (GET, DELETE) or the JSON body. */
export function soloRoute(op: AnyOperation, connectionId: string, input: Record<string, unknown>): { method: string; path: string; body?: unknown } {
  const names = [...op.route.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  const path = op.route.path.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(String(input[name])));
  const rest = Object.fromEntries(Object.entries(input).filter(([k, v]) => !names.includes(k) && v !== undefined));
  const base = `/v1/solo/${connectionId}${path}`;
  if (op.route.method === "GET" || op.route.method === "DELETE") {
    const qs = new URLSearchParams(Object.entries(rest).map(([k, v]): [string, string] => [k, String(v)])).toString();
    return { method: op.route.method, path: qs ? `${base}?${qs}` : base };
  }
  return { method: op.route.method, path: base, body: rest };
}

/** Minimal files of each kind, starting with their magic numbers. */
export const FILES = {
  png: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(200)]),
  pdf: Buffer.concat([Buffer.from("%PDF-1.4\n"), randomBytes(300), Buffer.from("\n%%EOF\n")]),
  jpeg: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(120)]),
};
