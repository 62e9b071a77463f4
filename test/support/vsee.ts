import { randomBytes } from "node:crypto";
import type { AnyOperation } from "@switchboard/core/catalogue";
import { addConnection } from "@switchboard/core/connection-registry";
import { vseeCatalogue } from "@switchboard/core/vendors/vsee/catalogue";
import { issueToken } from "@switchboard/local/dev-auth";
import type { LocalStack } from "@switchboard/local/stack";
import { parseBody } from "@switchboard/simulators/form-body";
import type { RecordedRequest } from "@switchboard/simulators/server";
import type { VseeSimAccount } from "@switchboard/simulators/vsee/index";

/** A VSee account on the local stack's simulator and our connection to it. */
export async function addVseeConnection(stack: LocalStack, opts: { connectionId: string; tenantId: string; account?: Partial<VseeSimAccount>; config?: Record<string, unknown> }) {
  const account: VseeSimAccount = {
    accountCode: `acct-${opts.connectionId}-${randomBytes(3).toString("hex")}`,
    apiToken: randomBytes(16).toString("hex"),
    apiKey: randomBytes(16).toString("hex"),
    ...opts.account,
  };
  const sim = stack.simulators.vsee;
  sim.addAccount(account);
  const connection = await addConnection(stack.deps, {
    vendor: "vsee",
    connectionId: opts.connectionId,
    tenantId: opts.tenantId,
    config: { baseUrl: sim.apiUrl, accountCode: account.accountCode, ...opts.config },
    secrets: { apiToken: account.apiToken, apiKey: account.apiKey },
  });
  return { account, connection };
}

export const vseeOp = (name: string): AnyOperation => {
  const op = vseeCatalogue.find((o) => o.name === name);
  if (!op) throw new Error(`no VSee operation ${name}`);
  return op;
};

/** Our route for an operation and an input: path parameters in the URL, the rest in the query (GET, DELETE) or the JSON body. */
export function routeFor(op: AnyOperation, vendor: string, connectionId: string, input: Record<string, unknown>): { method: string; path: string; body?: unknown } {
  const params = [...op.route.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  const path = op.route.path.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(String(input[name])));
  const rest = Object.fromEntries(Object.entries(input).filter(([k, v]) => !params.includes(k) && v !== undefined));
  const base = `/v1/${vendor}/${connectionId}${path}`;
  if (op.route.method === "GET" || op.route.method === "DELETE") {
    const qs = new URLSearchParams(Object.entries(rest).map(([k, v]): [string, string] => [k, String(v)])).toString();
    return { method: op.route.method, path: qs ? `${base}?${qs}` : base };
  }
  return { method: op.route.method, path: base, body: rest };
}

/** Tokens: an app user's (acting as its `sub`), and a back-office service's (which may name users). */
export const userToken = (stack: LocalStack, tenant: string, sub: string) => issueToken(stack.auth, tenant, { subject: sub });
export const serviceToken = (stack: LocalStack, tenant: string) => issueToken(stack.auth, tenant, { subject: "backoffice-client", scope: "switchboard/act-as-user" });

/** A recorded vendor request's body as the vendor parses it, by its media type. */
export async function bodyOf(request: RecordedRequest) {
  return parseBody({ method: request.method, path: request.path, query: new URLSearchParams(request.query), headers: request.headers, body: Buffer.from(request.body), receivedAt: request.receivedAt });
}
