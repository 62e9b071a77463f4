import type { VendorExtras } from "../../schedules";
import { healthdockOAuthCallback, healthdockOAuthStart } from "./oauth";
import { healthdockWebhook } from "./webhooks";

export const healthdockExtras: VendorExtras = {
  schedules: [],
  webhooks: [
    {
      name: "healthdock.events",
      description: "HealthDock's signed event deliveries (patient.created, …)",
      module: "vendors/healthdock/webhooks",
      export: "healthdockWebhook",
      receiver: healthdockWebhook,
    },
  ],
  routes: [
    {
      name: "healthdock.oauth-start",
      description: "Starts a third-party connection's OAuth authorization: redirects to HealthDock's authorize URL",
      method: "GET",
      path: "/v1/healthdock/oauth/start",
      auth: "jwt",
      access: { secrets: "read", callsVendor: false },
      module: "vendors/healthdock/oauth",
      export: "healthdockOAuthStart",
      handle: healthdockOAuthStart,
    },
    {
      name: "healthdock.oauth-callback",
      description: "HealthDock's redirect back with the authorization code: verifies the state, exchanges the code, stores the tokens",
      method: "GET",
      path: "/v1/healthdock/oauth/callback",
      auth: "public",
      access: { secrets: "update", callsVendor: true },
      module: "vendors/healthdock/oauth",
      export: "healthdockOAuthCallback",
      handle: healthdockOAuthCallback,
    },
  ],
};
