import type { Context } from "aws-lambda";
import { afterAll, expect, it } from "vitest";

// Powertools reads the initialization type when a logger is built, hence the dynamic imports.
process.env.AWS_LAMBDA_INITIALIZATION_TYPE = "on-demand";
const { lambda } = await import("./lambda");
const { loggerFor } = await import("./log");

const context = (functionName: string, awsRequestId: string) =>
  ({ functionName, awsRequestId, invokedFunctionArn: `arn:aws:lambda:local:0:function:${functionName}`, memoryLimitInMB: "128", functionVersion: "$LATEST" }) as Context;

const lines: Record<string, unknown>[] = [];
const restore: (() => void)[] = [];
for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write.bind(stream);
  stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const text = typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
    if (!text.includes('"probe"')) return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
    lines.push(JSON.parse(text));
    return true;
  }) as typeof stream.write;
  restore.push(() => void (stream.write = write));
}
afterAll(() => restore.forEach((undo) => undo()));

it("gives each concurrent invocation its own Lambda context, and only a function's first invocation is cold", async () => {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const a = lambda(async (event: { n: number }) => {
    await gate;
    loggerFor(`corr-a${event.n}`).warn("probe");
  });
  const b = lambda(async () => {
    loggerFor("corr-b").warn("probe");
    release();
  });
  await Promise.all([a({ n: 1 }, context("fn-a", "req-a1")), b({}, context("fn-b", "req-b1"))]);
  await a({ n: 2 }, context("fn-a", "req-a2"));

  const seen = Object.fromEntries(lines.map((l) => [l.correlationId, [l.function_name, l.function_request_id, l.cold_start]]));
  expect(seen).toEqual({
    "corr-a1": ["fn-a", "req-a1", true],
    "corr-b": ["fn-b", "req-b1", true],
    "corr-a2": ["fn-a", "req-a2", false],
  });
});

it("never writes a vendor's further fields: an input reaches the log only redacted whole", async () => {
  const { parseInput } = await import("./validation");
  const { bookAppointment } = await import("./vendors/mocdoc/operations/bookAppointment");
  const input = parseInput(bookAppointment.input, { fname: "Asha", phone: "9876543210", kin_contact: { who: "Ottoline Brackenridge" }, spouse: "Ottoline" });
  expect(input).toMatchObject({ spouse: "Ottoline" });
  loggerFor("corr-extras").warn("probe", { input, request: { body: JSON.stringify(input) } });
  const line = lines.find((l) => l.correlationId === "corr-extras")!;
  expect(line).toMatchObject({ input: "[REDACTED]", request: { body: "[REDACTED]" } });
  expect(JSON.stringify(line)).not.toContain("Ottoline");
});
