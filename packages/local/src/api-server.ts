import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { rootLogger } from "@switchboard/core/log";
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { verifyToken, type DevAuth } from "./dev-auth";
import { buildHttpEvent } from "./http-event";
import { lambdaContext, type LambdaHandler } from "./lambda-context";

/**
 * API Gateway HTTP API, locally: matches routes by route key, runs the JWT authorizer (401 with
 * API Gateway's own `{"message":"Unauthorized"}` body, as the real one answers), builds the v2
 * event (claims under requestContext.authorizer.jwt) and writes the handler's result back.
 */
export interface LocalRoute {
  method: string;
  /** e.g. `/v1/mocdoc/{connectionId}/locations` */
  path: string;
  auth: boolean;
  functionName: string;
  timeoutMs: number;
  handler: LambdaHandler;
}

interface CompiledRoute extends LocalRoute {
  pattern: RegExp;
  params: string[];
}

function compile(route: LocalRoute): CompiledRoute {
  const params: string[] = [];
  const source = route.path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{([^}]+)\}/g, (_m, name: string) => {
    params.push(name);
    return "([^/]+)";
  });
  return { ...route, pattern: new RegExp(`^${source}$`), params };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function write(res: ServerResponse, status: number, headers: Record<string, string>, body: string | Buffer): void {
  res.writeHead(status, { "content-length": Buffer.byteLength(body), ...headers });
  res.end(body);
}

export async function startApiServer(opts: { port: number; host?: string; routes: LocalRoute[]; auth: DevAuth }): Promise<{ url: string; port: number; server: Server; stop(): Promise<void> }> {
  // As API Gateway does, a literal segment wins over a parameter: /visits/current before /visits/{id}.
  const routes = opts.routes.map(compile).sort((a, b) => a.params.length - b.params.length);
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? "/", "http://local");
      let params: Record<string, string> = {};
      const route = routes.find((r) => {
        if (r.method !== req.method) return false;
        const m = r.pattern.exec(url.pathname);
        if (!m) return false;
        params = Object.fromEntries(r.params.map((p, i) => [p, decodeURIComponent(m[i + 1] as string)]));
        return true;
      });
      if (!route) return write(res, 404, { "content-type": "application/json" }, JSON.stringify({ message: "Not Found" }));
      let claims: Record<string, unknown> | undefined;
      if (route.auth) {
        const header = req.headers.authorization ?? "";
        const token = /^Bearer (.+)$/i.exec(header)?.[1];
        claims = token ? ((await verifyToken(opts.auth, token)) as Record<string, unknown> | undefined) : undefined;
        if (!claims) return write(res, 401, { "content-type": "application/json", "www-authenticate": "Bearer" }, JSON.stringify({ message: "Unauthorized" }));
      }
      const requestHeaders: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) requestHeaders[k] = Array.isArray(v) ? v.join(",") : v;
      const event = buildHttpEvent({
        method: route.method,
        routePath: route.path,
        rawPath: url.pathname,
        query: url.searchParams,
        pathParameters: params,
        headers: requestHeaders,
        body: await readBody(req),
        claims,
        sourceIp: req.socket.remoteAddress,
        protocol: `HTTP/${req.httpVersion}`,
      });
      const result = (await route.handler(event, lambdaContext(route.functionName, route.timeoutMs))) as APIGatewayProxyStructuredResultV2;
      const headers = Object.fromEntries(Object.entries(result.headers ?? {}).map(([k, v]) => [k, String(v)]));
      // As API Gateway does: a base64 body (gzip, images) goes out as its bytes.
      const body = result.isBase64Encoded ? Buffer.from(result.body ?? "", "base64") : (result.body ?? "");
      write(res, result.statusCode ?? 200, headers, body);
    } catch (err) {
      // API Gateway's answer when the integration itself fails.
      rootLogger.error("local API integration failed", { error: err as Error });
      write(res, 500, { "content-type": "application/json" }, JSON.stringify({ message: "Internal Server Error" }));
    }
  });
  // Idle sockets outlive clients' pools (undici keeps one 4 s), so a client never reuses a socket
  // the server is closing: that race resets the request, which the client may not retry.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : opts.port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    server,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
