import { getDeps } from "@switchboard/core/deps";
import { lambda } from "@switchboard/core/lambda";
import type { HttpEvent } from "@switchboard/core/http/event";
import { handleJobRequest } from "@switchboard/core/http/jobs-route";

/** GET /v1/jobs/{jobId} */
export const handler = lambda((event: HttpEvent) => handleJobRequest(event, getDeps()));
