import * as v from "valibot";
import type { ActingUser, AnyOperation, PreparedRequest, Rate, RawResponse, VendorDefinition } from "./catalogue";
import { parseConnectionConfig, type Connection } from "./connections";
import type { Deps } from "./deps";
import { ConfigurationError, PacingBudgetExceeded, ValidationError, VendorError } from "./errors";
import { interpretBinary } from "./http/binary-response";
import { fetchWithBody, needsFetchWithBody } from "./http/fetch-with-body";
import { buildVendorRequest } from "./http/request";
import { combinedKey, nextPage, pageItems } from "./http/paging";
import { backoffDelay, retryAfterMs } from "./http/retry";
import type { Log } from "./log";
import { AttemptTokens, placeholderTokens, type TokenAccess } from "./auth/tokens";
import { Pacer, type ArrivalReport, type Departure } from "./pacing/pacer";
import { scrubText, sensitiveValues } from "./redact";

/**
 * Runs one vendor operation: pacing slot, signing, sending, interpreting and retrying. Reads retry
 * on network errors, 5xx and 429. Writes retry only when the vendor clearly did not act (429, 503,
 * connection refused); after a timeout, reset or other 5xx the outcome is unknown and the error
 * says so instead of sending the write again.
 */
export interface CallOptions {
  deps: Deps;
  log: Log;
  /** How long pacing and retries may take before giving up, in ms. */
  budgetMs: number;
  /** Runs just before a non-idempotent request leaves (jobs record it to detect crashes mid-call). */
  beforeSend?: () => Promise<void>;
  /** Follows the work into what the call publishes (an operation's follow-up step). */
  correlationId?: string;
  /** The user the call acts as, for an operation with `actsAs` (auth/acting-user.ts). */
  user?: ActingUser;
  fetchImpl?: typeof fetch;
}

interface Account {
  config: unknown;
  secrets: unknown;
}

async function loadAccount(vendor: VendorDefinition, connection: Connection, deps: Deps): Promise<Account> {
  if (connection.vendor !== vendor.id) {
    throw new ConfigurationError(`Connection ${connection.connectionId} is a ${connection.vendor} connection, not ${vendor.id}`);
  }
  const config = parseConnectionConfig(vendor, connection.config);
  const secrets = v.safeParse(vendor.secretsSchema, await deps.credentials.get(connection.secretRef));
  if (!secrets.success) {
    const missing = secrets.issues.map((i) => i.path?.map((p) => String(p.key)).join(".")).join(", ");
    throw new ConfigurationError(`Credentials ${connection.secretRef} are incomplete (${missing})`);
  }
  return { config, secrets: secrets.output };
}

function unsignedRequest(op: AnyOperation, input: Record<string, unknown>, account: Account): PreparedRequest {
  return buildVendorRequest(op, input, op.vendor.configValues(account.config), op.vendor.baseUrl(account.config));
}

async function sign(op: AnyOperation, unsigned: PreparedRequest, account: Account, tokens: TokenAccess, timeoutMs: number, user?: ActingUser): Promise<PreparedRequest> {
  const acting = op.actsAs && user ? { user } : {};
  const auth = await op.vendor.authorize(unsigned, { config: account.config, secrets: account.secrets, now: new Date(), tokens, timeoutMs, ...acting });
  return { ...unsigned, headers: { ...unsigned.headers, ...auth } };
}

/**
 * The exact request an operation would send now, signed, without sending it or using a slot. A
 * token-authorized vendor's token is shown as a placeholder: a dry run fetches none.
 */
export async function prepareCall(op: AnyOperation, input: Record<string, unknown>, connection: Connection, deps: Deps, user?: ActingUser): Promise<PreparedRequest> {
  const account = await loadAccount(op.vendor, connection, deps);
  return sign(op, unsignedRequest(op, withUserCode(op, input, user), account), account, placeholderTokens, deps.config.VENDOR_TIMEOUT_MS, user);
}

/** The input as sent: with the acting user's code in the operation's `userCodeField`, which no caller sets. */
function withUserCode(op: AnyOperation, input: Record<string, unknown>, user: ActingUser | undefined): Record<string, unknown> {
  const field = op.request.userCodeField;
  if (!field) return input;
  if (!user) throw new ValidationError([{ path: "actingUser", message: `is required: ${op.id} acts as a user` }]);
  return { ...input, [field]: user.code };
}

/**
 * Node loads its fetch implementation on first use, which makes a container's first vendor call
 * tens of milliseconds late for its pacing slot. Loading it during init (a data: URL never touches
 * the network) keeps slot start and send time together.
 */
void fetch("data:,").catch(() => undefined);

const NOT_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT", "EHOSTUNREACH", "ENETUNREACH"]);

