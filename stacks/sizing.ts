import { Duration } from "aws-cdk-lib";
import { RetentionDays } from "aws-cdk-lib/aws-logs";
import { loadConfig } from "@switchboard/core/config";
import { MAX_RECEIVE_COUNT } from "@switchboard/core/naming";

/**
 * Every timing and size the stacks set, derived in one place from the runtime's own budgets
 * (packages/core/src/config.ts defaults — the deployed functions run with those defaults, so the
 * infrastructure is sized against the same numbers the code waits for).
 */
const runtime = loadConfig({ TABLE_NAME: "sizing-only" });
const seconds = (ms: number) => Math.ceil(ms / 1000);

/**
 * An API call waits at most for its pacing slot (read/write budget, 10 s) and then one vendor
 * request (10 s): 20 s. 30 s leaves room for a cold start and the DynamoDB round trips, matches
 * the local stack, and is API Gateway HTTP API's integration ceiling, so a longer timeout would
 * only keep a function running after the caller already got a 503.
 */
const OPERATION_TIMEOUT_S = 30;
const operationWork = Math.max(runtime.READ_WAIT_BUDGET_MS, runtime.WRITE_WAIT_BUDGET_MS) + runtime.VENDOR_TIMEOUT_MS;
if (seconds(operationWork) >= OPERATION_TIMEOUT_S) {
  throw new Error(`Operation budgets (${operationWork} ms) no longer fit the ${OPERATION_TIMEOUT_S} s function timeout`);
}

/**
 * A job waits up to CONSUMER_WAIT_BUDGET_MS (60 s) for its slot, then makes up to
 * VENDOR_MAX_ATTEMPTS (3) vendor requests of VENDOR_TIMEOUT_MS (10 s): 90 s. 120 s (as locally)
 * leaves 30 s for a cold start, backoff sleeps and the job record writes.
 */
const CONSUMER_TIMEOUT_S = 120;
const consumerWork = runtime.CONSUMER_WAIT_BUDGET_MS + runtime.VENDOR_MAX_ATTEMPTS * runtime.VENDOR_TIMEOUT_MS;
if (seconds(consumerWork) >= CONSUMER_TIMEOUT_S) {
  throw new Error(`Consumer budgets (${consumerWork} ms) no longer fit the ${CONSUMER_TIMEOUT_S} s function timeout`);
}

/**
 * The schedule plans its vendor's connections one after another. Planning one is a few DynamoDB
 * round trips, plus, for an account without pinned locations, one listLocations call made with
 * the consumer's budget: normally a pacing slot and one request (a second or two), at worst
 * CONSUMER_WAIT_BUDGET_MS and VENDOR_MAX_ATTEMPTS requests (90 s) when the account's queue holds
 * its slots or the vendor is failing. 300 s covers dozens of connections in the normal case and
 * three at their worst. A tick that runs out of time loses nothing: the runs it created are found
 * by id on the next tick (run ids derive from the range), which carries on with the rest; and as
 * 300 s is far below the hour, two ticks never overlap.
 */
const SYNC_SCHEDULE_TIMEOUT_S = 300;
const SYNC_SCHEDULE_WORST_CASE_CONNECTIONS = 3;
if (SYNC_SCHEDULE_WORST_CASE_CONNECTIONS * seconds(consumerWork) >= SYNC_SCHEDULE_TIMEOUT_S) {
  throw new Error(`${SYNC_SCHEDULE_WORST_CASE_CONNECTIONS} worst-case locations lookups (${consumerWork} ms each) no longer fit the ${SYNC_SCHEDULE_TIMEOUT_S} s schedule timeout`);
}

export interface FunctionSize {
  memorySize: number;
  timeout: number;
}

export const functionSizes = {
  /** 512 MB: more memory is more CPU, which shortens cold starts and request signing. */
  operation: { memorySize: 512, timeout: OPERATION_TIMEOUT_S },
  consumer: { memorySize: 512, timeout: CONSUMER_TIMEOUT_S },
  /**
   * Behind the API like an operation, so held to the same 30 s. It may first ask the vendor for the
   * account's locations (startSyncRun gives that call the consumer's 60 s pacing budget, more than
   * API Gateway waits: a backfill for an account whose slots are busy can answer 503, before any
   * run is created), then queues the units ten per request: a year of MocDoc's 18 datasets is
   * about 660 requests in sequence (the route refuses longer ranges).
   */
  syncStart: { memorySize: 512, timeout: OPERATION_TIMEOUT_S },
  /** 512 MB like the consumer: 24 invocations a day, so more CPU for the sequential planning costs nothing. */
  syncSchedule: { memorySize: 512, timeout: SYNC_SCHEDULE_TIMEOUT_S },
  /**
   * A vendor schedule's tick (Docplanner's notification puller): it works until its time is nearly
   * up (keeping 10 s to store and publish the last batch) and then stops, so a one-minute schedule
   * fits in one minute, and the next tick carries on.
   */
  vendorSchedule: { memorySize: 512, timeout: 60 },
  /**
   * A webhook: verify, store, publish, answer. Docplanner waits about a second for its approval
   * hooks; 10 s only bounds a stuck dependency.
   */
  webhook: { memorySize: 512, timeout: 10 },
  /**
   * A FHIR request may make several paced vendor calls in turn (a practitioner's addresses, then
   * each address's slots), each within the read budget: as an operation, held to API Gateway's 30 s.
   */
  fhir: { memorySize: 512, timeout: OPERATION_TIMEOUT_S },
  /**
   * A vendor's own route (an OAuth start or callback): behind the API like an operation, so held to
   * the same 30 s; the callback makes one token request (VENDOR_TIMEOUT_MS).
   */
  vendorRoute: { memorySize: 512, timeout: OPERATION_TIMEOUT_S },
  /** One GetItem. */
  jobs: { memorySize: 256, timeout: 10 },
  /** One GetItem. */
  syncRuns: { memorySize: 256, timeout: 10 },
  /** Builds the document once per container from the catalogues. */
  openapi: { memorySize: 256, timeout: 10 },
  /** Reads and gzips Swagger UI's files once per container (the largest, 1.7 MB, in well under a second). */
  docs: { memorySize: 256, timeout: 10 },
  /** Probes the table and every vendor queue in parallel. */
  health: { memorySize: 256, timeout: 10 },
} as const satisfies Record<string, FunctionSize>;

