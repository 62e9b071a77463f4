import { readFileSync } from "node:fs";
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { callbackNames, REFERENCE_TEXT_OVERRIDES, type JsonSchema, type OpenApiDocument } from "./reference-text";

export type { JsonSchema, OpenApiDocument } from "./reference-text";

/**
 * Docplanner's OpenAPI 3.0.3 contract (1.14.0) as JSON Schema: `$ref`s inlined, OpenAPI's
 * `nullable` turned into type unions, the reference text's overrides applied (reference-text.ts).
 * The simulator validates requests with it and the tests validate every response and notification
 * against it; Switchboard's contract tests can reuse it.
 */
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface ContractParameter {
  name: string;
  in: "path" | "query";
  required: boolean;
  schema: JsonSchema;
}

export interface ContractResponse {
  /** The response's media type; undefined when the contract gives the status no body. */
  contentType?: string;
  schema?: JsonSchema;
}

export interface ContractOperation {
  /** The contract's own id, e.g. "getSlots" or "Pull Multiple Notification". */
  operationId: string;
  method: HttpMethod;
  /** Template relative to the API base, e.g. "/facilities/{facility_id}". */
  path: string;
  parameters: ContractParameter[];
  requestBody?: { required: boolean; contentType: string; schema: JsonSchema };
  responses: Record<string, ContractResponse>;
}

export interface Contract {
  version: string;
  operations: ContractOperation[];
  /** Callback (notification) event name → schema of the whole pushed body {name, data, created_at}. */
  callbacks: Map<string, JsonSchema>;
  /** Component schemas, resolved. */
  schemas: Record<string, JsonSchema>;
}

