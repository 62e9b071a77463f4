import { dayOf } from "../datetime";
import { serviceById, SERVICES } from "../dictionary";
import { nextId } from "../world";
import { addressOf, addressServiceOf } from "../locate";
import { addressPath, location } from "../links";
import type { Address, AddressService, AllowedPatients } from "../model";
import { ApiError, empty, ok } from "../replies";
import type { RouteContext, RouteTable } from "../route-context";
import { slotsOfDay } from "../slots";
import { addressServiceView, items } from "../views";

/** Dictionary services and address services (Services tag). */
const INVALID_PRICE = "Invalid price value for service. Price should be either null or integer greater or equal 0.";

/** 1.12.0: a number with up to 2 decimals, further decimals truncated; negative is invalid. */
function price(value: unknown): number | null {
  if (value === null) return null;
  const n = value as number;
  if (n < 0) throw new ApiError(400, INVALID_PRICE, [`Param "price" ${INVALID_PRICE}`]);
  return Math.trunc(n * 100) / 100;
}

/** The PATCH/POST fields both requests share, applied where given. */
function applyFields(service: AddressService, body: Record<string, unknown>): void {
  if ("price" in body) service.price = price(body.price);
  if (body.is_price_from !== undefined) service.isPriceFrom = body.is_price_from as boolean;
  if ("description" in body) service.description = (body.description as string | null) ?? null;
  if (body.is_visible !== undefined) service.isVisible = body.is_visible as boolean;
  if (typeof body.default_duration === "number") service.duration = body.default_duration;
  if ("allowed_patients" in body) service.allowedPatients = body.allowed_patients === null ? null : { minimum_age: null, maximum_age: null, ...(body.allowed_patients as Partial<AllowedPatients>) };
  if ("custom_name" in body) service.customName = (body.custom_name as string | null) ?? null;
}

/** With `start`: the services of that day's slots, each with the slot's duration. */
function servicesOnDay(ctx: RouteContext, address: Address, start: string): AddressService[] {
  const durations = new Map<string, number>();
  for (const slot of slotsOfDay(ctx.state.world, address, dayOf(Date.parse(start)))) {
    for (const s of slot.services) if (!durations.has(s.addressServiceId)) durations.set(s.addressServiceId, s.duration);
  }
  return [...durations].flatMap(([id, duration]) => {
    const service = ctx.state.world.addressServices.get(id);
    return service ? [{ ...service, duration }] : [];
  });
}

export const serviceRoutes: RouteTable = {
  getServices: (ctx) => {
    const specialization = ctx.query.specialization_id;
    const list = SERVICES.filter((s) => !ctx.with.has("services.only_diagnostics") || s.diagnostics).filter(
      (s) => specialization === undefined || s.specializationIds.includes(String(specialization)),
    );
    return ok(200, items(list.map(({ id, name }) => ({ id, name }))));
  },

  getAddressServices: (ctx) => {
    const { address } = addressOf(ctx);
    const start = ctx.query.start as string | undefined;
    const services = start === undefined ? [...ctx.state.world.addressServices.values()].filter((s) => s.addressId === address.id) : servicesOnDay(ctx, address, start);
    return ok(200, items(services.map((s) => addressServiceView(s, ctx.with, { duration: start !== undefined }))));
  },

  addAddressService: (ctx) => {
    const { facility, doctor, address } = addressOf(ctx);
    const dictionary = serviceById(ctx.body.service_id as string);
    if (!dictionary) throw new ApiError(404, "Service does not exist");
    const { world } = ctx.state;
    if ([...world.addressServices.values()].some((s) => s.addressId === address.id && s.serviceId === dictionary.id)) {
      throw new ApiError(409, "The address service you are trying to add already exists in the system");
    }
    const service: AddressService = {
      id: nextId(world, "addressService"),
      addressId: address.id,
      serviceId: dictionary.id,
      name: dictionary.name,
      price: null,
      isPriceFrom: false,
      isDefault: false,
      description: null,
      duration: address.schedule.slotMinutes,
      isVisible: true,
      allowedPatients: null,
      customName: null,
      publicInsuranceFlow: false,
    };
    applyFields(service, ctx.body);
    world.addressServices.set(service.id, service);
    return ok(201, addressServiceView(service, new Set()), location(`${addressPath(facility.id, doctor.id, address.id)}/services/${service.id}`));
  },

  getAddressService: (ctx) => ok(200, addressServiceView(addressServiceOf(ctx, addressOf(ctx).address), ctx.with)),

  updateAddressService: (ctx) => {
    const service = addressServiceOf(ctx, addressOf(ctx).address);
    applyFields(service, ctx.body);
    return ok(200, addressServiceView(service, new Set()));
  },

  deleteAddressService: (ctx) => {
    const { address } = addressOf(ctx);
    const service = addressServiceOf(ctx, address);
    ctx.state.world.addressServices.delete(service.id);
    address.schedule.addressServiceIds = address.schedule.addressServiceIds.filter((id) => id !== service.id);
    return empty(204);
  },
};
