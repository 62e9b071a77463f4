import { randomBytes } from "node:crypto";
import type { AnyOperation } from "@switchboard/core/catalogue";
import { addConnection } from "@switchboard/core/connection-registry";
import { healthdockCatalogue } from "@switchboard/core/vendors/healthdock/catalogue";
import type { LocalStack } from "@switchboard/local/stack";
import type { HealthdockSimAccount } from "@switchboard/simulators/healthdock/index";

export const CALLBACK_PATH = "/v1/healthdock/oauth/callback";

/**
 * A HealthDock account on the local stack's simulator and our connection to it: by API key, or
 * with `oauth: true` a third-party connection authorized through the OAuth flow (the account gets
 * an OAuth client whose redirect URI is our callback).
 */
export async function addHealthdockConnection(
  stack: LocalStack,
  opts: { connectionId: string; tenantId: string; account?: Partial<HealthdockSimAccount>; config?: Record<string, unknown>; oauth?: { accessTokenTtlSeconds?: number } },
) {
  const sim = stack.simulators.healthdock;
  const redirectUri = `${stack.apiUrl}${CALLBACK_PATH}`;
  const client = { clientId: `client-${opts.connectionId}-${randomBytes(3).toString("hex")}`, clientSecret: randomBytes(18).toString("base64url") };
  const account: HealthdockSimAccount = {
    id: `hd-${opts.connectionId}-${randomBytes(3).toString("hex")}`,
    apiKey: opts.oauth ? undefined : `hd_${randomBytes(12).toString("hex")}`,
    webhookSecret: randomBytes(18).toString("base64url"),
    ...(opts.oauth && { oauth: { ...client, redirectUri, accessTokenTtlSeconds: opts.oauth.accessTokenTtlSeconds } }),
    ...opts.account,
  };
  sim.addAccount(account);
  const oauthConfig = opts.oauth
    ? { auth: "oauth", oauthAuthorizeUrl: `${sim.url}/oauth/authorize`, oauthTokenUrl: `${sim.url}/oauth/token`, oauthClientId: client.clientId, oauthRedirectUri: redirectUri, oauthScope: "patients appointments" }
    : {};
  const connection = await addConnection(stack.deps, {
    vendor: "healthdock",
    connectionId: opts.connectionId,
    tenantId: opts.tenantId,
    config: { baseUrl: sim.url, ...oauthConfig, ...opts.config },
    secrets: { ...(account.apiKey && { apiKey: account.apiKey }), webhookSecret: account.webhookSecret, ...(opts.oauth && { oauthClientSecret: client.clientSecret }) },
  });
  const webhookUrl = stack.webhookUrl("/webhooks/healthdock/{connectionId}", { connectionId: opts.connectionId });
  return { account, connection, webhookUrl, client };
}

export const healthdockOp = (name: string): AnyOperation => {
  const op = healthdockCatalogue.find((o) => o.name === name);
  if (!op) throw new Error(`no HealthDock operation ${name}`);
  return op;
};
