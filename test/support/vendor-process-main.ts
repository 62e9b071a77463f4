import { handshakeAndJitter, startDelayingProxy } from "@switchboard/simulators/network/delaying-proxy";
import { startMocDocSimulator, type MocDocSimAccount } from "@switchboard/simulators/mocdoc/index";

/**
 * The vendor side in a process of its own: the MocDoc simulator, and the delaying proxy in front
 * of it. Arrival times are recorded here, outside the event loop of the process under test, so a
 * busy test process cannot make them look closer or further apart than they were.
 */
const config = JSON.parse(process.env.VENDOR_PROCESS_CONFIG ?? "{}") as { accounts: MocDocSimAccount[]; handshakeMs: number; jitterMs: number };
const simulator = await startMocDocSimulator({ port: 0, accounts: config.accounts });
const proxy = await startDelayingProxy({
  target: { host: "127.0.0.1", port: simulator.port },
  delayFor: handshakeAndJitter(config.handshakeMs, config.jitterMs),
});
process.stdout.write(`${JSON.stringify({ simulatorUrl: simulator.url, proxyUrl: proxy.url })}\n`);
process.on("message", (message) => {
  if (message === "connections") process.send?.({ connections: proxy.connections() });
});
// The parent holds our stdin; when it goes (or the test ends), so do we.
process.stdin.resume();
process.stdin.on("end", () => process.exit(0));
process.stdin.on("close", () => process.exit(0));
