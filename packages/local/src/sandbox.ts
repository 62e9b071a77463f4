import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { MocDocSimAccount } from "@switchboard/simulators/mocdoc";

/**
 * The vendor sandbox accounts the local simulators accept, as a vendor would issue them: generated
 * once per state directory and kept there (0600), so the demo connections survive restarts and a
 * developer can add their own connection with the same keys.
 */
export interface SandboxAccounts {
  mocdoc: MocDocSimAccount;
}

export async function loadSandboxAccounts(file: string): Promise<SandboxAccounts> {
  try {
    return JSON.parse(await readFile(file, "utf8")) as SandboxAccounts;
  } catch {
    const accounts: SandboxAccounts = {
      mocdoc: {
        entityKey: "demo-clinic",
        accessKey: `md-${randomBytes(6).toString("hex")}`,
        secretKey: randomBytes(24).toString("base64"),
        hmac: "sha1",
        secretEncoding: "utf8",
        minIntervalMs: 3000,
      },
    };
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    await writeFile(file, JSON.stringify(accounts, null, 2), { mode: 0o600 });
    return accounts;
  }
}
