import { TokenStore } from "./auth/tokens";
import { dynamoClients, lazySqs } from "./aws";
import { FileArchive, S3Archive, type Archive } from "./archive";
import { loadConfig, type RuntimeConfig } from "./config";
import { ConnectionStore } from "./connections";
import { FileCredentials, SecretsManagerCredentials, type CredentialStore } from "./credentials";
import { FileDownloads, S3Downloads, type DownloadStore } from "./downloads";
import { EventBridgePublisher, localEventPublisher, type EventPublisher } from "./events";
import { Inbox } from "./inbox/inbox";
import { JobStore } from "./jobs";
import { keyAlias } from "./naming";
import { Pacer } from "./pacing/pacer";
import { JobQueue } from "./queue";
import { SyncRunStore } from "./sync/runs";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

/**
 * Everything core needs from the outside world, built once per process from the environment.
 * Building it loads no SDK client besides DynamoDB's: the queue, archive, bus and secrets load
 * theirs on first use (see aws.ts).
 */
export interface Deps {
  config: RuntimeConfig;
  dynamo: DynamoDBClient;
  ddb: DynamoDBDocumentClient;
  connections: ConnectionStore;
  credentials: CredentialStore;
  pacer: Pacer;
  tokens: TokenStore;
  jobs: JobStore;
  queue: JobQueue;
  events: EventPublisher;
  archive: Archive;
  /** Files handed out by link (downloads.ts), kept in the archive. */
  downloads: DownloadStore;
  syncRuns: SyncRunStore;
  inbox: Inbox;
}

export function buildDeps(env: NodeJS.ProcessEnv = process.env): Deps {
  const config = loadConfig(env);
  const { client, doc } = dynamoClients(config);
  const credentials =
    config.SECRETS_BACKEND === "file"
      ? new FileCredentials(config.SECRETS_DIR ?? ".switchboard/secrets")
      : new SecretsManagerCredentials(config.SECRET_CACHE_SECONDS, keyAlias(config.STAGE));
  const events = config.EVENTS_BACKEND === "local" ? lazyLocalPublisher : new EventBridgePublisher(config.EVENT_BUS_NAME);
  const archive = config.ARCHIVE_BACKEND === "file" ? new FileArchive(config.ARCHIVE_DIR ?? ".switchboard/archive") : new S3Archive(config.ARCHIVE_BUCKET);
  return {
    config,
    dynamo: client,
    ddb: doc,
    connections: new ConnectionStore(doc, config.TABLE_NAME, config.CONNECTION_CACHE_MS),
    credentials,
    pacer: new Pacer({ ddb: doc, table: config.TABLE_NAME }),
    tokens: new TokenStore({ ddb: doc, table: config.TABLE_NAME }),
    jobs: new JobStore(doc, config.TABLE_NAME, config.JOB_TTL_SECONDS),
    queue: new JobQueue(lazySqs(config), env),
    events,
    archive,
    downloads:
      config.ARCHIVE_BACKEND === "file"
        ? new FileDownloads(config.ARCHIVE_DIR ?? ".switchboard/archive", () => env.DOWNLOAD_BASE_URL ?? config.DOWNLOAD_BASE_URL)
        : new S3Downloads(config.ARCHIVE_BUCKET),
    syncRuns: new SyncRunStore(doc, config.TABLE_NAME, config.JOB_TTL_SECONDS),
    inbox: new Inbox({ ddb: doc, table: config.TABLE_NAME, archive, events, claimMs: config.INBOX_CLAIM_MS }),
  };
}

const lazyLocalPublisher: EventPublisher = { publish: (events) => localEventPublisher().publish(events) };

let cached: Deps | undefined;

/** Per-process dependencies (a Lambda container, the local stack, the CLI). */
export function getDeps(): Deps {
  cached ??= buildDeps();
  return cached;
}

/** Forget cached dependencies, e.g. after the local stack changes the environment. */
export function resetDeps(): void {
  cached = undefined;
}
