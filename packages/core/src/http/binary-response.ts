import { randomUUID } from "node:crypto";
import type { AnyOperation, Interpretation, RawResponse } from "../catalogue";
import type { Deps } from "../deps";
import { contentDisposition } from "../downloads";
import { json, type HttpResult } from "./problem";

/**
 * File answers (`response: { binary: true }`): the vendor's bytes and content type, never parsed as
 * JSON. A caller gets the file itself when it fits a Lambda response (6 MB, base64 included:
 * INLINE_RESPONSE_MAX_BYTES, 4 MiB by default), else, and always from a job, a download link to
 * the copy kept in the archive (downloads.ts).
 */
export class BinaryBody {
  constructor(
    readonly contentType: string,
    readonly bytes: Uint8Array,
    readonly fileName?: string,
  ) {}
}

/** Operations whose answers may be files kept in the archive: their functions write and link under downloads/{vendor}/. */
export const handsOutFiles = (op: AnyOperation): boolean => op.response?.binary === true || op.completion !== undefined;

/** What a caller or a job record gets instead of a file too large to answer inline. */
export interface DownloadLink {
  url: string;
  expiresAt: string;
  contentType: string;
  bytes: number;
  fileName?: string;
}

const FILE_NAME = /filename="?([^";]+)"?/i;

/** A 2xx is the file; anything else is an error, read as the vendor reads its JSON errors. */
export function interpretBinary(response: RawResponse, op: AnyOperation, input: Record<string, unknown>): Interpretation {
  if (response.status < 200 || response.status >= 300) return op.vendor.interpret(response);
  const bytes = response.bytes ?? new TextEncoder().encode(response.text);
  const fileName = FILE_NAME.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? op.response?.fileName?.(input);
  return { ok: true, body: new BinaryBody(response.headers.get("content-type") ?? "application/octet-stream", bytes, fileName) };
}

/** Keeps the file under `downloads/{vendor}/{connectionId}/` and answers a short-lived link to it. */
export async function storeDownload(deps: Deps, owner: { vendor: string; connectionId: string }, file: BinaryBody): Promise<DownloadLink> {
  const key = `downloads/${owner.vendor}/${owner.connectionId}/${new Date().toISOString().slice(0, 10)}/${randomUUID()}`;
  await deps.downloads.put(key, file);
  const link = await deps.downloads.link(key, deps.config.DOWNLOAD_LINK_SECONDS, file);
  return { ...link, contentType: file.contentType, bytes: file.bytes.byteLength, ...(file.fileName && { fileName: file.fileName }) };
}

/** An operation's answer as our HTTP response: JSON, or a file inline, or a file by link. */
export async function operationResult(deps: Deps, owner: { vendor: string; connectionId: string }, body: unknown): Promise<HttpResult> {
  if (!(body instanceof BinaryBody)) return json(200, body);
  if (body.bytes.byteLength > deps.config.INLINE_RESPONSE_MAX_BYTES) return json(200, { download: await storeDownload(deps, owner, body) });
  const headers: Record<string, string> = { "content-type": body.contentType };
  if (body.fileName) headers["content-disposition"] = contentDisposition(body.fileName);
  return { statusCode: 200, headers, body: Buffer.from(body.bytes).toString("base64"), isBase64Encoded: true };
}

/** A job's result as its record keeps it: a file never goes into the table, its link does. */
export async function jobResult(deps: Deps, owner: { vendor: string; connectionId: string }, result: unknown): Promise<unknown> {
  return result instanceof BinaryBody ? { download: await storeDownload(deps, owner, result) } : result;
}
