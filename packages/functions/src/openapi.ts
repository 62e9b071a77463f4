import { apiDocument } from "@switchboard/core/api-document";
import { json } from "@switchboard/core/http/problem";
import { lambda } from "@switchboard/core/lambda";

/** GET /openapi.json — built once per container. */
const document = apiDocument();

export const handler = lambda(async () => json(200, document));
