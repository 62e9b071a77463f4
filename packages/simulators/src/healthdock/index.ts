import { FaultInjector } from "../faults";
import { startSimServer, type RecordedRequest } from "../server";
import { newAccountState, type HealthdockAccountState, type HealthdockSimAccount } from "./accounts";
import { authorize, newOAuthTokens, token } from "./oauth";
import { hdError, serveApi } from "./routes";
import { deliver, signedDelivery } from "./webhooks";

export type { HealthdockSimAccount } from "./accounts";

/**
 * HealthDock simulator: the API under `{url}/v1` (routes.ts), OAuth at `{url}/oauth/authorize`
 * and `{url}/oauth/token` (oauth.ts), signed webhooks to the account's URL (webhooks.ts): one
 * `patient.created` or `appointment.created` per record created, or any event on demand.
 */
export interface HealthdockSimulator {
  url: string;
  port: number;
  faults: FaultInjector;
  requests: RecordedRequest[];
  addAccount(a: HealthdockSimAccount): void;
  setWebhook(accountId: string, webhook: Pick<HealthdockSimAccount, "webhookUrl" | "webhookSignature" | "webhookSignatureHeader">): void;
  /** Delivers an event to the account's webhook URL; resolves with our answer's status. */
  emit(accountId: string, event: string, data: Record<string, unknown>): Promise<number | undefined>;
  /** The delivery `emit` would send, without sending it. */
  delivery(accountId: string, event: string, data: Record<string, unknown>, timestamp: string): { body: string; headers: Record<string, string> };
  /** Webhook deliveries made so far, with our answers. */
  deliveries(accountId: string): { event: string; status: number | undefined }[];
  /** OAuth grants by type (authorization_code, refresh_token), and 429s answered. */
  stats(): { grants: Record<string, number>; rateLimited: number };
  /** Makes every access token issued so far expire now. */
  expireAccessTokens(): void;
  setConsent(accountId: string, consent: "approve" | "deny"): void;
  stop(): Promise<void>;
}

export async function startHealthdockSimulator(options: { port?: number; accounts: HealthdockSimAccount[]; now?: () => number }): Promise<HealthdockSimulator> {
  const now = options.now ?? Date.now;
  const accounts = new Map<string, HealthdockAccountState>();
  const tokens = newOAuthTokens();
  const stopping = new AbortController();
  const pending = new Set<Promise<unknown>>();
  const state = (id: string) => {
    const found = accounts.get(id);
    if (!found) throw new Error(`unknown HealthDock simulator account ${id}`);
    return found;
  };
  const addAccount = (a: HealthdockSimAccount) => {
    if (accounts.has(a.id)) throw new Error(`duplicate HealthDock simulator account ${a.id}`);
    accounts.set(a.id, newAccountState(a));
  };
  options.accounts.forEach(addAccount);
  const send = (s: HealthdockAccountState, event: string, data: Record<string, unknown>) => {
    const delivery = deliver(s, event, data, now(), stopping.signal);
    pending.add(delivery);
    void delivery.finally(() => pending.delete(delivery));
    return delivery;
  };
  const faults = new FaultInjector();
  const requests: RecordedRequest[] = [];
  const server = await startSimServer({
    port: options.port,
    faults,
    requests,
    now,
    errorBody: (status, message) => hdError(status, status === 429 ? "RATE_LIMIT_EXCEEDED" : "SERVER_ERROR", message).body,
    handle: (req) => {
      if (req.path === "/oauth/authorize" && (req.method === "GET" || req.method === "POST")) return authorize(req, accounts.values(), tokens, now());
      if (req.path === "/oauth/token" && req.method === "POST") return token(req, accounts, tokens, now());
      return serveApi(req, accounts, tokens, now(), { created: (s, event, data) => void (s.account.webhookUrl && send(s, event, data)) });
    },
  });
  return {
    url: server.url,
    port: server.port,
    faults,
    requests,
    addAccount,
    setWebhook: (id, webhook) => Object.assign(state(id).account, webhook),
    emit: (id, event, data) => send(state(id), event, data),
    delivery: (id, event, data, timestamp) => signedDelivery(state(id), event, data, timestamp),
    deliveries: (id) => [...state(id).deliveries],
    stats: () => ({ grants: { ...tokens.grants }, rateLimited: [...accounts.values()].reduce((n, s) => n + s.rateLimited, 0) }),
    expireAccessTokens: () => {
      for (const issued of tokens.access.values()) issued.expiresAt = now();
    },
    setConsent: (id, consent) => {
      const oauth = state(id).account.oauth;
      if (!oauth) throw new Error(`HealthDock simulator account ${id} has no OAuth client`);
      oauth.consent = consent;
    },
    stop: async () => {
      stopping.abort();
      await Promise.allSettled([...pending]);
      await server.stop();
    },
  };
}