/** The committed copy of the vendor's contract (identical to ../shared/vendor-docs). */
const CONTRACT_FILE = new URL("../../../core/src/vendors/docplanner/contract/docplanner-openapi-1.14.0.json", import.meta.url);
const METHODS: readonly HttpMethod[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

export function readContractDocument(): OpenApiDocument {
  return JSON.parse(readFileSync(CONTRACT_FILE, "utf8")) as OpenApiDocument;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function pointer(doc: OpenApiDocument, ref: string): unknown {
  if (!ref.startsWith("#/")) throw new Error(`external $ref not supported: ${ref}`);
  return ref
    .slice(2)
    .split("/")
    .reduce<unknown>((node, key) => (isObject(node) ? node[key] : undefined), doc);
}

/** OpenAPI 3.0 `nullable: true` as JSON Schema: null joins the type (and the enum, if any). */
function withNull(node: Record<string, unknown>): Record<string, unknown> {
  const { nullable: _nullable, ...rest } = node;
  const allOf = rest.allOf;
  if (rest.type === undefined && Array.isArray(allOf) && allOf.length === 1 && isObject(allOf[0])) {
    const { allOf: _allOf, ...others } = rest;
    return withNull({ ...allOf[0], ...others, nullable: true });
  }
  if (rest.type === undefined) return { anyOf: [rest, { type: "null" }] };
  const types = Array.isArray(rest.type) ? rest.type : [rest.type];
  const nullable: Record<string, unknown> = { ...rest, type: [...new Set([...types, "null"])] };
  if (Array.isArray(rest.enum)) nullable.enum = [...rest.enum, null];
  return nullable;
}

/** Inlines every $ref (the contract has no cycles; one would throw) and converts nullable. */
function resolve(doc: OpenApiDocument, node: unknown, seen: readonly string[] = []): unknown {
  if (Array.isArray(node)) return node.map((item) => resolve(doc, item, seen));
  if (!isObject(node)) return node;
  if (typeof node.$ref === "string") {
    if (seen.includes(node.$ref)) throw new Error(`cyclic $ref ${node.$ref}`);
    return resolve(doc, pointer(doc, node.$ref), [...seen, node.$ref]);
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    // `example` values contradict their own types in places (ids as numbers); they are not rules.
    if (key !== "example" && key !== "examples") out[key] = resolve(doc, value, seen);
  }
  return out.nullable === true ? withNull(out) : out;
}

function parametersOf(doc: OpenApiDocument, pathItem: Record<string, unknown>, op: Record<string, unknown>): ContractParameter[] {
  const list = [...((pathItem.parameters as unknown[]) ?? []), ...((op.parameters as unknown[]) ?? [])].map(
    (p) => resolve(doc, p) as { name: string; in: "path" | "query"; required?: boolean; schema: JsonSchema },
  );
  // An operation's parameter overrides the path's of the same name and location.
  const byKey = new Map(list.map((p) => [`${p.in}:${p.name}`, p]));
  return [...byKey.values()].map((p) => ({ name: p.name, in: p.in, required: p.required === true, schema: p.schema }));
}

function firstContent(content: unknown): { contentType: string; schema: JsonSchema } | undefined {
  if (!isObject(content)) return undefined;
  const [contentType, media] = Object.entries(content)[0] ?? [];
  return contentType && isObject(media) ? { contentType, schema: media.schema as JsonSchema } : undefined;
}

export function buildContract(raw: OpenApiDocument, options: { referenceText?: boolean } = {}): Contract {
  const doc = structuredClone(raw);
  if (options.referenceText !== false) for (const override of REFERENCE_TEXT_OVERRIDES) override.apply(doc);

  const operations: ContractOperation[] = [];
  for (const [path, pathItem] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = pathItem[method.toLowerCase()];
      // Operations with callbacks describe what Docplanner calls (the push endpoint), not what it serves.
      if (!isObject(op) || op.callbacks !== undefined) continue;
      const body = isObject(op.requestBody) ? op.requestBody : undefined;
      const bodyContent = firstContent(body?.content);
      const responses: Record<string, ContractResponse> = {};
      for (const [status, response] of Object.entries((op.responses as Record<string, { content?: unknown }>) ?? {})) {
        const content = firstContent(response.content);
        responses[status] = content ? { contentType: content.contentType, schema: resolve(doc, content.schema) as JsonSchema } : {};
      }
      operations.push({
        operationId: String(op.operationId),
        method,
        path,
        parameters: parametersOf(doc, pathItem, op),
        requestBody: bodyContent && {
          required: body?.required === true,
          contentType: bodyContent.contentType,
          schema: resolve(doc, bodyContent.schema) as JsonSchema,
        },
        responses,
      });
    }
  }

  const callbacks = new Map<string, JsonSchema>();
  const push = doc.paths["/{client-endpoint-url}"]?.post as { callbacks: Record<string, Record<string, { post: { requestBody: { content: unknown } } }>> };
  for (const name of callbackNames(doc)) {
    const expression = Object.values(push.callbacks).find((c) => c[name])?.[name];
    const content = firstContent(expression?.post.requestBody.content);
    if (content) callbacks.set(name, resolve(doc, content.schema) as JsonSchema);
  }

  const schemas = Object.fromEntries(Object.keys(doc.components.schemas).map((name) => [name, resolve(doc, { $ref: `#/components/schemas/${name}` }) as JsonSchema]));
  return { version: doc.info.version, operations, callbacks, schemas };
}

/** Compiled validators over one built contract, compiled on first use. */
export class ContractValidators {
  private readonly ajv = new Ajv({ allErrors: true, strict: false });
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(readonly contract: Contract) {
    addFormats(this.ajv);
  }

  operation(operationId: string): ContractOperation {
    const found = this.contract.operations.find((op) => op.operationId === operationId);
    if (!found) throw new Error(`no Docplanner contract operation ${operationId}`);
    return found;
  }

  /** Any schema, e.g. a parameter's; cached by the key given. */
  schema(key: string, schema: JsonSchema): ValidateFunction {
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(schema);
      this.compiled.set(key, validate);
    }
    return validate;
  }

  /**
   * The contract's answer for a status: undefined when the operation does not declare it;
   * `{ contentType: undefined }` when it declares it without a body.
   */
  response(operationId: string, status: number): { contentType?: string; validate?: ValidateFunction } | undefined {
    const declared = this.operation(operationId).responses[String(status)];
    if (!declared) return undefined;
    if (!declared.schema) return {};
    return { contentType: declared.contentType, validate: this.schema(`response:${operationId}:${status}`, declared.schema) };
  }

  requestBody(operationId: string): ValidateFunction | undefined {
    const body = this.operation(operationId).requestBody;
    return body && this.schema(`request:${operationId}`, body.schema);
  }

  callback(name: string): ValidateFunction {
    const found = this.contract.callbacks.get(name);
    if (!found) throw new Error(`no Docplanner callback ${name}`);
    return this.schema(`callback:${name}`, found);
  }

  /** The Error schema, for statuses every operation can answer (401, 429, 5xx). */
  error(): ValidateFunction {
    const found = this.contract.schemas.Error;
    if (!found) throw new Error("the contract has no Error schema");
    return this.schema("schema:Error", found);
  }
}

let shared: ContractValidators | undefined;

/** The contract with the reference text's overrides, loaded once per process. */
export function docplannerContract(): ContractValidators {
  shared ??= new ContractValidators(buildContract(readContractDocument()));
  return shared;
}

/** "slots[1].end" from ajv's "/slots/1/end"; `root` names the whole value (e.g. "body" or a parameter). */
function fieldName(instancePath: string, root: string, missing?: string): string {
  const segments = [...instancePath.split("/").slice(1), ...(missing === undefined ? [] : [missing])];
  const name = segments.reduce((acc, segment) => (/^\d+$/.test(segment) ? `${acc}[${segment}]` : acc ? `${acc}.${segment}` : segment), "");
  return name === "" || name.startsWith("[") ? `${root}${name}` : name;
}

/**
 * One message per failed rule, each naming its field the way Docplanner's examples do
 * (`Param "since" is required!`). Null-branch noise from nullable unions is left out.
 */
export function describeErrors(errors: readonly ErrorObject[] | null | undefined, root = "body"): string[] {
  return (errors ?? [])
    .filter((e) => e.keyword !== "anyOf" && !(e.keyword === "type" && e.params.type === "null"))
    .map((e) => {
      if (e.keyword === "required") return `Param "${fieldName(e.instancePath, root, String(e.params.missingProperty))}" is required!`;
      const detail = e.keyword === "enum" ? `must be one of: ${(e.params.allowedValues as unknown[]).map(String).join(", ")}` : e.message;
      return `Param "${fieldName(e.instancePath, root)}" ${detail}`;
    });
}
