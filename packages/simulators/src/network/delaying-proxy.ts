import net, { type AddressInfo } from "node:net";

/**
 * A TCP proxy that delays what clients send, as a network would: the vendor sees requests arrive
 * later than they left, by amounts the test chooses and the client cannot see except through its
 * round trips. Bytes keep their order on each connection (a later chunk never overtakes an earlier
 * one's delay). The answers come back undelayed.
 */
export interface DelayingProxyOptions {
  target: { host: string; port: number };
  /** 0 (the default) picks a free port. */
  port?: number;
  /**
   * Delay for one chunk from the client, in ms. `chunk` counts from 0 on each connection, so
   * `chunk === 0` is the connection's first request, the one that pays a real handshake.
   */
  delayFor(connection: number, chunk: number): number;
}

export interface DelayingProxy {
  url: string;
  port: number;
  /** New client connections so far. */
  connections(): number;
  stop(): Promise<void>;
}

/** The delays the pacing tests and benchmark use: a handshake-like delay on a connection's first request, jitter on the rest. */
export function handshakeAndJitter(handshakeMs: number, jitterMs: number, random: () => number = Math.random) {
  return (_connection: number, chunk: number) => (chunk === 0 ? handshakeMs : random() * jitterMs);
}

export async function startDelayingProxy(options: DelayingProxyOptions): Promise<DelayingProxy> {
  let connections = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const connection = connections++;
    let chunk = 0;
    let releaseAt = 0;
    const upstream = net.connect(options.target.port, options.target.host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.on("data", (data: Buffer) => {
      releaseAt = Math.max(releaseAt, Date.now() + options.delayFor(connection, chunk++));
      setTimeout(() => upstream.write(data), releaseAt - Date.now());
    });
    client.on("end", () => setTimeout(() => upstream.end(), Math.max(0, releaseAt - Date.now())));
    upstream.pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    connections: () => connections,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
