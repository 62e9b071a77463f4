import { expect } from "vitest";
import { describeErrors, docplannerContract } from "./contract";
import type { DocplannerSimAccount, DocplannerSimulator } from "./index";
import { API_BASE } from "./links";
import { ERROR_TYPE } from "./replies";

/**
 * For tests: calls the simulator by the contract's operationId and checks every answer against the
 * contract (status declared for the operation, media type, body schema, no body where none is
 * declared, pulled notifications against their callback schemas). Statuses the contract leaves to
 * the general rules (400, 401, 405, 415, 429, 5xx) must carry the Error schema.
 */
const GENERAL_ERRORS = new Set([400, 401, 404, 405, 415, 429, 500, 502, 503, 504]);

export interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

export interface CallOptions {
  params?: Record<string, string>;
  query?: Record<string, string | number>;
  body?: unknown;
  /** Sent verbatim instead of `body` (e.g. invalid JSON). */
  rawBody?: string;
  token?: string;
  headers?: Record<string, string>;
}

const contract = docplannerContract();
/** "operationId status" of every checked answer, for coverage assertions. */
export const seen = new Set<string>();

export function expectCallback(notification: { name: string }): void {
  const validate = contract.callback(notification.name);
  expect(validate(notification), `${notification.name}: ${describeErrors(validate.errors).join("; ")}`).toBe(true);
}

export function expectContractAnswer(operationId: string, answer: { status: number; headers: Headers; text: string }): any {
  seen.add(`${operationId} ${answer.status}`);
  // The limiter's 429 (an Error body, Remaining 0) is not the operation's own 429 (releaseNotifications').
  const limited = answer.status === 429 && answer.headers.get("x-ratelimit-remaining") === "0";
  const declared = limited ? undefined : contract.response(operationId, answer.status);
  const type = answer.headers.get("content-type");
  if (declared && declared.validate === undefined) {
    expect(answer.text, `${operationId} ${answer.status} has no body in the contract`).toBe("");
    return undefined;
  }
  const body = JSON.parse(answer.text);
  if (declared) {
    expect(type).toBe(declared.contentType);
    expect(declared.validate!(body), `${operationId} ${answer.status}: ${describeErrors(declared.validate!.errors).join("; ")}`).toBe(true);
  } else {
    expect(GENERAL_ERRORS.has(answer.status), `${operationId} answered ${answer.status}, which the contract does not declare`).toBe(true);
    expect(type).toBe(ERROR_TYPE);
    const error = contract.error();
    expect(error(body), `${operationId} ${answer.status}: ${describeErrors(error.errors).join("; ")}`).toBe(true);
  }
  if (answer.status === 200 && operationId === "Pull Notification") expectCallback(body);
  if (answer.status === 200 && operationId === "Pull Multiple Notification") body.notifications.forEach(expectCallback);
  return body;
}

export async function requestToken(sim: DocplannerSimulator, account: Pick<DocplannerSimAccount, "clientId" | "clientSecret">, body = "grant_type=client_credentials&scope=integration") {
  const res = await fetch(`${sim.url}/oauth/v2/token`, {
    method: "POST",
    headers: { Authorization: `Basic ${Buffer.from(`${account.clientId}:${account.clientSecret}`).toString("base64")}`, "Content-Type": "application/x-www-form-urlencoded" },
    body,
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

export class ContractClient {
  private token: string | undefined;

  constructor(
    private readonly sim: DocplannerSimulator,
    private readonly account: Pick<DocplannerSimAccount, "clientId" | "clientSecret">,
  ) {}

  async accessToken(): Promise<string> {
    this.token ??= String((await requestToken(this.sim, this.account)).body.access_token);
    return this.token;
  }

  url(operationId: string, params: Record<string, string> = {}, query: Record<string, string | number> = {}): string {
    const op = contract.operation(operationId);
    const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
      const value = params[name];
      if (value === undefined) throw new Error(`${operationId} needs ${name}`);
      return encodeURIComponent(value);
    });
    const search = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString();
    return `${this.sim.url}${API_BASE}${path}${search ? `?${search}` : ""}`;
  }

  /** With its own token, a 401 (expired on the simulator clock) fetches a new one and retries once. */
  async call(operationId: string, options: CallOptions = {}): Promise<Answer> {
    const answer = await this.send(operationId, options);
    if (answer.status !== 401 || options.token !== undefined) return answer;
    this.token = undefined;
    return this.send(operationId, options);
  }

  private async send(operationId: string, options: CallOptions): Promise<Answer> {
    const op = contract.operation(operationId);
    const token = options.token ?? (await this.accessToken());
    const payload = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    const res = await fetch(this.url(operationId, options.params, options.query), {
      method: op.method,
      headers: { Authorization: `Bearer ${token}`, ...(payload === undefined ? {} : { "Content-Type": "application/json" }), ...options.headers },
      body: payload,
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: expectContractAnswer(operationId, { status: res.status, headers: res.headers, text }) };
  }
}
