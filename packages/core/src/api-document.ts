import { buildOpenApi } from "./openapi";
import { allOperations } from "./vendors/index";
import { syncs } from "./vendors/syncs";

/** The API's OpenAPI document: what GET /openapi.json serves, /docs renders and packages/client is generated from. */
export const apiDocument = () => buildOpenApi(allOperations(), syncs);
