import { randomBytes } from "node:crypto";
import type { LocalVendor } from "../local-vendor";
import { startMocDocSimulator, type MocDocSimAccount, type MocDocSimulator } from "./index";

export const mocdocLocal = {
  vendor: "mocdoc" as const,
  defaultPort: 4101,
  newSandboxAccount: (): MocDocSimAccount => ({
    entityKey: "demo-clinic",
    accessKey: `md-${randomBytes(6).toString("hex")}`,
    secretKey: randomBytes(24).toString("base64"),
    hmac: "sha1",
    secretEncoding: "utf8",
    minIntervalMs: 3000,
  }),
  start: (port, account) => startMocDocSimulator({ port, accounts: [account] }),
  demoConnection: (sim, a) => ({
    connectionId: "demo-mocdoc",
    config: { baseUrl: sim.url, entityKey: a.entityKey, hmac: a.hmac, secretEncoding: a.secretEncoding, minIntervalMs: a.minIntervalMs },
    secrets: { accessKey: a.accessKey, secretKey: a.secretKey },
  }),
} satisfies LocalVendor<MocDocSimAccount, MocDocSimulator>;
