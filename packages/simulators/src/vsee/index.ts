import { FaultInjector } from "../faults";
import { startSimServer, type RecordedRequest } from "../server";
import { newAccountState, type VseeAccountState, type VseeSimAccount } from "./accounts";
import { BASE_PATH, createVseeHandler } from "./routes";

export type { VseeSimAccount } from "./accounts";

/**
 * VSee Clinic simulator (routes.ts for what it checks and answers). The API is at
 * `{url}/api_v3`, the base URL a connection is given.
 */
export interface VseeSimulator {
  url: string;
  /** `{url}/api_v3`. */
  apiUrl: string;
  port: number;
  faults: FaultInjector;
  requests: RecordedRequest[];
  addAccount(a: VseeSimAccount): void;
  /** SSO logins so far, and users by code. */
  ssoLogins(accountCode: string): number;
  user(accountCode: string, code: string): { id: string; type: number } | undefined;
  /** Makes every token issued so far expire now (the next call with one gets 401). */
  expireTokens(accountCode: string): void;
  stop(): Promise<void>;
}

export async function startVseeSimulator(options: { port?: number; accounts: VseeSimAccount[]; now?: () => number }): Promise<VseeSimulator> {
  const now = options.now ?? Date.now;
  const accounts = new Map<string, VseeAccountState>();
  const state = (code: string) => {
    const found = accounts.get(code);
    if (!found) throw new Error(`unknown VSee simulator account ${code}`);
    return found;
  };
  const addAccount = (a: VseeSimAccount) => {
    if (accounts.has(a.accountCode)) throw new Error(`duplicate VSee simulator account ${a.accountCode}`);
    accounts.set(a.accountCode, newAccountState(a));
  };
  options.accounts.forEach(addAccount);
  const faults = new FaultInjector();
  const requests: RecordedRequest[] = [];
  let apiUrl = "";
  const server = await startSimServer({
    port: options.port,
    faults,
    requests,
    now,
    errorBody: (status, message) => ({ error: { code: status, message } }),
    handle: createVseeHandler({ accounts, now, baseUrl: () => apiUrl }),
  });
  apiUrl = `${server.url}${BASE_PATH}`;
  return {
    url: server.url,
    apiUrl,
    port: server.port,
    faults,
    requests,
    addAccount,
    ssoLogins: (code) => state(code).ssoLogins,
    user: (code, userCode) => state(code).users.get(userCode),
    expireTokens: (code) => {
      for (const token of state(code).tokens.values()) token.expiresAt = Math.floor(now() / 1000);
    },
    stop: () => server.stop(),
  };
}
