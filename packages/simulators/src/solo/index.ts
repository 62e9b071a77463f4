import { timingSafeEqual } from "node:crypto";
import { FaultInjector } from "../faults";
import { startSimServer, type RecordedRequest, type SimReply, type SimRequest } from "../server";
import { WebhookDispatcher, type Delivery } from "./deliveries";
import { matchSoloRoute } from "./routes";
import { fail } from "./rules";
import { SoloAccountState, type SoloSimAccount } from "./state";

/**
 * Teladoc Health Solo simulator: every path of ../shared/vendor-docs/teladoc-solo-api.txt under
 * /qapi/v1, the `Api-Key` check, the documented rules in Solo's error envelopes (400/403/404/422),
 * attachments kept byte for byte, CSV and zip reports as octet-stream bytes, encounter reports
 * pending for a while, and webhooks that answer an `encryptionKey` and then deliver encrypted events
 * to the registered endpoint. Each API key is one tenant.
 */
export type { SoloSimAccount } from "./state";
export type { Delivery } from "./deliveries";

export interface SoloSimulatorOptions {
  port?: number;
  accounts: SoloSimAccount[];
  now?: () => number;
}

export interface SoloSimulator {
  url: string;
  port: number;
  faults: FaultInjector;
  requests: RecordedRequest[];
  deliveries: Delivery[];
  addAccount(account: SoloSimAccount): void;
  /** The tenant's state, for tests that check what arrived (attachments' bytes, stored patients). */
  state(apiKey: string): SoloAccountState;
  /** Sends an event to the tenant's webhooks, as Solo does when something happens in its UI. */
  emit(apiKey: string, event: string, data: Record<string, unknown>): void;
  /** Waits for every webhook delivery under way. */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

const PREFIX = "/qapi/v1";

export async function startSoloSimulator(options: SoloSimulatorOptions): Promise<SoloSimulator> {
  const now = options.now ?? Date.now;
  const faults = new FaultInjector();
  const requests: RecordedRequest[] = [];
  const tenants = new Map<string, SoloAccountState>();
  const hooks = new WebhookDispatcher();
  const addAccount = (account: SoloSimAccount) => {
    if (tenants.has(account.apiKey)) throw new Error("duplicate Solo simulator apiKey");
    tenants.set(account.apiKey, new SoloAccountState(account));
  };
  options.accounts.forEach(addAccount);

  const authenticate = (req: SimRequest): SoloAccountState | undefined => {
    const given = Buffer.from(String(req.headers["api-key"] ?? ""));
    for (const [key, state] of tenants) {
      const expected = Buffer.from(key);
      if (expected.length === given.length && timingSafeEqual(expected, given)) return state;
    }
    return undefined;
  };

  let baseUrl = "";
  const handle = (req: SimRequest): SimReply => {
    if (!req.path.startsWith(`${PREFIX}/`)) return fail(404, "Not Found");
    const matched = matchSoloRoute(req.method, req.path.slice(PREFIX.length));
    if (!matched) return fail(404, "Not Found");
    const state = authenticate(req);
    if (!state) return fail(403, "Invalid API key");
    const isJson = req.body.length > 0 && String(req.headers["content-type"] ?? "").startsWith("application/json");
    let body: Record<string, unknown> = {};
    if (isJson) {
      try {
        body = JSON.parse(req.body.toString("utf8")) as Record<string, unknown>;
      } catch {
        return fail(400, "Malformed JSON");
      }
    }
    return matched.handler({ req, params: matched.params, state, hooks, baseUrl, now }, body ?? {});
  };

  const admin = (req: SimRequest): SimReply | undefined => {
    if (req.method !== "POST" || req.path !== "/__sim/events") return undefined;
    const { apiKey, event, data } = JSON.parse(req.body.toString("utf8")) as { apiKey: string; event: string; data: Record<string, unknown> };
    const state = tenants.get(apiKey);
    if (!state) return { status: 404, body: { error: "unknown apiKey" } };
    hooks.emit(state, event, data);
    return { status: 202, body: { emitted: event } };
  };

  const server = await startSimServer({
    port: options.port,
    faults,
    requests,
    now,
    errorBody: (_status, message) => ({ message }),
    handle,
    admin,
  });
  baseUrl = server.url;
  const state = (apiKey: string) => {
    const found = tenants.get(apiKey);
    if (!found) throw new Error("unknown Solo simulator apiKey");
    return found;
  };
  return {
    url: server.url,
    port: server.port,
    faults,
    requests,
    deliveries: hooks.deliveries,
    addAccount,
    state,
    emit: (apiKey, event, data) => hooks.emit(state(apiKey), event, data),
    settled: () => hooks.settled(),
    stop: server.stop,
  };
}
