import { randomBytes } from "node:crypto";
import type { LocalVendor } from "../local-vendor";
import { startSoloSimulator, type SoloSimAccount, type SoloSimulator } from "./index";

/**
 * The demo tenant: an API key, a Teams token and a link secret. Its webhooks are registered
 * through the API (solo.createWebhook with the URL `switchboard webhooks url` prints), as with Solo.
 */
export interface SoloSandbox extends SoloSimAccount {
  linkSecret: string;
}

export const soloLocal = {
  vendor: "solo" as const,
  defaultPort: 4103,
  newSandboxAccount: (): SoloSandbox => ({
    apiKey: `solo-${randomBytes(12).toString("hex")}`,
    teamsAuthToken: randomBytes(16).toString("base64url"),
    linkSecret: randomBytes(24).toString("base64url"),
  }),
  start: (port, account) => startSoloSimulator({ port, accounts: [account] }),
  demoConnection: (sim, a) => ({
    connectionId: "demo-solo",
    config: { baseUrl: sim.url },
    secrets: { apiKey: a.apiKey, ...(a.teamsAuthToken && { teamsAuthToken: a.teamsAuthToken }), linkSecret: a.linkSecret },
  }),
} satisfies LocalVendor<SoloSandbox, SoloSimulator>;
