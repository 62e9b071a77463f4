import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { localVendors, type SandboxAccounts } from "./vendors";

/**
 * The vendor sandbox accounts the local simulators accept, as each vendor would issue them:
 * generated once per state directory and kept there (0600), so the demo connections survive
 * restarts and a developer can add their own connection with the same keys. A vendor added since
 * the file was written gets its account added to it.
 */
export async function loadSandboxAccounts(file: string): Promise<SandboxAccounts> {
  let stored: Partial<SandboxAccounts> = {};
  try {
    stored = JSON.parse(await readFile(file, "utf8")) as Partial<SandboxAccounts>;
  } catch {
    stored = {};
  }
  const accounts = Object.fromEntries(localVendors.map((v) => [v.vendor, stored[v.vendor] ?? v.newSandboxAccount()])) as SandboxAccounts;
  if (localVendors.some((v) => stored[v.vendor] === undefined)) {
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    await writeFile(file, JSON.stringify(accounts, null, 2), { mode: 0o600 });
  }
  return accounts;
}
