import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { gunzipSync } from "node:zlib";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { docsResponse, SWAGGER_UI_FILES, SWAGGER_UI_PACKAGE } from "./docs-page";

const swaggerUi = dirname(createRequire(import.meta.url).resolve(`${SWAGGER_UI_PACKAGE}/package.json`));
const onDisk = (name: string) => readFileSync(join(swaggerUi, name));

const request = (asset?: string, headers: Record<string, string> = {}, v?: string) =>
  docsResponse({
    rawPath: asset ? `/docs/${asset}` : "/docs",
    headers,
    ...(asset && { pathParameters: { asset } }),
    ...(v && { queryStringParameters: { v } }),
  } as unknown as APIGatewayProxyEventV2);

const bytesOf = (res: { body: string; isBase64Encoded?: boolean }) => Buffer.from(res.body, res.isBase64Encoded ? "base64" : "utf8");

/** The page's links to its files, as `name → v`. */
async function linkedAssets(): Promise<Map<string, string>> {
  const page = (await request()).body;
  return new Map([...page.matchAll(/(?:href|src)="docs\/([^"?]+)\?v=([^"]+)"/g)].map((m) => [m[1]!, m[2]!]));
}

describe("GET /docs", () => {
  it("is an HTML page that revalidates, under a policy allowing only its own origin", async () => {
    const res = await request();
    expect(res.statusCode).toBe(200);
    expect(res.headers).toMatchObject({ "content-type": "text/html; charset=utf-8", "cache-control": "no-cache", "x-content-type-options": "nosniff" });
    expect(res.headers["content-security-policy"]).toContain("script-src 'self';");
    expect(res.headers["content-security-policy"]).toContain("connect-src 'self';");
    expect(res.headers.etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(res.body).toMatch(/^<!DOCTYPE html>/);
    expect(res.body).not.toMatch(/https?:\/\//);
  });

  it("links every Swagger UI file it serves, and its setup script, by version", async () => {
    const version = (JSON.parse(onDisk("package.json").toString()) as { version: string }).version;
    const links = await linkedAssets();
    expect([...links.keys()].sort()).toEqual(["favicon-16x16.png", "favicon-32x32.png", "init.js", "swagger-ui-bundle.js", "swagger-ui.css"]);
    for (const [name, v] of links) expect([name, v]).toEqual([name, name === "init.js" ? expect.stringMatching(/^[0-9a-f]{12}$/) : version]);
  });

  it("answers 304 to a matching If-None-Match", async () => {
    const { etag } = (await request()).headers;
    const again = await request(undefined, { "if-none-match": `W/${etag}, "other"` });
    expect([again.statusCode, again.body]).toEqual([304, ""]);
    expect((await request(undefined, { "if-none-match": '"other"' })).statusCode).toBe(200);
  });
});

describe("GET /docs/{asset}", () => {
  it("serves each Swagger UI file as it is in the package, with its content type", async () => {
    for (const [name, contentType] of Object.entries(SWAGGER_UI_FILES)) {
      const res = await request(name);
      expect([name, res.statusCode, res.headers["content-type"]]).toEqual([name, 200, contentType]);
      expect(bytesOf(res).equals(onDisk(name)), name).toBe(true);
    }
    expect((await request("favicon-32x32.png")).isBase64Encoded).toBe(true);
  });

  it("caches the linked URL for good and any other for revalidation only", async () => {
    for (const [name, v] of await linkedAssets()) {
      expect([name, (await request(name, {}, v)).headers["cache-control"]]).toEqual([name, "public, max-age=31536000, immutable"]);
      expect([name, (await request(name, {}, "0.0.1")).headers["cache-control"]]).toEqual([name, "no-cache"]);
      expect([name, (await request(name)).headers["cache-control"]]).toEqual([name, "no-cache"]);
    }
  });

  it("gzips text for clients that take it, and varies on Accept-Encoding", async () => {
    const plain = await request("swagger-ui-bundle.js", { "accept-encoding": "br;q=1, gzip;q=0" });
    expect(plain.headers["content-encoding"]).toBeUndefined();
    const zipped = await request("swagger-ui-bundle.js", { "accept-encoding": "gzip, deflate, br" });
    expect(zipped.headers).toMatchObject({ "content-encoding": "gzip", vary: "accept-encoding" });
    expect(gunzipSync(bytesOf(zipped)).equals(onDisk("swagger-ui-bundle.js"))).toBe(true);
    expect(zipped.headers.etag).not.toBe(plain.headers.etag);
    // Images are already compressed.
    expect((await request("favicon-32x32.png", { "accept-encoding": "gzip" })).headers["content-encoding"]).toBeUndefined();
  });

  it("fits every answer in a Lambda response (6 MB), base64 included, in either encoding", async () => {
    for (const name of Object.keys(SWAGGER_UI_FILES)) {
      for (const headers of [{}, { "accept-encoding": "gzip" }] as Record<string, string>[]) expect([name, (await request(name, headers)).body.length < 6 * 1024 * 1024]).toEqual([name, true]);
    }
  });

  it("answers 304 for the encoding the client has", async () => {
    const zipped = await request("swagger-ui.css", { "accept-encoding": "gzip" });
    expect((await request("swagger-ui.css", { "accept-encoding": "gzip", "if-none-match": zipped.headers.etag! })).statusCode).toBe(304);
    expect((await request("swagger-ui.css", { "if-none-match": zipped.headers.etag! })).statusCode).toBe(200);
  });

  it("serves the setup script: this API's document, tried against this API, with the online validator off", async () => {
    const res = await request("init.js");
    expect(res.headers["content-type"]).toBe("text/javascript; charset=utf-8");
    expect(res.body).toContain('fetch(new URL("openapi.json", api))');
    expect(res.body).toContain("spec.servers = [{ url: api.href");
    expect(res.body).toContain("validatorUrl: null");
  });

  it("answers 404 problem+json for any other name, including the package's other files", async () => {
    for (const name of ["index.html", "swagger-initializer.js", "package.json", "..%2Fpackage.json", "constructor"]) {
      const res = await request(name);
      expect([name, res.statusCode, res.headers["content-type"]]).toEqual([name, 404, "application/problem+json"]);
    }
  });
});