function networkFailure(err: unknown): { code: "TIMEOUT" | "NETWORK"; notSent: boolean } {
  const e = err as { name?: string; cause?: { code?: string; name?: string } };
  if (e.name === "TimeoutError" || e.cause?.name === "TimeoutError") return { code: "TIMEOUT", notSent: false };
  const code = e.cause?.code;
  return { code: "NETWORK", notSent: code !== undefined && NOT_SENT.has(code) };
}

/** Sends the request; `answered` runs when the response headers are in, while the body is read. */
async function send(request: PreparedRequest, timeoutMs: number, fetchImpl: typeof fetch, answered: (sentAt: number) => Promise<void>): Promise<RawResponse> {
  const sentAt = Date.now();
  const body = request.binary ?? request.body;
  const impl = needsFetchWithBody(request.method, body) ? (fetchWithBody as unknown as typeof fetch) : fetchImpl;
  const response = await impl(request.url, {
    method: request.method,
    headers: request.headers,
    body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  const [received] = await Promise.all([response.arrayBuffer(), answered(sentAt)]);
  const bytes = new Uint8Array(received);
  return { status: response.status, headers: response.headers, text: new TextDecoder().decode(bytes), bytes };
}

/**
 * One operation call as callers see it: a single vendor call, or with `all: true` on a paged list
 * every page in turn (each paced like any call); then the operation's follow-up step, if it has one.
 * An operation we answer ourselves (`answer`) makes no vendor call at all.
 */
export async function callVendor(op: AnyOperation, input: Record<string, unknown>, connection: Connection, opts: CallOptions): Promise<unknown> {
  if (op.answer) {
    const account = await loadAccount(op.vendor, connection, opts.deps);
    return op.answer(input, { config: account.config, secrets: account.secrets, now: new Date() });
  }
  const sent = withUserCode(op, input, opts.user);
  const result = op.pagination && input.all === true ? await callAllPages(op, sent, connection, opts) : await callOnce(op, sent, connection, opts);
  if (!op.afterSuccess) return result;
  return op.afterSuccess(result, { deps: opts.deps, connection, log: opts.log, correlationId: opts.correlationId ?? "internal", input, ...(opts.user && { user: opts.user }) });
}

/** The largest page count `all=true` follows; a list longer than that is refused, never cut short. */
const MAX_PAGES = 100;

async function callAllPages(op: AnyOperation, input: Record<string, unknown>, connection: Connection, opts: CallOptions): Promise<unknown> {
  const paging = op.pagination!;
  const items: unknown[] = [];
  let page: unknown = input[paging.pageField] ?? 1;
  let limit: unknown = input[paging.limitField] ?? paging.defaultLimit;
  for (let pages = 1; ; pages++) {
    const { all: _all, ...rest } = input;
    const body = await callOnce(op, { ...rest, [paging.pageField]: page, [paging.limitField]: limit }, connection, opts);
    const pageItemsOf = pageItems(paging, body);
    if (!pageItemsOf) {
      throw new VendorError({ vendor: op.vendor.id, operation: op.id, code: "MALFORMED_RESPONSE", retryable: true });
    }
    items.push(...pageItemsOf);
    const next = nextPage(paging, body);
    if (!next) return { [combinedKey(paging)]: items, pages, total: items.length };
    if (pages >= MAX_PAGES) {
      throw new VendorError({ vendor: op.vendor.id, operation: op.id, code: "REJECTED", vendorMessage: `more than ${MAX_PAGES} pages; narrow the range or page yourself`, retryable: false });
    }
    ({ page, limit } = { page: next.page, limit: next.limit ?? limit });
  }
}

async function callOnce(op: AnyOperation, input: Record<string, unknown>, connection: Connection, opts: CallOptions): Promise<unknown> {
  const { deps, log } = opts;
  const fetchImpl = opts.fetchImpl ?? fetch;
  const deadline = Date.now() + opts.budgetMs;
  const account = await loadAccount(op.vendor, connection, deps);
  const unsigned = unsignedRequest(op, input, account);
  const rate = op.vendor.pacing(account.config)[op.pacingClass];
  if (!rate) throw new ConfigurationError(`${op.id}: vendor ${op.vendor.id} has no pacing class ${op.pacingClass}`);
  const paceKey = Pacer.key(connection.connectionId, op.pacingClass);
  const echoed = sensitiveValues(input);
  const maxAttempts = deps.config.VENDOR_MAX_ATTEMPTS;
  const timeoutMs = deps.config.VENDOR_TIMEOUT_MS;

  let failed: VendorError | undefined;
  let reauthorized = false;
  for (let attempt = 0; ; attempt++) {
    const tokens = new AttemptTokens(deps.tokens, connection.connectionId);
    // Authorize once before taking a slot, so a token fetch (shared by every caller of a cold
    // connection) happens before the pacing wait, not after it: slots that passed while callers
    // waited for the token would otherwise all leave together, a burst the vendor counts on arrival.
    // The signature itself is made again after the wait (below), from the cached token.
    await sign(op, unsigned, account, tokens, timeoutMs, opts.user);
    let departure: Departure;
    try {
      const slot = await deps.pacer.acquire(paceKey, rate, Math.max(0, deadline - Date.now()));
      departure = await deps.pacer.depart(paceKey, rate, op.name, slot, deadline);
    } catch (err) {
      // No slot left for a retry: the caller learns what the vendor did, not that we ran out of
      // time. After a vendor 429 our own 429 says the same, with the held slot's Retry-After.
      throw failed && failed.code !== "RATE_LIMITED" && err instanceof PacingBudgetExceeded ? failed : err;
    }
    let reported = false;
    const report = async (arrival: ArrivalReport) => {
      reported = true;
      // The answer is what matters to the caller; a lost report only makes the next departure wait its grace.
      await deps.pacer.arrived(departure, op.name, arrival).catch((err: unknown) => log.warn("pacing report failed", { error: (err as Error).name }));
    };
    let request: PreparedRequest;
    try {
      if (!op.idempotent) await opts.beforeSend?.();
      // Signed after the departure wait: MocDoc's signature covers the Date header.
      request = await sign(op, unsigned, account, tokens, timeoutMs, opts.user);
    } catch (err) {
      await report({ failedAt: Date.now(), notSent: true });
      throw err;
    }
    const started = Date.now();
    let error: VendorError;
    let response: RawResponse | undefined;
    try {
      response = await send(request, timeoutMs, fetchImpl, (sentAt) => report({ sentAt, respondedAt: Date.now() }));
      const outcome = op.response?.binary ? interpretBinary(response, op, input) : op.vendor.interpret(response);
      log.info("vendor call", { vendor: op.vendor.id, operationId: op.id, attempt, httpStatus: response.status, ok: outcome.ok, durationMs: Date.now() - started });
      await holdIfExhausted(deps, paceKey, rate, response, outcome.ok ? undefined : outcome.code);
      if (outcome.ok) return outcome.body;
      const unsafe = !op.idempotent && outcome.maybeProcessed;
      error = new VendorError({
        vendor: op.vendor.id,
        operation: op.id,
        code: outcome.code,
        httpStatus: response.status,
        vendorStatus: outcome.vendorStatus,
        vendorMessage: outcome.message === undefined ? undefined : scrubText(outcome.message, echoed),
        ...(outcome.field !== undefined && { vendorField: outcome.field }),
        retryable: outcome.retryable && !unsafe,
        outcomeUnknown: unsafe,
        retryAfterMs: retryAfterMs(response.headers, Date.now()),
      });
    } catch (err) {
      const failure = networkFailure(err);
      if (!reported) await report({ failedAt: Date.now(), notSent: failure.notSent });
      const unsafe = !op.idempotent && !failure.notSent;
      log.warn("vendor call failed", { vendor: op.vendor.id, operationId: op.id, attempt, code: failure.code, notSent: failure.notSent, durationMs: Date.now() - started });
      error = new VendorError({ vendor: op.vendor.id, operation: op.id, code: failure.code, retryable: !unsafe, outcomeUnknown: unsafe });
    }
    // A refused token (expired early, revoked): forget exactly it and try once more with a new one.
    // The vendor did nothing with a 401, so this is safe for writes too.
    if (error.code === "AUTH" && tokens.used.length > 0 && !reauthorized) {
      reauthorized = true;
      await tokens.invalidateUsed();
      log.info("vendor refused the token; retrying once with a new one", { vendor: op.vendor.id, operationId: op.id, attempt });
      continue;
    }
    if (!error.retryable || attempt + 1 >= maxAttempts) throw error;
    const delay = Math.max(error.retryAfterMs ?? 0, backoffDelay(attempt));
    if (Date.now() + delay > deadline) throw error;
    failed = error;
    log.info("vendor call retry", { vendor: op.vendor.id, operationId: op.id, attempt, delayMs: delay, code: error.code });
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

/**
 * Header-driven pacing: a vendor that reports its budget (`X-RateLimit-Remaining`) at 0, or
 * answers 429, holds every caller of that budget until the reset it names, instead of sending into
 * a 429. Without those headers nothing changes (for Docplanner: the account's limiter is off).
 */
async function holdIfExhausted(deps: Deps, paceKey: string, rate: Rate, response: RawResponse, code: string | undefined): Promise<void> {
  const exhausted = response.headers.get("x-ratelimit-remaining")?.trim() === "0";
  if (!exhausted && code !== "RATE_LIMITED") return;
  const wait = retryAfterMs(response.headers, Date.now());
  if (wait !== undefined) await deps.pacer.holdUntil(paceKey, rate, Date.now() + wait);
}
