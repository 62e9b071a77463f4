import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { problem, type HttpResult } from "./http/problem";

/**
 * The interactive API reference: Swagger UI (swagger-ui-dist) rendering /openapi.json, at GET /docs,
 * with its files under GET /docs/{asset}. Everything is served from the API's own origin (no CDN),
 * so the page works offline, and its "try it" calls go to that same origin with the bearer token
 * typed into Authorize.
 */
export const SWAGGER_UI_PACKAGE = "swagger-ui-dist";

/** The routes this module answers (GET, no token): the page, and its files by `{asset}`. */
export const DOCS_PATHS = ["/docs", "/docs/{asset}"] as const;

/** The files of swagger-ui-dist the page loads, by their name there and under /docs/. The stacks copy exactly these. */
export const SWAGGER_UI_FILES = {
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
  // The bundle's first line points here for its bundled libraries' licences.
  "swagger-ui-bundle.js.LICENSE.txt": "text/plain; charset=utf-8",
  "swagger-ui.css": "text/css; charset=utf-8",
  "favicon-32x32.png": "image/png",
  "favicon-16x16.png": "image/png",
} as const satisfies Record<string, string>;

/**
 * Our setup, a file rather than an inline script so the page's CSP allows scripts from 'self' only.
 * It takes the document from this API and makes this API (the page's own origin and base path)
 * its only server, so "try it" reaches whichever stack served the page, local or deployed.
 * validatorUrl null: Swagger UI would otherwise send the document's URL to validator.swagger.io.
 */
const INIT_SCRIPT = `"use strict";
(async () => {
  const root = document.getElementById("swagger-ui");
  const api = new URL(".", window.location.href);
  try {
    const response = await fetch(new URL("openapi.json", api));
    if (!response.ok) throw new Error("HTTP " + response.status);
    const spec = await response.json();
    spec.servers = [{ url: api.href.replace(/\\/$/, ""), description: "This API (the one serving this page)" }];
    window.ui = SwaggerUIBundle({
      spec,
      domNode: root,
      deepLinking: true,
      displayOperationId: true,
      filter: true,
      persistAuthorization: false,
      validatorUrl: null,
    });
  } catch (err) {
    root.textContent = "Could not load the API description (openapi.json): " + err.message;
  }
})();
`;

const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  // Swagger UI sets style attributes; its icons are data: URLs.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

const SECURITY_HEADERS = {
  "content-security-policy": CONTENT_SECURITY_POLICY,
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
};

/** The page and its URLs change with each release; asset URLs carry `?v=` so a cached copy is never stale. */
const REVALIDATE = "no-cache";
const IMMUTABLE = "public, max-age=31536000, immutable";

interface Asset {
  contentType: string;
  /** The value of `v` that names this exact content. */
  version: string;
  load(): Promise<Buffer>;
}

const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");

/** Found the way Node finds the package: from node_modules here, and in the deployed bundle, where the stack copies it. */
const swaggerUiManifest = createRequire(import.meta.url).resolve(`${SWAGGER_UI_PACKAGE}/package.json`);

function assets(): Map<string, Asset> {
  const swaggerUiDir = dirname(swaggerUiManifest);
  const { version } = JSON.parse(readFileSync(swaggerUiManifest, "utf8")) as { version: string };
  const files = new Map<string, Asset>(
    Object.entries(SWAGGER_UI_FILES).map(([name, contentType]) => [name, { contentType, version, load: () => readFile(join(swaggerUiDir, name)) }]),
  );
  const init = Buffer.from(INIT_SCRIPT);
  files.set("init.js", { contentType: "text/javascript; charset=utf-8", version: sha256(init).slice(0, 12), load: async () => init });
  return files;
}

const ASSETS = assets();

const assetUrl = (name: string) => `docs/${name}?v=${ASSETS.get(name)!.version}`;

/** Relative URLs: the page is at {api}/docs, so `docs/…` and `openapi.json` stay under whatever base path serves it. */
const PAGE = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Switchboard API reference</title>
<link rel="stylesheet" href="${assetUrl("swagger-ui.css")}">
<link rel="icon" type="image/png" sizes="32x32" href="${assetUrl("favicon-32x32.png")}">
<link rel="icon" type="image/png" sizes="16x16" href="${assetUrl("favicon-16x16.png")}">
</head>
<body>
<div id="swagger-ui"></div>
<script src="${assetUrl("swagger-ui-bundle.js")}"></script>
<script src="${assetUrl("init.js")}"></script>
</body>
</html>
`;
const PAGE_ETAG = `"${sha256(PAGE).slice(0, 32)}"`;

/** Whether the client takes gzip (`Accept-Encoding`, honouring an explicit `q=0`). */
function acceptsGzip(acceptEncoding: string | undefined): boolean {
  return (acceptEncoding ?? "").split(",").some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(";");
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    return (coding === "gzip" || coding === "*") && (q === undefined || Number(q.slice(2)) > 0);
  });
}

const matches = (ifNoneMatch: string | undefined, etag: string) =>
  ifNoneMatch !== undefined && ifNoneMatch.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag);

function notModified(headers: Record<string, string>): HttpResult {
  return { statusCode: 304, headers, body: "" };
}

/** Each encoding of an asset, made once per container. */
const encoded = new Map<string, Promise<{ body: Buffer; etag: string }>>();

function encoding(name: string, asset: Asset, gzip: boolean) {
  const key = `${name}:${gzip}`;
  let found = encoded.get(key);
  if (!found) {
    found = asset.load().then((raw) => {
      const hash = sha256(raw).slice(0, 32);
      return gzip ? { body: gzipSync(raw), etag: `"${hash}-gzip"` } : { body: raw, etag: `"${hash}"` };
    });
    encoded.set(key, found);
  }
  return found;
}

const compressible = (contentType: string) => contentType.startsWith("text/");

async function assetResponse(event: APIGatewayProxyEventV2, name: string): Promise<HttpResult> {
  const asset = ASSETS.get(name);
  if (!asset) return problem(404, "not-found", "Not Found", `The docs page has no file ${name}`, {}, SECURITY_HEADERS);
  const gzip = compressible(asset.contentType) && acceptsGzip(event.headers?.["accept-encoding"]);
  const { body, etag } = await encoding(name, asset, gzip);
  const headers: Record<string, string> = {
    ...SECURITY_HEADERS,
    "content-type": asset.contentType,
    // Only the URL the page links to is cached for good; any other `v` may name older content.
    "cache-control": event.queryStringParameters?.v === asset.version ? IMMUTABLE : REVALIDATE,
    etag,
    ...(compressible(asset.contentType) && { vary: "accept-encoding" }),
    ...(gzip && { "content-encoding": "gzip" }),
  };
  if (matches(event.headers?.["if-none-match"], etag)) return notModified(headers);
  const binary = gzip || !compressible(asset.contentType);
  return { statusCode: 200, headers, body: binary ? body.toString("base64") : body.toString("utf8"), isBase64Encoded: binary };
}

/** GET /docs (the page) and GET /docs/{asset} (its files). */
export async function docsResponse(event: APIGatewayProxyEventV2): Promise<HttpResult> {
  const asset = event.pathParameters?.asset;
  if (asset !== undefined) return assetResponse(event, asset);
  const headers = { ...SECURITY_HEADERS, "content-type": "text/html; charset=utf-8", "cache-control": REVALIDATE, etag: PAGE_ETAG };
  if (matches(event.headers?.["if-none-match"], PAGE_ETAG)) return notModified(headers);
  return { statusCode: 200, headers, body: PAGE };
}
