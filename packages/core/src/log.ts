import { Logger } from "@aws-lambda-powertools/logger";
import { REDACTED, redactKey } from "./redact";

/**
 * One structured JSON logger. Every attribute passes through the redacting replacer before it is
 * written, so a careless `log.info("x", { input })` still cannot leak patient data.
 */
export const rootLogger = new Logger({
  serviceName: "switchboard",
  jsonReplacerFn: (key: string, value: unknown) => (key && redactKey(key, value) ? REDACTED : value),
});

export type Log = Logger;

/** A logger bound to one request or job: concurrent invocations (locally) never share keys. */
export function loggerFor(correlationId: string, keys: Record<string, string> = {}): Log {
  return rootLogger.createChild({ persistentKeys: { correlationId, ...keys } });
}
