import { addressOf, bookingOf, doctorOf } from "../locate";
import { addressPath, location } from "../links";
import type { Address, Booking } from "../model";
import { uuid } from "../patients";
import { Draw } from "../random";
import { ApiError, empty, MESSAGES, ok } from "../replies";
import type { RouteContext, RouteTable } from "../route-context";
import { bookingView, items } from "../views";
import { nextId } from "../world";

/** Bookings: list (optionally paginated), view, cancel, move, confirm, opinion requests and presence. */
const DEFAULT_PAGE_SIZE = 100;
/** A payment in these states still holds money, so the booking cannot change payment account (1.13.0). */
const HOLDS_MONEY = new Set(["paid", "waiting_for_confirmation"]);

function positive(value: unknown, name: string, fallback: number): number {
  const n = value === undefined ? fallback : (value as number);
  if (n < 1) throw new ApiError(400, `Param "${name}" must be greater than or equal to 1`);
  return n;
}

/**
 * The docs' paginated representation: page, limit (the page size asked for), pages, total and
 * `_links` whose hrefs repeat the other query parameters, relative to the API base.
 */
function paginate(ctx: RouteContext, all: Record<string, unknown>[]) {
  const page = positive(ctx.query.page, "page", 1);
  const limit = positive(ctx.query.limit, "limit", DEFAULT_PAGE_SIZE);
  const pages = Math.max(1, Math.ceil(all.length / limit));
  const rest = new URLSearchParams([...ctx.rawQuery].filter(([key]) => key !== "page" && key !== "limit")).toString();
  const href = (n: number) => ({ href: `${ctx.path}?${rest}&page=${n}&limit=${limit}` });
  return {
    _items: all.slice((page - 1) * limit, page * limit),
    page,
    limit,
    pages,
    total: all.length,
    _links: {
      self: href(page),
      first: href(1),
      last: href(pages),
      ...(page < pages ? { next: href(page + 1) } : {}),
      ...(page > 1 ? { previous: href(page - 1) } : {}),
    },
  };
}

function requireIntegrated(address: Address, message: string): void {
  if (!address.integrated) throw new ApiError(400, message);
}

/** moveBooking's target: the path's address, or `address_id` anywhere in the same facility (1.13.0). */
function moveTarget(ctx: RouteContext, current: Address): Address {
  const id = ctx.body.address_id as string | undefined;
  if (id === undefined) return current;
  const target = ctx.state.world.addresses.get(id);
  if (target?.facilityId === current.facilityId) return target;
  if (target || ctx.elsewhere("address", id)) throw new ApiError(403, MESSAGES.addressNotInFacility);
  throw new ApiError(400, "Address does not exist");
}

function moveService(ctx: RouteContext, target: Address): string {
  const id = ctx.body.address_service_id as string;
  const service = ctx.state.world.addressServices.get(id);
  if (!service) throw new ApiError(400, "Service does not exist");
  if (service.addressId !== target.id) throw new ApiError(400, "Service does not belong to the address");
  return id;
}

function presence(mark: "present" | "absent") {
  return (ctx: RouteContext) => {
    const { address } = addressOf(ctx);
    const booking = bookingOf(ctx, address, { status: 404, message: "This visit does not belong to this doctor" });
    if (booking.status === "canceled") throw new ApiError(409, "Visit is marked as canceled");
    if (booking.start > ctx.now) throw new ApiError(400, "Visit is in the future");
    booking.presence = mark;
    return empty(204);
  };
}

export const bookingRoutes: RouteTable = {
  getBookings: (ctx) => {
    const { address } = addressOf(ctx);
    const [start, end] = [Date.parse(ctx.query.start as string), Date.parse(ctx.query.end as string)];
    if (end < start) throw new ApiError(400, MESSAGES.invalidDateRange, ['Param "end" must not be before "start"']);
    const found = [...ctx.state.world.bookings.values()]
      .filter((b) => b.addressId === address.id && b.start >= start && b.start < end)
      .sort((a, b) => a.start - b.start || Number(a.id) - Number(b.id))
      .map((b) => bookingView(ctx.state.world, b, ctx.with, "list"));
    return ok(200, ctx.query.page === undefined ? items(found) : paginate(ctx, found));
  },

  getBooking: (ctx) => ok(200, bookingView(ctx.state.world, bookingOf(ctx, addressOf(ctx).address), ctx.with, "single")),

  cancelBooking: (ctx) => {
    const { address } = addressOf(ctx);
    const booking = bookingOf(ctx, address);
    requireIntegrated(address, "Unable to cancel a visit for this address");
    if (booking.status !== "booked") throw new ApiError(400, `Visit ${booking.id} cannot be canceled because it is not booked`);
    Object.assign(booking, { status: "canceled", canceledBy: "integration", canceledAt: ctx.now });
    return empty(204);
  },

  moveBooking: (ctx) => {
    const { facility, address } = addressOf(ctx);
    const booking = bookingOf(ctx, address);
    if (booking.status !== "booked") throw new ApiError(409, "The visit has already been canceled or moved");
    const target = moveTarget(ctx, address);
    const addressServiceId = moveService(ctx, target);
    if (booking.paymentStatus !== null && HOLDS_MONEY.has(booking.paymentStatus) && target.paymentAccount !== address.paymentAccount) {
      throw new ApiError(422, "This booking has a payment on it and the target address bills through a different payment account. Cancel the booking and create a new one instead.");
    }
    const { world } = ctx.state;
    const id = nextId(world, "booking");
    const moved: Booking = {
      ...booking,
      id,
      addressId: target.id,
      start: ctx.body.start === undefined ? booking.start : Date.parse(ctx.body.start as string),
      duration: (ctx.body.duration as number | undefined) ?? booking.duration,
      addressServiceId,
      bookedAt: ctx.now,
      presence: null,
      confirmed: false,
      newestId: id,
      signature: uuid(Draw.of("signature", id)),
    };
    Object.assign(booking, { status: "canceled", canceledBy: "integration", canceledAt: ctx.now });
    for (const b of world.bookings.values()) if (b.originId === booking.originId) b.newestId = id;
    world.bookings.set(id, moved);
    // The Location names the doctor the booking now belongs to (a target address may be another doctor's).
    const where = location(`${addressPath(facility.id, target.doctorId, target.id)}/bookings/${id}`);
    return ok(201, bookingView(world, moved, ctx.with, "single"), where);
  },

  confirmBooking: (ctx) => {
    const { address } = addressOf(ctx);
    const booking = bookingOf(ctx, address);
    requireIntegrated(address, "Integration is not authorized for this address");
    if (booking.status === "canceled") throw new ApiError(409, "Visit has been canceled");
    if (booking.confirmed) throw new ApiError(409, "Visit has already been confirmed");
    if (booking.start < ctx.now) throw new ApiError(409, "Visit is in the past");
    booking.confirmed = true;
    return empty(204);
  },

  requestOpinion: (ctx) => {
    const { doctor } = doctorOf(ctx, MESSAGES.doctorNotInFacility);
    const phone = String(ctx.body.phone).replace(/[\s-]/g, "");
    if (!/^\+?\d{9,15}$/.test(phone)) throw new ApiError(400, "Phone number is invalid.", ['Param "phone" must be a phone number of 9 to 15 digits']);
    const key = `${doctor.id}|${phone.replace(/^\+/, "")}`;
    if (ctx.state.world.opinions.has(key)) throw new ApiError(409, "Opinion already exists");
    ctx.state.world.opinions.add(key);
    return empty(200);
  },

  markPatientPresence: presence("present"),
  markPatientAbsence: presence("absent"),
};
