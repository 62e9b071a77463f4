import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { docsResponse } from "@switchboard/core/docs-page";
import { lambda } from "@switchboard/core/lambda";

/** GET /docs and GET /docs/{asset}: the interactive API reference and its files. */
export const handler = lambda(async (event: APIGatewayProxyEventV2) => docsResponse(event));
