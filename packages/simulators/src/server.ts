import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { FaultSpecError, type FaultInjector, type FaultKind } from "./faults";

/** One vendor request as the simulator saw it, and what it answered. */
export interface RecordedRequest {
  method: string;
  /** Pathname as sent (not decoded); the query string is kept separately. */
  path: string;
  query: string;
  headers: IncomingHttpHeaders;
  body: string;
  contentType: string | null;
  /** Simulator clock (ms since epoch) when the request arrived. */
  receivedAt: number;
  /** HTTP status answered; null while in flight or when the connection was dropped. */
  status: number | null;
  fault: FaultKind | null;
}

/** What a vendor handler sees: everything needed to authenticate and route, body fully read. */
export interface SimRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Simulator clock when the request arrived (before any latency fault), for limits counted on arrival. */
  receivedAt: number;
}

export interface SimReply {
  status: number;
  /** JSON-serialised, or bytes sent as they are (a file); undefined sends no body at all (204, 202, a bodiless 201 or 429). */
  body: unknown;
  headers?: Record<string, string>;
  /** Default application/json; vendors with their own media types (e.g. Docplanner's vnd types) set it. */
  contentType?: string;
}

/**
 * Vendor handlers return their reply instead of writing it, so the shared server can record
 * the verdict and count it in one place.
 */
export type SimHandler = (req: SimRequest) => SimReply | Promise<SimReply>;

export interface SimHandle {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export interface SimServerStats {
  total: number;
  /** Keyed by HTTP status; dropped connections count under "dropped". */
  byStatus: Record<string, number>;
}

export interface SimServer extends SimHandle {
  stats(): SimServerStats;
}

export interface SimServerOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  faults: FaultInjector;
  /** Appended to as requests arrive; cleared in place so callers may hold the reference. */
  requests: RecordedRequest[];
  now: () => number;
  /** The vendor's error body shape, for status faults and simulator crashes. */
  errorBody(status: number, message: string): unknown;
  /** Media types of the vendor's error bodies and of the success body a malformed fault imitates (default application/json). */
  contentTypes?: { error?: string; success?: string };
  handle: SimHandler;
  /**
   * Vendor-specific admin endpoints under /__sim, tried after the shared ones; undefined means
   * "not mine" (404). Admin requests are neither recorded nor faulted.
   */
  admin?: (req: SimRequest) => SimReply | undefined | Promise<SimReply | undefined>;
}

const ADMIN_PREFIX = "/__sim";
/** The record is for inspection, not an archive: a long-running local stack keeps the latest. */
const MAX_RECORDED = 5000;

/** Valid JSON cut short, as a proxy or a crashed upstream would deliver it. */
const TRUNCATED_BODY = '{"status":"200","message":"success","data":[{"id":';

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
    // A client that disconnects mid-body never emits "end"; after "end" this reject is a no-op.
    req.on("close", () => reject(new Error("request closed before its body was read")));
  });
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  contentType = "application/json",
): void {
  if (body === undefined) {
    res.writeHead(status, headers).end();
    return;
  }
  const payload = body instanceof Uint8Array ? body : JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    "Content-Type": contentType,
    "Content-Length": Buffer.byteLength(payload),
  });
  res.end(payload);
}

function sendEmpty(res: ServerResponse, status: number): void {
  res.writeHead(status).end();
}

