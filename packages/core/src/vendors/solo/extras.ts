import type { VendorExtras } from "../../schedules";
import { soloWebhook } from "./webhooks/receiver";

export const soloExtras: VendorExtras = {
  schedules: [],
  webhooks: [
    {
      name: "solo.events",
      description: "Solo's encrypted webhook deliveries (patient, appointment and episode events)",
      module: "vendors/solo/webhooks/receiver",
      export: "soloWebhook",
      receiver: soloWebhook,
    },
  ],
};
