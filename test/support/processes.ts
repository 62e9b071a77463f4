import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { MocDocSimAccount } from "@switchboard/simulators/mocdoc/index";
import type { RecordedRequest } from "@switchboard/simulators/server";

/** Child processes for the timing tests and the pacing benchmark: the vendor side, and further "containers". */
function runTs(file: string, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", fileURLToPath(new URL(file, import.meta.url))], {
    env: { ...process.env, ...env },
    stdio: ["pipe", "pipe", "inherit", "ipc"],
  });
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once("line", (line) => {
      lines.close();
      resolve(line);
    });
    child.once("exit", (code) => reject(new Error(`child process exited (${code}) before answering`)));
  });
}

export interface VendorProcess {
  /** The simulator itself. */
  simulatorUrl: string;
  /** The delaying proxy in front of it. */
  proxyUrl: string;
  /** Every request the simulator recorded, with its arrival time on the vendor process's clock. */
  requests(): Promise<RecordedRequest[]>;
  /** Client connections the proxy has accepted (each one's first request paid the handshake delay). */
  proxyConnections(): Promise<number>;
  stop(): Promise<void>;
}

export async function startVendorProcess(config: { accounts: MocDocSimAccount[]; handshakeMs: number; jitterMs: number }): Promise<VendorProcess> {
  const child = runTs("./vendor-process-main.ts", { VENDOR_PROCESS_CONFIG: JSON.stringify(config) });
  const { simulatorUrl, proxyUrl } = JSON.parse(await firstLine(child)) as { simulatorUrl: string; proxyUrl: string };
  return {
    simulatorUrl,
    proxyUrl,
    requests: async () => (await (await fetch(`${simulatorUrl}/__sim/requests`)).json()) as RecordedRequest[],
    proxyConnections: () =>
      new Promise((resolve) => {
        child.once("message", (m) => resolve((m as { connections: number }).connections));
        child.send("connections");
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.stdin!.end();
      }),
  };
}

/**
 * Runs `calls` reads of one connection from a separate process (a second container), `concurrency`
 * at a time; answers each call's outcome ("ok" or the error code). The local stack's environment
 * (table, secrets) must already be in process.env.
 */
export async function callFromAnotherProcess(config: { connectionId: string; operationId: string; calls: number; concurrency: number; budgetMs: number }): Promise<string[]> {
  const child = runTs("./caller-process-main.ts", { CALLER_PROCESS_CONFIG: JSON.stringify(config) });
  return (JSON.parse(await firstLine(child)) as { outcomes: string[] }).outcomes;
}

/** Arrival gaps (ms) between consecutive requests, in arrival order. */
export function arrivalGaps(requests: RecordedRequest[]): number[] {
  const arrivals = requests.map((r) => r.receivedAt).sort((a, b) => a - b);
  return arrivals.slice(1).map((t, i) => t - arrivals[i]!);
}
