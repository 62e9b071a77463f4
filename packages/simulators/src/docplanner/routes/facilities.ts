import { addressOf, doctorOf, facilityOf } from "../locate";
import { empty, ok } from "../replies";
import type { RouteTable } from "../route-context";
import { addressView, doctorView, facilityView, items } from "../views";
import type { InsuranceSupport } from "../model";

/** Facilities, doctors and addresses (Facilities, Doctors and Addresses tags). */
export const facilityRoutes: RouteTable = {
  getFacilities: (ctx) => ok(200, items([...ctx.state.world.facilities.values()].map((f) => facilityView(ctx.state.world, f, new Set())))),

  getFacility: (ctx) => ok(200, facilityView(ctx.state.world, facilityOf(ctx), ctx.with)),

  getDoctors: (ctx) => {
    const facility = facilityOf(ctx);
    const { doctors } = ctx.state.world;
    return ok(200, items(facility.doctorIds.map((id) => doctorView(ctx.state.world, doctors.get(id)!, ctx.with, "list"))));
  },

  getDoctor: (ctx) => ok(200, doctorView(ctx.state.world, doctorOf(ctx).doctor, ctx.with, "single")),

  getAddresses: (ctx) => {
    const { doctor } = doctorOf(ctx);
    return ok(200, items(doctor.addressIds.map((id) => addressView(ctx.state.world.addresses.get(id)!, ctx.with, "addresses"))));
  },

  getAddress: (ctx) => ok(200, addressView(addressOf(ctx).address, ctx.with, "addresses")),

  updateAddress: (ctx) => {
    const { address } = addressOf(ctx);
    if (ctx.body.insurance_support !== undefined) address.insuranceSupport = ctx.body.insurance_support as InsuranceSupport;
    return ok(200, addressView(address, new Set(["address.insurance_support"]), "addresses"));
  },

  // Accepted, asynchronously in Docplanner: the address stays, it is no longer marked integrated.
  removeAddressIntegration: (ctx) => {
    addressOf(ctx).address.integrated = false;
    return empty(202);
  },
};
