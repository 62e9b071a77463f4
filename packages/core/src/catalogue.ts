import type * as v from "valibot";
import type { TokenAccess } from "./auth/tokens";
import type { Connection } from "./connections";
import type { Deps } from "./deps";
import type { VendorErrorCode } from "./errors";
import type { BinaryBodySpec } from "./http/binary-body";
import type { Log } from "./log";
import { acceptVendorFields, type VendorFields } from "./vendor-fields";

/**
 * The shapes every vendor catalogue declares. A vendor catalogue is the single source of truth for
 * its operations: routes, Lambda entries, the OpenAPI document, the simulators' contract tests and
 * the stacks all derive from these entries.
 */
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export type ContentType = "application/json" | "application/x-www-form-urlencoded" | "multipart/form-data" | "application/hl7-v2";
export type OperationKind = "read" | "write";

export interface Rate {
  /** Minimum spacing between calls, in milliseconds. */
  intervalMs: number;
  /** How many calls may start back to back before spacing applies. */
  burst: number;
  /** The vendor's counting window, for a budget of calls per window (rateForWindow). */
  windowMs?: number;
}

export interface PreparedRequest {
  method: HttpMethod;
  url: string;
  /** Path only, as vendors that sign requests use it. */
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** The body when it is a file (`request.binaryBody`): sent as these bytes instead of `body`. */
  binary?: Uint8Array;
}

export type Interpretation =
  | { ok: true; body: unknown }
  | {
      ok: false;
      code: VendorErrorCode;
      vendorStatus?: string;
      message?: string;
      /** The request field the vendor says failed (HealthDock's `details.field`). */
      field?: string;
      retryable: boolean;
      /** True when the vendor may have acted on the request despite the error. */
      maybeProcessed: boolean;
    };

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The body as received, for operations whose answer is a file (`response: { binary: true }`). */
  bytes?: Uint8Array;
}

export interface VendorDefinition<Config = any, Secrets = any> {
  id: string;
  title: string;
  /** Connection config (what the vendor needs besides credentials); validated when a connection is added. */
  configSchema: v.GenericSchema<unknown, Config>;
  secretsSchema: v.GenericSchema<unknown, Secrets>;
  /**
   * Secrets we create for a connection rather than take from its owner (Docplanner's push token):
   * generated when the connection is added, kept when it is added again.
   */
  generatedSecrets?: Record<string, () => string>;
  baseUrl(config: Config): string;
  /** Rates per pacing class for one account, after the connection's overrides. */
  pacing(config: Config): Record<string, Rate>;
  /** Adds authentication headers to a prepared request: the vendor's signer, or a token from `ctx.tokens`. */
  authorize(request: PreparedRequest, ctx: AuthorizeContext<Config, Secrets>): Record<string, string> | Promise<Record<string, string>>;
  /** Maps a vendor response, including errors hidden in 200 bodies, to success or a typed failure. */
  interpret(response: RawResponse): Interpretation;
  /** Values the vendor's paths or bodies take from the connection config, by placeholder name. */
  configValues(config: Config): Record<string, string>;
  /** Body fields only a connection may set (MocDoc's `entitykey`): never taken from a caller as a further vendor field. */
  connectionFields?: string[];
  /**
   * Secrets an operation's answer fills in (Solo's `webhookEncryptionKey`, which createWebhook
   * answers once): the vendor's operation functions and consumer may write its connections' secrets.
   */
  storedSecrets?: string[];
  /** What our answers add to the vendor's (VSee's `_typed`), for the OpenAPI document. */
  responseNote?: string;
}

export interface AuthorizeContext<Config = any, Secrets = any> {
  config: Config;
  secrets: Secrets;
  now: Date;
  /** The connection's shared tokens (auth/tokens.ts); a 401 invalidates the ones used and retries once. */
  tokens: TokenAccess;
  /** The per-request timeout, for a token request made on the way. */
  timeoutMs: number;
  /**
   * The user the call acts as (auth/acting-user.ts), for an operation with `actsAs` when there is
   * one: the vendor signs with that user's token instead of the account's credentials.
   */
  user?: ActingUser;
}

