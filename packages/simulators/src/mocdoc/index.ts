import { timingSafeEqual } from "node:crypto";
import { mocdocSignature } from "@switchboard/core/signers/mocdoc";
import { FaultInjector } from "../faults";
import { answer, matchRoute, type MocDocBody } from "./routes";
import { newAccountState, type MocDocAccountState } from "./state";
import { startSimServer, type RecordedRequest, type SimReply, type SimRequest } from "../server";

/**
 * MocDoc simulator: authenticates, rate-limits and answers as ../shared/vendor-docs/mocdoc-api.txt
 * documents, so adapters can be tested against the vendor's rules rather than our reading of them.
 * The signature is recomputed with our own signer under each account's hmac/secretEncoding, so
 * an account can model either of the variants the docs contradict themselves about.
 */
export interface MocDocSimAccount {
  entityKey: string;
  accessKey: string;
  secretKey: string;
  hmac: "sha1" | "sha256";
  secretEncoding: "utf8" | "base64";
  /** Default 3000: the docs allow one request every 3 seconds. */
  minIntervalMs?: number;
  /**
   * How lab order / test result windows treat `endtime` (the docs do not say): "inclusive" (the
   * default, as our connections assume; the end minute is part of the window) or "exclusive"
   * (24:00 ends the day).
   */
  windowEnd?: "inclusive" | "exclusive";
}

export interface MocDocSimulatorOptions {
  port?: number;
  accounts: MocDocSimAccount[];
  /** Clock for the Date-skew check, the rate limit and receivedAt; default Date.now. */
  now?: () => number;
}

export interface MocDocSimulatorStats {
  total: number;
  byStatus: Record<string, number>;
  rateLimited: number;
}

export interface MocDocSimulator {
  url: string;
  port: number;
  faults: FaultInjector;
  requests: RecordedRequest[];
  stats(): MocDocSimulatorStats;
  addAccount(a: MocDocSimAccount): void;
  stop(): Promise<void>;
}

/** The docs: Date "can't be more than 15 minutes off" from the current UTC time. */
const MAX_CLOCK_SKEW_MS = 15 * 60_000;
const DEFAULT_MIN_INTERVAL_MS = 3000;
/**
 * A client that waits exactly minIntervalMs with setTimeout can be measured a few ms early
 * (timer and clock granularity), so up to 5 ms short of the interval still counts as waited:
 * a request 2996 ms after the last accepted one passes a 3000 ms limit.
 */
const RATE_LIMIT_TOLERANCE_MS = 5;

/** RFC 7231 IMF-fixdate, the form the docs show ("Wed, 09 Aug 2023 12:57:34 GMT"). */
const IMF_FIXDATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const AUTHORIZATION = /^MD ([^:\s]+):(\S+)$/;

function mocdocError(status: number, message: string): MocDocBody {
  return { status: String(status), message };
}

const httpError = (status: number, message: string): SimReply => ({ status, body: mocdocError(status, message) });

function header(req: SimRequest, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === "string" ? value : undefined;
}

/** The account whose secret signed this request, or undefined: every failure is the same 401. */
function authenticate(req: SimRequest, accounts: Map<string, MocDocAccountState>, now: number): MocDocAccountState | undefined {
  const date = header(req, "date");
  const contentType = header(req, "content-type");
  const authorization = AUTHORIZATION.exec(header(req, "authorization") ?? "");
  if (date === undefined || contentType === undefined || !authorization) return undefined;
  if (!IMF_FIXDATE.test(date) || Math.abs(now - Date.parse(date)) > MAX_CLOCK_SKEW_MS) return undefined;

  const [, accessKey = "", signature = ""] = authorization;
  const state = accounts.get(accessKey);
  if (!state) return undefined;
  const { secretKey, hmac, secretEncoding } = state.account;
  // Signed over exactly what was sent: the Content-Type string as-is and the path without query.
  const expected = Buffer.from(
    mocdocSignature({ method: req.method, path: req.path, contentType, date, accessKey, secretKey, hmac, secretEncoding }),
  );
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? state : undefined;
}

export async function startMocDocSimulator(options: MocDocSimulatorOptions): Promise<MocDocSimulator> {
  const now = options.now ?? Date.now;
  const faults = new FaultInjector();
  const requests: RecordedRequest[] = [];
  const accounts = new Map<string, MocDocAccountState>();
  let rateLimited = 0;

  const addAccount = (account: MocDocSimAccount) => {
    if (accounts.has(account.accessKey)) throw new Error(`duplicate MocDoc simulator accessKey ${account.accessKey}`);
    accounts.set(account.accessKey, newAccountState(account));
  };
  options.accounts.forEach(addAccount);

  // Synchronous on purpose: the rate-limit read-check-write cannot interleave with another request.
  const handle = (req: SimRequest): SimReply => {
    const matched = matchRoute(req.method, req.path);
    if (!matched) return httpError(404, "Not Found");

    const at = now();
    const state = authenticate(req, accounts, at);
    if (!state) return httpError(401, "Authentication Failed");
    const { entityKey, minIntervalMs = DEFAULT_MIN_INTERVAL_MS } = state.account;
    if (matched.params.EntityKey !== undefined && matched.params.EntityKey !== entityKey) {
      return httpError(403, "Forbidden");
    }

    // Counted on arrival, as MocDoc does: a request held up by a latency fault was already counted
    // when it came in, however late it is handled. Measured from the last accepted request only,
    // so hammering while limited is not penalised further.
    const arrived = req.receivedAt;
    if (state.lastAcceptedAt !== undefined && Math.abs(arrived - state.lastAcceptedAt) < minIntervalMs - RATE_LIMIT_TOLERANCE_MS) {
      rateLimited += 1;
      return httpError(429, "Too Many Requests");
    }
    state.lastAcceptedAt = Math.max(arrived, state.lastAcceptedAt ?? arrived);

    const body = answer(matched.route, { state, params: matched.params, contentType: header(req, "content-type") ?? "", body: req.body, now: at });
    return { status: 200, body };
  };

  const server = await startSimServer({ port: options.port, faults, requests, now, errorBody: mocdocError, handle });
  return {
    url: server.url,
    port: server.port,
    faults,
    requests,
    stats: () => ({ ...server.stats(), rateLimited }),
    addAccount,
    stop: server.stop,
  };
}