/** Starts `server` on 127.0.0.1 (never all interfaces: the simulators are test fixtures). */
export function listen(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function simRequest(req: IncomingMessage, path: string, query: string, body: Buffer, receivedAt: number): SimRequest {
  return { method: req.method ?? "GET", path, query: new URLSearchParams(query), headers: req.headers, body, receivedAt };
}

function splitUrl(url: string): { path: string; query: string } {
  const at = url.indexOf("?");
  return at === -1 ? { path: url, query: "" } : { path: url.slice(0, at), query: url.slice(at + 1) };
}

async function handleAdmin(req: IncomingMessage, res: ServerResponse, sim: SimRequest, options: SimServerOptions): Promise<void> {
  const { path, body } = sim;
  switch (`${req.method} ${path}`) {
    case `POST ${ADMIN_PREFIX}/faults`:
      try {
        options.faults.inject(JSON.parse(body.toString("utf8")));
      } catch (err) {
        if (!(err instanceof FaultSpecError || err instanceof SyntaxError)) throw err;
        return sendJson(res, 400, { error: err.message });
      }
      return sendEmpty(res, 204);
    case `DELETE ${ADMIN_PREFIX}/faults`:
      options.faults.clear();
      return sendEmpty(res, 204);
    case `GET ${ADMIN_PREFIX}/health`:
      return sendJson(res, 200, { ok: true });
    case `GET ${ADMIN_PREFIX}/requests`:
      return sendJson(res, 200, options.requests);
    case `DELETE ${ADMIN_PREFIX}/requests`:
      options.requests.length = 0;
      return sendEmpty(res, 204);
    default: {
      const reply = await options.admin?.(sim);
      if (reply) return sendJson(res, reply.status, reply.body, reply.headers, reply.contentType);
      return sendJson(res, 404, { error: "unknown simulator admin endpoint" });
    }
  }
}

/**
 * The request pipeline every simulator shares: admin endpoints, then record, then faults,
 * then the vendor handler.
 */
export async function startSimServer(options: SimServerOptions): Promise<SimServer> {
  const stats: SimServerStats = { total: 0, byStatus: {} };
  // Aborted on stop() so a request sleeping in a latency fault does not outlive the server.
  const stopping = new AbortController();

  const serveVendor = async (req: IncomingMessage, res: ServerResponse, record: RecordedRequest, body: Buffer) => {
    const verdict = (status: number | null) => {
      record.status = status;
      const key = status === null ? "dropped" : String(status);
      stats.byStatus[key] = (stats.byStatus[key] ?? 0) + 1;
    };
    const reply = ({ status, body: replyBody, headers, contentType }: SimReply) => {
      sendJson(res, status, replyBody, headers, contentType);
      verdict(status);
    };
    const errorContentType = options.contentTypes?.error;

    const fault = options.faults.take(record.path);
    record.fault = fault?.kind ?? null;
    switch (fault?.kind) {
      case "drop":
        req.socket.destroy();
        return verdict(null);
      case "malformed":
        res.writeHead(200, { "Content-Type": options.contentTypes?.success ?? "application/json" }).end(TRUNCATED_BODY);
        return verdict(200);
      case "status": {
        const status = fault.status ?? 500;
        const headers: Record<string, string> =
          fault.retryAfterSeconds === undefined ? {} : { "Retry-After": String(fault.retryAfterSeconds) };
        return reply({ status, body: options.errorBody(status, "Simulated failure"), headers, contentType: errorContentType });
      }
      case "latency":
        await sleep(fault.ms ?? 0, undefined, { signal: stopping.signal });
        break;
    }

    try {
      reply(await options.handle(simRequest(req, record.path, record.query, body, record.receivedAt)));
    } catch (err) {
      // A handler bug should surface as a vendor-style 500 in the test, not a hung request.
      console.error("simulator handler failed", err);
      reply({ status: 500, body: options.errorBody(500, "Internal simulator error"), contentType: errorContentType });
    }
  };

  const server = http.createServer(async (req, res) => {
    const receivedAt = options.now();
    const { path, query } = splitUrl(req.url ?? "/");
    try {
      const body = await readBody(req);
      if (path === ADMIN_PREFIX || path.startsWith(`${ADMIN_PREFIX}/`)) {
        return await handleAdmin(req, res, simRequest(req, path, query, body, receivedAt), options);
      }
      const record: RecordedRequest = {
        method: req.method ?? "GET",
        path,
        query,
        headers: req.headers,
        body: body.toString("utf8"),
        contentType: req.headers["content-type"] ?? null,
        receivedAt,
        status: null,
        fault: null,
      };
      options.requests.push(record);
      if (options.requests.length > MAX_RECORDED) options.requests.splice(0, options.requests.length - MAX_RECORDED);
      stats.total += 1;
      await serveVendor(req, res, record, body);
    } catch (err) {
      // Only expected when stop() interrupts a latency fault or the client vanished mid-body.
      if (!stopping.signal.aborted) console.error("simulator request failed", err);
      req.socket.destroy();
    }
  });

  const port = await listen(server, options.port ?? 0);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    stats: () => ({ total: stats.total, byStatus: { ...stats.byStatus } }),
    stop: () =>
      new Promise<void>((resolve, reject) => {
        stopping.abort();
        server.close((err) => (err ? reject(err) : resolve()));
        // close() alone waits for idle keep-alive sockets (fetch pools them) to time out.
        server.closeAllConnections();
      }),
  };
}