/** A user of the vendor's, named by our caller (JWT `sub`, or the user a back-office service names). */
export interface ActingUser {
  /** Our code for the user (1 to 128 printable characters); vendors key their per-user tokens by it. */
  code: string;
}

/**
 * How a list operation pages, for `all=true`: each page is its own paced call of the operation.
 * `links` follows the HATEOAS `_links.next` of each page (Docplanner), taking only its `page` and
 * `limit`, so a vendor link can never send the request elsewhere.
 */
export type Pagination =
  | { style: "links"; items: string; pageField: string; limitField: string; defaultLimit: number }
  /**
   * `pages` reads the page counter of each answer (HealthDock's `data.pagination.current_page` and
   * `total_pages`, dotted paths into the body) and asks for the next page until the last;
   * `items` is the dotted path of the page's array, and the combined answer names it by its last
   * segment (`{patients, pages, total}`).
   */
  | { style: "pages"; items: string; currentPage: string; totalPages: string; pageField: string; limitField: string; defaultLimit: number };

/**
 * Vendor work that finishes later (Solo's encounter report): the route answers 202 with a job at
 * once, and the job makes the operation's own request, polls the status operation with backoff
 * until it says done (or failed), then fetches the result; a file is stored in the archive and the
 * job ends with a short-lived download link (job-completion.ts). The other operations are named by
 * id: the route's bundle holds its own operation only, the consumer resolves the others.
 */
export interface Completion {
  status: {
    operationId: string;
    input(started: unknown, input: Record<string, unknown>): Record<string, unknown>;
    state(answer: unknown): "pending" | "done" | "failed";
  };
  result: { operationId: string; input(started: unknown, input: Record<string, unknown>): Record<string, unknown> };
  /** The first wait, doubling up to `maxMs` between polls; the job fails once `giveUpMs` have passed since the start. */
  backoff: { firstMs: number; maxMs: number; giveUpMs: number };
}

/** What an operation answered without the vendor (`answer`) gets from its connection. */
export interface AnswerContext<Config = any, Secrets = any> {
  config: Config;
  secrets: Secrets;
  now: Date;
}

/** What an operation's follow-up step gets: the answer, the call's input, and the means to act on it. */
export interface AfterSuccessContext {
  deps: Deps;
  connection: Connection;
  log: Log;
  correlationId: string;
  /** The validated input the call was made with. */
  input: Record<string, unknown>;
  /** The user the call acted as, if the operation acts as one. */
  user?: ActingUser;
}

