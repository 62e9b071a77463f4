import type { AfterSuccessContext } from "../../catalogue";
import { callVendor } from "../../execute";
import { dataOf, publish, safely } from "./appointment-changes";
import { isAppointment, toAppointment } from "./fhir-mapping";
import { getVisit } from "./operations/getVisit";

/**
 * closeVisit's follow-up. VSee answers a close with only `{id}` and closes walk-ins the same way
 * ("Close/Cancel a visit or an appointment"), so the visit is read back (as the same user): only
 * an appointment closed before it started is a cancellation (fhir-mapping.ts); closing one under
 * way ends it, which is no booking change.
 */
export async function publishClosed(result: unknown, ctx: AfterSuccessContext): Promise<unknown> {
  await safely(ctx, "cancelled", async () => {
    const body = await callVendor(getVisit, { id: String(ctx.input.id) }, ctx.connection, {
      deps: ctx.deps,
      log: ctx.log,
      correlationId: ctx.correlationId,
      budgetMs: ctx.deps.config.READ_WAIT_BUDGET_MS,
      ...(ctx.user && { user: ctx.user }),
    });
    const visit = dataOf(body);
    if (!visit || !isAppointment(visit)) return;
    const appointment = toAppointment(visit);
    if (appointment.status === "cancelled") await publish(ctx, "cancelled", appointment);
  });
  return result;
}
