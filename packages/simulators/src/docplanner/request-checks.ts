import type { SimRequest } from "../server";
import { describeErrors, type ContractOperation, type ContractValidators, type JsonSchema } from "./contract";
import { ApiError, MESSAGES } from "./replies";

/**
 * A request checked against its operation in the contract before any handler runs: path and query
 * parameters against their schemas (required, integer, date-time with an offset, `with` values
 * from the endpoint's enum, comma-separated as style=simple), the JSON body against the request
 * schema. Failures are 400 with a message naming the field.
 */
export interface CheckedRequest {
  params: Record<string, string>;
  query: Record<string, unknown>;
  with: ReadonlySet<string>;
  body: Record<string, unknown>;
}

/**
 * getCalendarBreaks documents a bad since/till as 404 "Invalid date given." (its only error
 * example for dates; it declares no 400).
 */
const INVALID_QUERY: Record<string, { status: number; message: string }> = {
  getCalendarBreaks: { status: 404, message: MESSAGES.invalidDate },
};

function reject(messages: string[], operationId?: string): never {
  const special = operationId === undefined ? undefined : INVALID_QUERY[operationId];
  throw new ApiError(special?.status ?? 400, special?.message ?? messages[0] ?? MESSAGES.invalidArguments, messages);
}

function queryValue(schema: JsonSchema, values: string[]): unknown {
  if (schema.type === "array") return values.flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean);
  const last = values[values.length - 1]!;
  if (schema.type === "integer") return /^-?\d+$/.test(last) ? Number(last) : last;
  return last;
}

function decode(segment: string, name: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return reject([`Param "${name}" is not validly URL-encoded`]);
  }
}

function checkParameters(v: ContractValidators, op: ContractOperation, raw: Record<string, string>, query: URLSearchParams) {
  const params: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  let queryProblem = false;
  for (const p of op.parameters) {
    const given = p.in === "path" ? [decode(raw[p.name] ?? "", p.name)] : query.getAll(p.name);
    if (given.length === 0) {
      if (p.required) {
        problems.push(`Param "${p.name}" is required!`);
        queryProblem = true;
      }
      continue;
    }
    const value = p.in === "path" ? given[0]! : queryValue(p.schema, given);
    const validate = v.schema(`parameter:${op.operationId}:${p.in}:${p.name}`, p.schema);
    if (!validate(value)) {
      problems.push(...describeErrors(validate.errors, p.name));
      queryProblem ||= p.in === "query";
    }
    if (p.in === "path") params[p.name] = value as string;
    else values[p.name] = value;
  }
  if (problems.length) reject(problems, queryProblem ? op.operationId : undefined);
  const scopes = Array.isArray(values.with) ? (values.with as string[]) : [];
  return { params, query: values, with: new Set(scopes) };
}

const isJson = (contentType: string | undefined) => /^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(contentType ?? "");

function checkBody(v: ContractValidators, op: ContractOperation, req: SimRequest): Record<string, unknown> {
  if (!op.requestBody) return {};
  const text = req.body.toString("utf8");
  let body: unknown = {};
  if (text.trim() !== "") {
    if (!isJson(req.headers["content-type"])) throw new ApiError(415, `Unsupported media type: send ${op.requestBody.contentType}`);
    try {
      body = JSON.parse(text);
    } catch {
      return reject(["Request body is not valid JSON"]);
    }
  }
  const validate = v.requestBody(op.operationId)!;
  if (!validate(body)) reject(describeErrors(validate.errors));
  return body as Record<string, unknown>;
}

export function checkRequest(v: ContractValidators, op: ContractOperation, raw: Record<string, string>, req: SimRequest): CheckedRequest {
  return { ...checkParameters(v, op, raw, req.query), body: checkBody(v, op, req) };
}
