import { lambda } from "@switchboard/core/lambda";
import { json } from "@switchboard/core/http/problem";
import { buildOpenApi } from "@switchboard/core/openapi";
import { allOperations } from "@switchboard/core/vendors/index";
import { syncs } from "@switchboard/core/vendors/syncs";

/** GET /openapi.json — built once per container. */
const document = buildOpenApi(allOperations(), syncs);

export const handler = lambda(async () => json(200, document));
