import { randomBytes } from "node:crypto";
import type { LocalVendor } from "../local-vendor";
import { startHealthdockSimulator, type HealthdockSimAccount, type HealthdockSimulator } from "./index";

/** The demo connection uses an API key; its webhooks come to the demo connection's route, signed in the docs' body reading. */
export const healthdockLocal = {
  vendor: "healthdock" as const,
  defaultPort: 4105,
  newSandboxAccount: (): HealthdockSimAccount => ({
    id: "demo",
    apiKey: `hd_${randomBytes(16).toString("hex")}`,
    webhookSecret: randomBytes(24).toString("base64url"),
  }),
  start: (port, account) => startHealthdockSimulator({ port, accounts: [account] }),
  demoConnection: (sim, a) => ({
    connectionId: "demo-healthdock",
    config: { baseUrl: sim.url },
    secrets: { apiKey: a.apiKey!, webhookSecret: a.webhookSecret },
  }),
  connectToApi: (sim, a, webhookUrl) => sim.setWebhook(a.id, { webhookUrl: webhookUrl("/webhooks/healthdock/{connectionId}", { connectionId: "demo-healthdock" }) }),
} satisfies LocalVendor<HealthdockSimAccount, HealthdockSimulator>;
