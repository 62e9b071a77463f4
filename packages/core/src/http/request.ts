import type { AnyOperation, PreparedRequest } from "../catalogue";

const PLACEHOLDER = /\{(config|input)\.([A-Za-z0-9_]+)\}/g;

/**
 * Turns an operation and its validated input into the vendor request, unsigned. Path placeholders
 * take `config.*` from the connection and `input.*` from the input; input fields used in the path
 * are left out of the body. GET and DELETE send the remaining input as a query string.
 */
export function buildVendorRequest(
  op: AnyOperation,
  input: Record<string, unknown>,
  configValues: Record<string, string>,
  baseUrl: string,
): PreparedRequest {
  const used = new Set<string>();
  const path = op.request.path.replace(PLACEHOLDER, (_m, source: string, key: string) => {
    const value = source === "config" ? configValues[key] : input[key];
    if (value === undefined || value === null || value === "") {
      throw new Error(`${op.id}: no value for {${source}.${key}}`);
    }
    if (source === "input" && !op.request.alsoInBody?.includes(key)) used.add(key);
    return encodeURIComponent(String(value));
  });
  const fields: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(input)) if (!used.has(k) && val !== undefined) fields[k] = val;
  for (const [field, configKey] of Object.entries(op.request.bodyFromConfig ?? {})) fields[field] = configValues[configKey];

  const url = new URL(path, baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`);
  // Keep any path prefix of the base URL (vendors hosted under /something).
  url.pathname = `${new URL(baseUrl).pathname.replace(/\/$/, "")}${path}`;
  const headers: Record<string, string> = { Accept: "application/json", "Content-Type": op.request.contentType };
  const bodyless = op.request.method === "GET" || op.request.method === "DELETE";
  if (bodyless) {
    for (const [k, val] of Object.entries(fields)) url.searchParams.set(k, String(val));
    return { method: op.request.method, url: url.toString(), path: url.pathname, headers };
  }
  const body = op.request.encode
    ? op.request.encode(fields, configValues)
    : op.request.contentType === "application/json"
      ? JSON.stringify(fields)
      : new URLSearchParams(Object.entries(fields).map(([k, val]): [string, string] => [k, typeof val === "object" ? JSON.stringify(val) : String(val)])).toString();
  return { method: op.request.method, url: url.toString(), path: url.pathname, headers, body };
}
