import { randomBytes } from "node:crypto";
import type { LocalVendor } from "../local-vendor";
import { startVseeSimulator, type VseeSimAccount, type VseeSimulator } from "./index";

export const vseeLocal = {
  vendor: "vsee" as const,
  defaultPort: 4104,
  newSandboxAccount: (): VseeSimAccount => ({
    accountCode: "vclinic",
    apiToken: randomBytes(16).toString("hex"),
    apiKey: randomBytes(16).toString("hex"),
  }),
  start: (port, account) => startVseeSimulator({ port, accounts: [account] }),
  demoConnection: (sim, a) => ({
    connectionId: "demo-vsee",
    config: { baseUrl: sim.apiUrl, accountCode: a.accountCode },
    secrets: { apiToken: a.apiToken, apiKey: a.apiKey },
  }),
} satisfies LocalVendor<VseeSimAccount, VseeSimulator>;
