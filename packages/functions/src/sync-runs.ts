import { getDeps } from "@switchboard/core/deps";
import { lambda } from "@switchboard/core/lambda";
import type { HttpEvent } from "@switchboard/core/http/event";
import { handleSyncRunRequest } from "@switchboard/core/http/sync-route";

/** GET /v1/sync-runs/{runId} */
export const handler = lambda((event: HttpEvent) => handleSyncRunRequest(event, getDeps()));
