import type { Appointment } from "@medplum/fhirtypes";
import { describe, expect, it } from "vitest";
import type { AnyOperation } from "../../catalogue";
import type { FhirContext } from "../../fhir/adapter";
import { FhirError } from "../../fhir/outcome";
import { appointmentId, slotId } from "./fhir-mapping";
import { vseeFhir } from "./fhir";

/**
 * The adapter's answers where VSee's are not what it asked for, and where a write became a job:
 * over a context whose vendor calls answer as scripted, recording what was called.
 */
type Answer = { kind: "done"; body: unknown } | { kind: "queued"; jobId: string };

function scripted(answers: Record<string, Answer[]>, user?: string) {
  const calls: { op: string; input: Record<string, unknown> }[] = [];
  const next = (op: AnyOperation, input: Record<string, unknown>) => {
    calls.push({ op: op.name, input });
    const answer = answers[op.name]?.shift();
    if (!answer) throw new Error(`unscripted ${op.name}`);
    return answer;
  };
  const ctx = {
    ...(user && { user: { code: user } }),
    read: async (op: AnyOperation, input: Record<string, unknown>) => (next(op, input) as { body: unknown }).body,
    write: async (op: AnyOperation, input: Record<string, unknown>) => next(op, input),
  } as unknown as FhirContext;
  return { ctx, calls };
}

const visit = (start: number, extra: Record<string, unknown> = {}) => ({ data: { id: "900", type: 2, status: 20, member_id: 5, provider_id: 509, start, end: start + 900, ...extra } });
const done = (body: unknown): Answer => ({ kind: "done", body });
const booking = (start: number): Appointment => ({
  resourceType: "Appointment",
  status: "booked",
  slot: [{ reference: `Slot/${slotId({ providerId: "509", start: String(start), end: String(start + 900) })}` }],
  participant: [{ actor: { display: "me" }, status: "accepted" }],
});
const refusal = async (work: Promise<unknown>) => {
  const err = await work.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(FhirError);
  return err as FhirError;
};

describe("VSee's FHIR adapter", () => {
  it("books nothing when the intake could not be made in time: a 503 to retry, and no appointment call", async () => {
    const { ctx, calls } = scripted({ createIntake: [{ kind: "queued", jobId: "job-1" }] }, "user-ada");
    const err = await refusal(vseeFhir.create!(ctx, "Appointment", booking(1_900_000_000)));
    expect([err.status, err.code]).toEqual([503, "transient"]);
    expect(err.message).toContain("nothing was booked");
    expect(calls.map((c) => c.op)).toEqual(["createIntake"]);
  });

  it("answers the job when the appointment itself became one", async () => {
    const { ctx } = scripted({ createIntake: [done({ data: { id: "intake-1" } })], createAppointment: [{ kind: "queued", jobId: "job-2" }] }, "user-ada");
    expect(await vseeFhir.create!(ctx, "Appointment", booking(1_900_000_000))).toEqual({ kind: "queued", jobId: "job-2" });
  });

  it("says so when VSee accepts a move but answers the old times, rather than answer them as moved", async () => {
    const at = 1_900_000_000;
    const { ctx, calls } = scripted({ getVisit: [done(visit(at))], updateAppointment: [done(visit(at))] });
    const err = await refusal(vseeFhir.patchAppointment!(ctx, appointmentId("900"), { start: new Date((at + 3600) * 1000).toISOString() }));
    expect(err.status).toBe(502);
    expect(calls.map((c) => c.op)).toEqual(["getVisit", "updateAppointment"]);
    expect(calls[1]!.input).toEqual({ id: "900", slot_start: String(at + 3600), slot_end: String(at + 4500) });
  });

  it("refuses to cancel an appointment under way: VSee's close would end it", async () => {
    const { ctx, calls } = scripted({ getVisit: [done(visit(1_900_000_000, { status: 30, actual_start: 1_900_000_010 }))] });
    const err = await refusal(vseeFhir.patchAppointment!(ctx, appointmentId("900"), { status: "cancelled" }));
    expect([err.status, err.code]).toEqual([409, "conflict"]);
    expect(calls.map((c) => c.op)).toEqual(["getVisit"]);
  });
});