export interface OperationDefinition<Input = any> {
  /** `{vendor}.{name}`, e.g. `mocdoc.listLocations`. */
  id: string;
  name: string;
  vendor: VendorDefinition;
  summary: string;
  kind: OperationKind;
  pacingClass: string;
  /** Our route, relative to `/v1/{vendor}/{connectionId}`. `{param}` segments feed the input. */
  route: { method: HttpMethod; path: string };
  /**
   * The vendor's side. `{config.x}` placeholders come from the connection (never from the caller),
   * `{input.x}` ones from the validated input; input fields used in the path are not sent in the body.
   */
  request: {
    method: HttpMethod;
    path: string;
    contentType: ContentType;
    /** Input fields used in the path that the vendor also wants in the body (MocDoc's `drkey`). */
    alsoInBody?: string[];
    /**
     * Input fields sent as query parameters (arrays comma-separated, as OpenAPI's style=simple).
     * Without it: every field not in the path for GET and DELETE, none otherwise.
     */
    query?: string[];
    /**
     * The input field holding the request body as a whole (Docplanner's `body`, whose fields may
     * share names with the path's). Without it: the fields not used elsewhere are the body.
     */
    bodyField?: string;
    /** Body fields the vendor wants filled from connection config, e.g. `{ entitykey: "entityKey" }`. */
    bodyFromConfig?: Record<string, string>;
    /** Builds the body when it is not simply the fields encoded (e.g. an HL7 message). */
    encode?: (fields: Record<string, unknown>, configValues: Record<string, string>) => string;
    /**
     * The body is a file (Solo's attachments): its bytes, from the input's base64 content field, sent
     * as they are with the file's own Content-Type. Our route takes the file as the raw request body
     * with its content type, or as base64 in JSON (http/binary-body.ts).
     */
    binaryBody?: BinaryBodySpec;
    /**
     * The vendor documents a JSON body on a GET or DELETE (Solo's request-assistance lookups): the
     * fields not in the path or `query` are sent as the body anyway.
     */
    bodyOnEveryMethod?: boolean;
    /**
     * A body field filled with the acting user's code (VSee's SSO `code`), never from the caller:
     * a caller cannot log in as someone else. The operation then needs a user (`actsAs: "user"`).
     */
    userCodeField?: string;
  };
  input: v.GenericSchema<unknown, Input>;
  /**
   * "passthrough" where the vendor's docs elide the request's fields (a table ending in "...."):
   * `input` names the fields we know and validate, and the vendor's further fields pass through
   * as given (rules in vendor-fields.ts). Absent: `input` is the whole request, strictly.
   */
  vendorFields?: VendorFields;
  /** A valid input: documents the operation (OpenAPI) and drives benchmarks and contract tests. */
  example?: Input;
  /** Lists that page: the input's `all=true` fetches every page. */
  pagination?: Pagination;
  /**
   * The answer is a file (a CSV or zip report): returned with the vendor's content type and bytes,
   * not parsed as JSON; one too large for a Lambda response goes through the archive as a download
   * link (http/binary-response.ts). `fileName` names it for the download.
   */
  response?: { binary: true; fileName?: (input: Record<string, unknown>) => string };
  /** Long-running vendor work, run as a job that polls until it finishes (see Completion). */
  completion?: Completion;
  /**
   * Answered by us from the connection, with no vendor request and no pacing slot (Solo's context
   * links, which are encrypted URLs). `request` then describes where the answer points.
   */
  answer?: (input: Input, ctx: AnswerContext) => unknown;
  /**
   * Runs after the vendor answered, before the caller gets the result (which it may replace):
   * Docplanner's pulled notifications are gone from the vendor once answered, so they go to the
   * inbox here, whoever pulled them.
   */
  afterSuccess?: (result: unknown, ctx: AfterSuccessContext) => Promise<unknown>;
  /** Safe to send twice. Reads are; writes are not unless a vendor documents otherwise. */
  idempotent: boolean;
  /**
   * Whose credentials sign the call (auth/acting-user.ts). Absent: the connection's own.
   * `"user"`: the acting user's (an app user is our JWT's `sub`; a back-office service names the
   * user), and a call without one is refused. `"userOrAccount"`: the acting user's when there is
   * one, the connection's for a back-office service that names no user.
   */
  actsAs?: "user" | "userOrAccount";
}

export type AnyOperation = OperationDefinition<any>;

/**
 * Declares one operation; the id and the idempotency default derive from the rest, and a
 * passthrough operation's schema is opened to the vendor's further fields here, once, so every
 * path that validates `input` (HTTP, commands, CLI, OpenAPI) applies the same rules.
 */
export function defineOperation<Input>(
  def: Omit<OperationDefinition<Input>, "id" | "idempotent"> & { idempotent?: boolean },
): OperationDefinition<Input> {
  if (def.request.userCodeField && def.actsAs !== "user") throw new Error(`${def.vendor.id}.${def.name}: userCodeField needs actsAs "user"`);
  const reserved = [...Object.keys(def.request.bodyFromConfig ?? {}), ...(def.vendor.connectionFields ?? []), ...(def.request.userCodeField ? [def.request.userCodeField] : [])];
  const input = def.vendorFields === "passthrough" ? acceptVendorFields(def.input, reserved) : def.input;
  return { ...def, input, id: `${def.vendor.id}.${def.name}`, idempotent: def.idempotent ?? def.kind === "read" };
}
