import { addressOf, requireCommercial } from "../locate";
import type { Address, Booking, Slot } from "../model";
import { uuid } from "../patients";
import { Draw } from "../random";
import { ApiError, ok } from "../replies";
import type { RouteContext, RouteTable } from "../route-context";
import { checkInsurance, checkSlotInsurance, insuranceOf } from "../slot-insurance";
import { freeSlotAt } from "../slots";
import { bookingView } from "../views";
import { nextId } from "../world";

/** Booking a free slot through the API (Slots tag): the integration books for a patient. */
function bookingFromRequest(ctx: RouteContext, address: Address, slot: Slot): Booking {
  const start = slot.start;
  const body = ctx.body;
  const patient = body.patient as Record<string, unknown>;
  const text = (value: unknown) => (value === undefined || value === null ? null : String(value));
  const providerId = text(body.insurance_provider_id);
  const planId = text(body.insurance_plan_id);
  if (providerId !== null) checkInsurance(address, undefined, [providerId]);
  checkSlotInsurance(slot, providerId);
  const plans = providerId === null ? undefined : address.insurance.get(providerId);
  if (planId !== null && !plans?.includes(planId)) throw new ApiError(400, `Insurance plan ${planId} is not available for this address`);
  const id = nextId(ctx.state.world, "booking");
  return {
    id,
    addressId: address.id,
    status: "booked",
    start,
    duration: body.duration as number,
    bookedBy: "integration",
    canceledBy: "",
    bookedAt: ctx.now,
    canceledAt: null,
    addressServiceId: body.address_service_id as string,
    patient: {
      name: String(patient.name),
      surname: text(patient.surname) ?? "",
      email: text(patient.email),
      phone: text(patient.phone),
      birth_date: text(patient.birth_date),
      nin: text(patient.nin),
      gender: (patient.gender as "m" | "f" | null | undefined) ?? null,
      is_returning: body.is_returning === true,
      insurance_number: null,
    },
    comment: text(body.comment),
    presence: null,
    insurance: providerId === null ? null : insuranceOf(providerId, planId),
    paymentStatus: address.visitPayment ? "not-paid" : null,
    confirmed: false,
    originId: id,
    newestId: id,
    signature: uuid(Draw.of("signature", id)),
  };
}

export const bookSlotRoutes: RouteTable = {
  bookSlot: (ctx) => {
    const { address } = addressOf(ctx);
    requireCommercial(address);
    if (address.calendar !== "enabled" || !address.integrated) throw new ApiError(404, "Unable to book a visit for this address");
    const serviceId = ctx.body.address_service_id as string;
    if (ctx.state.world.addressServices.get(serviceId)?.addressId !== address.id) throw new ApiError(404, "Service does not exist");
    if ((ctx.body.duration as number) < 1) throw new ApiError(400, 'Param "duration" must be at least 1 minute');
    const start = Date.parse(ctx.params.start!);
    const slot = freeSlotAt(ctx.state.world, address, start, ctx.now);
    if (!slot) throw new ApiError(404, `Unable to perform booking. Requested target slot (${ctx.params.start}) not found`);
    if (!slot.services.some((s) => s.addressServiceId === serviceId)) {
      throw new ApiError(404, `Unable to perform booking. Slot (${ctx.params.start}) does not support service ${serviceId}`);
    }
    const booking = bookingFromRequest(ctx, address, slot);
    ctx.state.world.bookings.set(booking.id, booking);
    return ok(200, bookingView(ctx.state.world, booking, new Set(), "single"));
  },
};
