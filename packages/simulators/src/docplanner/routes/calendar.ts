import { addressOf, breakOf, requireCommercial } from "../locate";
import { addressPath, location } from "../links";
import type { Address, CalendarBreak, World } from "../model";
import { ApiError, empty, MESSAGES, ok } from "../replies";
import type { RouteTable } from "../route-context";
import { breakView, items } from "../views";
import { nextId } from "../world";

/** Calendars (status, enable, disable) and calendar breaks (Calendars and Calendar Breaks tags). */

/** 1.14.0: the doctor's other addresses in the facility of the other kind (online-only vs offline). */
function coupledAddresses(world: World, address: Address): Address[] {
  return [...world.addresses.values()].filter(
    (a) => a.id !== address.id && a.doctorId === address.doctorId && a.facilityId === address.facilityId && a.onlineOnly !== address.onlineOnly,
  );
}

function createBreak(world: World, addressId: string, since: number, till: number, description: string | null): CalendarBreak {
  const created: CalendarBreak = { id: nextId(world, "break"), addressId, since, till, description, coupled: [] };
  world.breaks.set(created.id, created);
  return created;
}

/** The break and those created alongside it, which follow it (1.14.0). */
const withCoupled = (world: World, b: CalendarBreak) => [b, ...b.coupled.flatMap((id) => world.breaks.get(id) ?? [])];

export const calendarRoutes: RouteTable = {
  getCalendar: (ctx) => ok(200, { status: addressOf(ctx).address.calendar }),

  enableCalendar: (ctx) => {
    const { address } = addressOf(ctx);
    requireCommercial(address);
    if (address.calendar === "enabled") throw new ApiError(409, "Calendar already enabled");
    address.calendar = "enabled";
    return empty(200);
  },

  disableCalendar: (ctx) => {
    const { address } = addressOf(ctx);
    if (address.calendar === "disabled") throw new ApiError(409, "Calendar already disabled");
    address.calendar = "disabled";
    return empty(200);
  },

  getCalendarBreaks: (ctx) => {
    const { address } = addressOf(ctx);
    const [since, till] = [Date.parse(ctx.query.since as string), Date.parse(ctx.query.till as string)];
    if (till < since) throw new ApiError(404, MESSAGES.invalidDate, ['Param "till" must not be before "since"']);
    const found = [...ctx.state.world.breaks.values()].filter((b) => b.addressId === address.id && b.since < till && since < b.till);
    return ok(200, items(found.sort((a, b) => a.since - b.since).map(breakView)));
  },

  addCalendarBreak: (ctx) => {
    const { facility, doctor, address } = addressOf(ctx);
    requireCommercial(address);
    const [since, till] = [Date.parse(ctx.body.since as string), Date.parse(ctx.body.till as string)];
    if (till <= since) throw new ApiError(422, MESSAGES.invalidDateRange);
    const description = (ctx.body.description as string | undefined) ?? null;
    const { world } = ctx.state;
    if ([...world.breaks.values()].some((b) => b.addressId === address.id && b.since === since && b.till === till && b.description === description)) {
      throw new ApiError(409, "Break for given address, date range and description exists");
    }
    const created = createBreak(world, address.id, since, till, description);
    if (ctx.body.apply_on_coupled_addresses === true) {
      created.coupled = coupledAddresses(world, address).map((a) => createBreak(world, a.id, since, till, description).id);
    }
    return ok(201, breakView(created), location(`${addressPath(facility.id, doctor.id, address.id)}/breaks/${created.id}`));
  },

  getCalendarBreak: (ctx) => ok(200, breakView(breakOf(ctx, addressOf(ctx).address))),

  moveCalendarBreak: (ctx) => {
    const found = breakOf(ctx, addressOf(ctx).address);
    const [since, till] = [Date.parse(ctx.body.since as string), Date.parse(ctx.body.till as string)];
    if (since === found.since && till === found.till) throw new ApiError(422, "Same Date Range");
    if (till < since) throw new ApiError(422, `Till (${String(ctx.body.till)}) cannot be set before since (${String(ctx.body.since)})`);
    if (till === since) throw new ApiError(422, MESSAGES.invalidDateRange);
    for (const b of withCoupled(ctx.state.world, found)) Object.assign(b, { since, till });
    return empty(204);
  },

  deleteCalendarBreak: (ctx) => {
    const found = breakOf(ctx, addressOf(ctx).address);
    const { world } = ctx.state;
    for (const b of withCoupled(world, found)) world.breaks.delete(b.id);
    for (const other of world.breaks.values()) other.coupled = other.coupled.filter((id) => id !== found.id);
    return empty(204);
  },
};
