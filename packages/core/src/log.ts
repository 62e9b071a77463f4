import { AsyncLocalStorage } from "node:async_hooks";
import { Logger } from "@aws-lambda-powertools/logger";
import type { ConstructorOptions } from "@aws-lambda-powertools/logger/types";
import type { Context } from "aws-lambda";
import { REDACTED, redactKey } from "./redact";

interface Invocation {
  context: Context;
  coldStart: boolean;
}

const invocation = new AsyncLocalStorage<Invocation>();

/**
 * Powertools asks each logger instance whether this is a cold start, so a child logger created on
 * a warm invocation would log `cold_start: true`. Ours answer for the invocation they log in.
 */
class InvocationAwareLogger extends Logger {
  protected override getColdStart(): boolean {
    return invocation.getStore()?.coldStart ?? false;
  }

  protected override createLogger(options?: ConstructorOptions): Logger {
    return new InvocationAwareLogger(options);
  }
}

/**
 * One structured JSON logger. Every attribute passes through the redacting replacer before it is
 * written, so a careless `log.info("x", { input })` still cannot leak patient data.
 */
export const rootLogger = new InvocationAwareLogger({
  serviceName: "switchboard",
  jsonReplacerFn: (key: string, value: unknown) => (key && redactKey(key, value) ? REDACTED : value),
});

export type Log = Logger;

/** Runs one Lambda invocation; loggers made inside it carry its context. */
export function inInvocation<T>(context: Context, coldStart: boolean, run: () => T): T {
  return invocation.run({ context, coldStart }, run);
}

/**
 * A logger bound to one request or job. It takes the Lambda context of the invocation it runs in,
 * not whatever the shared root logger saw last: locally, concurrent invocations of different
 * functions share one process.
 */
export function loggerFor(correlationId: string, keys: Record<string, string> = {}): Log {
  const log = rootLogger.createChild({ persistentKeys: { correlationId, ...keys } });
  const current = invocation.getStore();
  if (current) log.addContext(current.context);
  return log;
}
