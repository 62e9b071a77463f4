import type { VendorExtras } from "../../schedules";
import { docplannerPush } from "./notifications/push";
import { pullNotificationsTick, releaseNotificationsTick } from "./notifications/schedules";

export const docplannerExtras: VendorExtras = {
  schedules: [
    {
      name: "docplanner.notifications",
      description: "Every minute: pulls each pull-mode connection's notifications into the inbox and onto the bus",
      everyMinutes: 1,
      module: "vendors/docplanner/notifications/schedules",
      export: "pullNotificationsTick",
      run: pullNotificationsTick,
    },
    {
      name: "docplanner.release",
      description: "Every hour: asks Docplanner to push again what it failed to deliver to push-mode connections",
      everyMinutes: 60,
      module: "vendors/docplanner/notifications/schedules",
      export: "releaseNotificationsTick",
      run: releaseNotificationsTick,
    },
  ],
  webhooks: [
    {
      name: "docplanner.push",
      description: "Docplanner pushing notifications to a push-mode connection",
      module: "vendors/docplanner/notifications/push",
      export: "docplannerPush",
      receiver: docplannerPush,
    },
  ],
};
