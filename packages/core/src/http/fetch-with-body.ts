import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";

/**
 * A `fetch` for the requests fetch refuses: a GET with a body, which some vendors document (Solo's
 * request-assistance lookup). Same contract as fetch for what execute.ts uses: a Response, the
 * abort signal, and network failures as a TypeError whose `cause` carries the socket error code.
 */
export function needsFetchWithBody(method: string, body: unknown): boolean {
  return body !== undefined && (method === "GET" || method === "HEAD");
}

export function fetchWithBody(url: string, init: { method: string; headers: Record<string, string>; body: string | Uint8Array; signal?: AbortSignal }): Promise<Response> {
  const target = new URL(url);
  const send = target.protocol === "https:" ? httpsRequest : httpRequest;
  const payload = typeof init.body === "string" ? Buffer.from(init.body, "utf8") : Buffer.from(init.body);
  return new Promise((resolve, reject) => {
    // A connection of its own (no pooled keep-alive socket the vendor may have closed): these requests are rare.
    const req = send(target, { method: init.method, headers: { ...init.headers, "Content-Length": String(payload.length) }, signal: init.signal, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("error", (err) => reject(new TypeError("fetch failed", { cause: err })));
      res.on("end", () => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
        const status = res.statusCode ?? 502;
        resolve(new Response(status === 204 || status === 304 ? null : Buffer.concat(chunks), { status, headers }));
      });
    });
    req.on("error", (err) => reject(err.name === "AbortError" ? (init.signal?.reason ?? err) : new TypeError("fetch failed", { cause: err })));
    req.end(payload);
  });
}
