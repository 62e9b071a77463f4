import type { AnyOperation, PreparedRequest } from "../catalogue";
import { encodeMultipart } from "./multipart";

const PLACEHOLDER = /\{(config|input)\.([A-Za-z0-9_]+)\}/g;

/** A query value: arrays comma-separated (OpenAPI style=simple), objects as JSON. */
function queryValue(value: unknown): string {
  if (Array.isArray(value)) return value.map(String).join(",");
  return typeof value === "object" && value !== null ? JSON.stringify(value) : String(value);
}

/**
 * Turns an operation and its validated input into the vendor request, unsigned. Path placeholders
 * take `config.*` from the connection and `input.*` from the input; input fields used in the path
 * are left out of the body. Query fields are the operation's `query` list, or by default every
 * remaining field of a GET or DELETE. The body is the `bodyField` input field when the operation
 * names one, the file's bytes for a binary body, else the remaining fields; GET and DELETE send
 * none unless the operation says its vendor wants one (`bodyOnEveryMethod`). A path may end in
 * fixed query parameters of the vendor's (VSee's `/visits/{input.id}?version=2`).
 */
export function buildVendorRequest(
  op: AnyOperation,
  input: Record<string, unknown>,
  configValues: Record<string, string>,
  baseUrl: string,
): PreparedRequest {
  const used = new Set<string>();
  const [template = "", fixedQuery] = op.request.path.split("?", 2);
  const path = template.replace(PLACEHOLDER, (_m, source: string, key: string) => {
    const value = source === "config" ? configValues[key] : input[key];
    if (value === undefined || value === null || value === "") {
      throw new Error(`${op.id}: no value for {${source}.${key}}`);
    }
    if (source === "input" && !op.request.alsoInBody?.includes(key)) used.add(key);
    return encodeURIComponent(String(value));
  });
  const bodyless = (op.request.method === "GET" || op.request.method === "DELETE") && !op.request.bodyOnEveryMethod;
  const file = op.request.binaryBody;
  const remaining = Object.keys(input).filter(
    (k) => !used.has(k) && input[k] !== undefined && k !== op.request.bodyField && k !== file?.contentField && k !== file?.typeField,
  );
  const queryFields = op.request.query ?? (bodyless && !op.request.bodyField ? remaining : []);

  const url = new URL(path, baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`);
  // Keep any path prefix of the base URL (vendors hosted under /something).
  url.pathname = `${new URL(baseUrl).pathname.replace(/\/$/, "")}${path}`;
  for (const [k, value] of new URLSearchParams(fixedQuery ?? "")) url.searchParams.set(k, value);
  for (const k of queryFields) if (input[k] !== undefined) url.searchParams.set(k, queryValue(input[k]));
  // A file answer (CSV, zip) is not JSON: asking for JSON only could be refused.
  const headers: Record<string, string> = { Accept: op.response?.binary ? "*/*" : "application/json", "Content-Type": op.request.contentType };
  const prepared = { method: op.request.method, url: url.toString(), path: url.pathname, headers };

  if (file) {
    const content = Buffer.from(String(input[file.contentField]), "base64");
    return { ...prepared, headers: { ...headers, "Content-Type": String(input[file.typeField]) }, binary: new Uint8Array(content) };
  }
  if (op.request.bodyField) {
    const body = input[op.request.bodyField];
    return body === undefined ? prepared : { ...prepared, body: JSON.stringify(body) };
  }
  if (bodyless) return prepared;
  const fields: Record<string, unknown> = {};
  for (const k of remaining) if (!queryFields.includes(k)) fields[k] = input[k];
  for (const [field, configKey] of Object.entries(op.request.bodyFromConfig ?? {})) fields[field] = configValues[configKey];
  if (op.request.contentType === "multipart/form-data" && !op.request.encode) {
    // The boundary is part of the media type, so the header is the encoder's.
    const multipart = encodeMultipart(fields);
    return { ...prepared, headers: { ...headers, "Content-Type": multipart.contentType }, body: multipart.body };
  }
  const body = op.request.encode
    ? op.request.encode(fields, configValues)
    : op.request.contentType === "application/json"
      ? JSON.stringify(fields)
      : new URLSearchParams(Object.entries(fields).map(([k, val]): [string, string] => [k, typeof val === "object" ? JSON.stringify(val) : String(val)])).toString();
  return { ...prepared, body };
}
