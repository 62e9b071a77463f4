import { dayOf, DAY, humanDateTime, MINUTE } from "../datetime";
import { addressOf, requireCommercial } from "../locate";
import type { Address, Slot, SlotService, World } from "../model";
import { ApiError, empty, MESSAGES, ok } from "../replies";
import type { RouteTable } from "../route-context";
import { checkInsurance } from "../slot-insurance";
import { clearDay, freeSlots, overrideRange } from "../slots";
import { items, slotView } from "../views";

/** Free slots, replacing them and deleting a day's (Slots tag). */
const MAX_SLOT_RANGE_DAYS = 180;
const REPLACE_HORIZON_MS = 12 * 7 * DAY;
const DUPLICATE_REPLACE_MS = 3 * MINUTE;

interface SlotRequest {
  start: string;
  end: string;
  address_services?: { address_service_id: string; duration: number }[] | null;
  insurance_accepted?: string | null;
  insurance_providers?: number[] | null;
}

function invalid(field: string, message: string): never {
  throw new ApiError(400, MESSAGES.invalidArguments, [`${field}: ${message}`]);
}

/** A replaceSlots range as bookable starts: every shortest-duration step where a service still fits. */
function expand(request: SlotRequest, start: number, end: number): Slot[] {
  const services: SlotService[] = (request.address_services ?? []).map((s) => ({ addressServiceId: s.address_service_id, duration: s.duration }));
  if (services.length === 0) return [];
  const step = Math.min(...services.map((s) => s.duration)) * MINUTE;
  const slots: Slot[] = [];
  for (let at = start; at + step <= end; at += step) {
    const fitting = services.filter((s) => at + s.duration * MINUTE <= end);
    slots.push({ start: at, services: fitting, insuranceAccepted: request.insurance_accepted, insuranceProviders: request.insurance_providers });
  }
  return slots;
}

function validateSlot(world: World, address: Address, request: SlotRequest, i: number, now: number): { start: number; end: number } {
  const [start, end] = [Date.parse(request.start), Date.parse(request.end)];
  if (end - start < MINUTE) invalid(`slots[${i}].minimumDifferenceBetweenDates`, "The end date must be at least 1 minute after the start date");
  if (dayOf(start) !== dayOf(end - 1)) throw new ApiError(400, `Slot for date range ${request.start} - ${request.end} exceeds a single day boundary`);
  if (end > now + REPLACE_HORIZON_MS) invalid(`slots[${i}].end`, `End date should be less than or equal to ${humanDateTime(now + REPLACE_HORIZON_MS)}.`);
  for (const s of request.address_services ?? []) {
    if (world.addressServices.get(s.address_service_id)?.addressId !== address.id) throw new ApiError(400, "Address service does not exist");
    if (s.duration < 1) invalid(`slots[${i}].address_services.duration`, "must be at least 1 minute");
  }
  checkInsurance(address, request.insurance_accepted, request.insurance_providers ?? []);
  return { start, end };
}

export const slotRoutes: RouteTable = {
  getSlots: (ctx) => {
    const { address } = addressOf(ctx);
    const [start, end] = [Date.parse(ctx.query.start as string), Date.parse(ctx.query.end as string)];
    if (end < start) throw new ApiError(400, MESSAGES.invalidDateRange, ['Param "end" must not be before "start"']);
    if (end - start > MAX_SLOT_RANGE_DAYS * DAY) throw new ApiError(400, `Date range must not exceed ${MAX_SLOT_RANGE_DAYS} days`, ['Param "end" is more than 180 days after "start"']);
    return ok(200, items(freeSlots(ctx.state.world, address, start, end, ctx.now).map((slot) => slotView(ctx.state.world, slot, ctx.with))));
  },

  replaceSlots: (ctx) => {
    const { address } = addressOf(ctx);
    requireCommercial(address);
    const { world } = ctx.state;
    const payload = JSON.stringify(ctx.body);
    const last = world.lastSlotReplace.get(address.id);
    // The contract: a duplicate (same address and payload) within 3 minutes is ignored with a 201.
    if (last?.payload === payload && ctx.now - last.at < DUPLICATE_REPLACE_MS) return empty(201);
    const requests = ctx.body.slots as SlotRequest[];
    const ranges = requests.map((request, i) => validateSlot(world, address, request, i, ctx.now));
    requests.forEach((request, i) => overrideRange(world, address, ranges[i]!.start, ranges[i]!.end, expand(request, ranges[i]!.start, ranges[i]!.end)));
    world.lastSlotReplace.set(address.id, { payload, at: ctx.now });
    return empty(201);
  },

  deleteSlots: (ctx) => {
    clearDay(ctx.state.world, addressOf(ctx).address, ctx.params.date!);
    return empty(204);
  },
};
