/**
 * Resource names shared by the stacks, the runtime and the CLI, so a deployed stage and the local
 * stack agree on where things live.
 */
export const secretPrefix = (stage: string, vendor: string) => `switchboard/${stage}/${vendor}/`;
export const secretName = (stage: string, vendor: string, connectionId: string) =>
  `${secretPrefix(stage, vendor)}${connectionId}`;
/**
 * The stage's customer-managed KMS key, by alias: the stacks create it, the CLI encrypts the
 * connections' secrets with it.
 */
export const keyAlias = (stage: string) => `alias/switchboard-${stage}`;
export const tableName = (stage: string) => `switchboard-${stage}`;
export const busName = (stage: string) => `switchboard-${stage}`;
export const queueName = (stage: string, vendor: string) => `switchboard-${stage}-${vendor}.fifo`;
export const deadLetterQueueName = (stage: string, vendor: string) => `switchboard-${stage}-${vendor}-dlq.fifo`;
export const queueUrlEnv = (vendor: string) => `QUEUE_URL_${vendor.toUpperCase()}`;
export const EVENT_SOURCE = "switchboard";
/** SQS moves a job message to its dead-letter queue after this many receives. */
export const MAX_RECEIVE_COUNT = 5;
/**
 * A sparse index of connections: only connection records carry its key, so listing them (the
 * daily sync schedule, the CLI) reads connections alone, never the jobs and idempotency records.
 */
export const CONNECTIONS_INDEX = "connections";
export const CONNECTIONS_INDEX_KEY = "connectionsIndex";
