import { randomBytes } from "node:crypto";
import type { LocalVendor } from "../local-vendor";
import { startDocplannerSimulator, type DocplannerSimAccount, type DocplannerSimulator } from "./index";

/** The demo connection pulls its notifications, as a new Docplanner client does by default. */
export const docplannerLocal = {
  vendor: "docplanner" as const,
  defaultPort: 4102,
  newSandboxAccount: (): DocplannerSimAccount => ({
    clientId: `dp-${randomBytes(6).toString("hex")}`,
    clientSecret: randomBytes(24).toString("base64url"),
    notifications: "pull",
  }),
  start: (port, account) => startDocplannerSimulator({ port, accounts: [account] }),
  demoConnection: (sim, a) => ({
    connectionId: "demo-docplanner",
    config: { locale: "pl", baseUrl: sim.url, notifications: a.notifications ?? "pull" },
    secrets: { clientId: a.clientId, clientSecret: a.clientSecret },
  }),
  // A push-mode sandbox account is given the demo connection's push URL, as Docplanner would be.
  connectToApi: (sim, a, webhookUrl, secrets) => {
    if (a.notifications === "push" && secrets.pushToken) {
      sim.setPushUrl(a.clientId, webhookUrl("/webhooks/docplanner/{connectionId}/{pushToken}", { connectionId: "demo-docplanner", pushToken: secrets.pushToken }), "push");
    }
  },
} satisfies LocalVendor<DocplannerSimAccount, DocplannerSimulator>;