export const queueTimings = {
  /**
   * AWS's rule for SQS event sources: at least six times the consumer's timeout, so a message is
   * not handed out again while the poller is still retrying a throttled invocation. It is also the
   * wait before a failed job's next attempt.
   */
  visibilityTimeout: Duration.seconds(6 * CONSUMER_TIMEOUT_S),
  /**
   * The longest. A message that outlives retention is deleted without reaching the dead-letter
   * queue, so a vendor outage longer than this would lose accepted work; the age alarm fires long before.
   */
  retention: Duration.days(14),
  deadLetterRetention: Duration.days(14),
  /**
   * A message retried until it is dead-lettered is at most MAX_RECEIVE_COUNT visibility timeouts
   * old (1 h); older than that means the consumer is not draining the queue at all.
   */
  oldestMessageAlarmAge: Duration.seconds(MAX_RECEIVE_COUNT * 6 * CONSUMER_TIMEOUT_S),
} as const;

/**
 * Reserved concurrency where it protects a vendor or a budget. The request path (operations,
 * backfill starts, jobs, sync runs, health, OpenAPI, docs) reserves none: it is bounded by the API's
 * default route throttling (stage config), and reserving a slice for each of up to ~150 route
 * functions would split the account's concurrency into slices that sit idle while one route 429s.
 * Reserved concurrency comes out of the account's Lambda quota: the deploy guide lists the sum.
 */
export const concurrency = {
  /**
   * One tick at a time: it plans every connection of its vendor in sequence, and a second,
   * concurrent tick (a retry overlapping a slow one) would only repeat the same vendor calls
   * (locations lookups) against the same accounts' budgets. A tick that finds it throttled is
   * retried by Lambda's asynchronous queue.
   */
  syncSchedule: 1,
  /**
   * A vendor schedule's ticks one at a time, for the same reason: a retry overlapping a slow tick
   * would only contend for the same connections (whose pullers take a lease each anyway).
   */
  vendorSchedule: 1,
  /**
   * The SQS poller runs at most this many consumers of a vendor's queue at once: jobs of different
   * connections run in parallel, those of one connection in order (FIFO message groups), and each
   * waits for its account's pacing slot. Ten in flight keep ten accounts busy while a backfill
   * across every clinic cannot take the account's whole concurrency from the API.
   */
  consumerPollers: 10,
  /**
   * Above the pollers' ten, so the SQS poller is never throttled (a throttled FIFO delivery counts
   * a receive and could dead-letter a job that never ran), with two more for `switchboard.command`
   * events, which only validate the command and queue a job.
   */
  consumerReserved: 12,
} as const;
if (concurrency.consumerReserved <= concurrency.consumerPollers) throw new Error("The consumer's reserved concurrency must exceed its SQS pollers' maximum");

/** EventBridge's delivery retries to a target; what still fails goes to the stack's failure queue. */
export const asyncDelivery = {
  /** An hourly tick older than an hour is overtaken by the next one, which plans the same catch-up. */
  schedule: { retryAttempts: 10, maxEventAge: Duration.hours(1) },
  /** Commands carry accepted work: retried for a day (EventBridge's longest) before they are dead-lettered. */
  command: { retryAttempts: 185, maxEventAge: Duration.hours(24) },
  /** Stalled-run notifications for the alarms topic. */
  notification: { retryAttempts: 185, maxEventAge: Duration.hours(24) },
} as const;

export const retention = {
  /** Function and access logs: they never carry patient data, but still need not live forever. */
  logs: RetentionDays.ONE_MONTH,
  /** The same, in the spelling SST's Api `accessLog.retention` takes. */
  accessLogs: "one_month",
  /** Raw sync archives under raw/: cheaper storage after a month, gone after a quarter. */
  archiveInfrequentAccessAfter: Duration.days(30),
  archiveExpireAfter: Duration.days(90),
  incompleteUploads: Duration.days(7),
  /** A long sync unit's saved progress under partial/: deleted when the unit completes; this only clears runs abandoned mid-unit. */
  unitProgress: Duration.days(14),
  /** Files handed out by link under downloads/: the links last minutes, the files a day. */
  downloads: Duration.days(1),
  /** Overwritten or deleted archive objects stay recoverable this long (the bucket is versioned). */
  archiveNoncurrentVersions: Duration.days(30),
  /** The archive's S3 server access logs. */
  archiveAccessLogs: Duration.days(365),
} as const;
