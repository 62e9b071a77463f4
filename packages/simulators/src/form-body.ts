import type { SimRequest } from "./server";

/**
 * A request body as a vendor reads it, by its media type: `application/json` (an object),
 * `application/x-www-form-urlencoded`, or `multipart/form-data` — the latter parsed by undici's
 * own parser (Response.formData), not ours, so our encoder is checked against another
 * implementation. Undefined for a missing body, another media type or one that does not parse.
 */
export type BodyKind = "json" | "form" | "multipart";

export interface ParsedBody {
  kind: BodyKind;
  fields: Record<string, unknown>;
}

const mediaType = (req: SimRequest) => String(req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();

export async function parseBody(req: SimRequest): Promise<ParsedBody | undefined> {
  const type = mediaType(req);
  try {
    if (type === "application/json") {
      const value: unknown = JSON.parse(req.body.toString("utf8"));
      return typeof value === "object" && value !== null && !Array.isArray(value) ? { kind: "json", fields: value as Record<string, unknown> } : undefined;
    }
    if (type === "application/x-www-form-urlencoded") return { kind: "form", fields: Object.fromEntries(new URLSearchParams(req.body.toString("utf8"))) };
    if (type === "multipart/form-data") {
      const form = await new Response(new Uint8Array(req.body), { headers: { "content-type": String(req.headers["content-type"]) } }).formData();
      const fields: Record<string, unknown> = {};
      for (const [name, value] of form) fields[name] = typeof value === "string" ? value : value.name;
      return { kind: "multipart", fields };
    }
  } catch {
    return undefined;
  }
  return undefined;
}
