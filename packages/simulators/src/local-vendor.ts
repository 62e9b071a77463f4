/**
 * How a vendor joins the local stack: its simulator, the sandbox account that simulator accepts
 * (generated once per state directory, as the vendor would issue it), and the demo connection to
 * it. Each vendor declares this in its own simulator folder (`{vendor}/local.ts`), and
 * packages/local/src/vendors.ts lists them: a new vendor touches its folder and that one line.
 */
export interface RunningSimulator {
  url: string;
  stop(): Promise<void>;
}

export interface DemoConnection {
  connectionId: string;
  config: Record<string, unknown>;
  secrets: Record<string, string>;
}

export interface LocalVendor<Account, Sim extends RunningSimulator> {
  vendor: string;
  /** Fixed by default, so the demo connection stays valid across restarts. */
  defaultPort: number;
  newSandboxAccount(): Account;
  start(port: number, account: Account): Promise<Sim>;
  demoConnection(simulator: Sim, account: Account): DemoConnection;
  /**
   * Once the local API is up: what the vendor must know about us, e.g. where to push webhooks for
   * the demo connection (`webhookUrl` builds the URL of one of our webhook routes).
   */
  connectToApi?(simulator: Sim, account: Account, webhookUrl: (path: string, params: Record<string, string>) => string, secrets: Record<string, string>): void | Promise<void>;
}
