import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFixture, type Fixture } from "./fixture";

let f: Fixture;
beforeEach(async () => {
  f = await startFixture();
});
afterEach(() => f.sim.stop());

describe("Docplanner simulator: dictionary services and address services", () => {
  it("lists dictionary services, only the diagnostic ones, or those of a specialization", async () => {
    const all = (await f.client.call("getServices")).body._items;
    const diagnostics = (await f.client.call("getServices", { query: { with: "services.only_diagnostics" } })).body._items;
    const cardiology = (await f.client.call("getServices", { query: { specialization_id: 12 } })).body._items;
    expect(all.length).toBeGreaterThan(diagnostics.length);
    expect(diagnostics.map((s: { name: string }) => s.name)).toContain("EKG");
    expect(diagnostics.map((s: { name: string }) => s.name)).not.toContain("Konsultacja kardiologiczna");
    expect(cardiology.map((s: { id: string }) => s.id)).toEqual(["1", "2", "3", "18"]);
    expect((await f.client.call("getServices", { query: { specialization_id: "cardio" } })).status).toBe(400);
  });

  it("adds an address service with a truncated price, a Location, and the expansions", async () => {
    const params = f.at(f.first);
    const added = await f.client.call("addAddressService", {
      params,
      body: { service_id: "18", price: 149.999, is_price_from: true, description: "Porada", default_duration: 20, is_visible: false, allowed_patients: { minimum_age: 18 }, custom_name: "Teleporada" },
    });
    expect(added.status).toBe(201);
    expect(added.headers.get("location")).toBe(`/api/v3/integration/facilities/${f.first.facilityId}/doctors/${f.first.doctorId}/addresses/${f.first.addressId}/services/${added.body.id}`);
    expect(added.body).toMatchObject({ service_id: "18", name: "Konsultacja online", price: 149, is_price_from: true, is_default: false, is_visible: false });
    const expanded = await f.client.call("getAddressService", {
      params: { ...params, address_service_id: added.body.id },
      query: { with: "address_service.allowed_patients,address_service.custom_name,address_service.public_insurance_flow" },
    });
    expect(expanded.body).toMatchObject({ allowed_patients: { minimum_age: 18, maximum_age: null }, custom_name: "Teleporada", is_public_insurance_flow: false });
  });

  it("refuses a duplicate, an unknown service, a negative price and an empty custom name", async () => {
    const params = f.at(f.first);
    const existing = (await f.client.call("getAddressServices", { params })).body._items[0];
    expect((await f.client.call("addAddressService", { params, body: { service_id: existing.service_id } })).status).toBe(409);
    expect((await f.client.call("addAddressService", { params, body: { service_id: "9999" } })).status).toBe(404);
    const negative = await f.client.call("addAddressService", { params, body: { service_id: "8", price: -5 } });
    expect(negative.status).toBe(400);
    expect(negative.body.message).toContain("Invalid price value for service");
    const emptyName = await f.client.call("addAddressService", { params, body: { service_id: "8", custom_name: "" } });
    expect(emptyName.status).toBe(400);
    expect(emptyName.body.message).toBe('Param "custom_name" must NOT have fewer than 1 characters');
    const wrongType = await f.client.call("addAddressService", { params, body: { service_id: 8 } });
    expect(wrongType.body.message).toBe('Param "service_id" must be string');
  });

  it("updates only the fields sent, clears nullable ones with null, and deletes", async () => {
    const params = { ...f.at(f.first), address_service_id: f.first.addressServiceId };
    const before = (await f.client.call("getAddressService", { params })).body;
    const updated = await f.client.call("updateAddressService", { params, body: { price: 250, description: null } });
    expect(updated.body).toEqual({ ...before, price: 250, description: null });
    expect((await f.client.call("deleteAddressService", { params })).status).toBe(204);
    expect((await f.client.call("getAddressService", { params })).status).toBe(404);
    const list = (await f.client.call("getAddressServices", { params: f.at(f.first) })).body._items;
    expect(list.map((s: { id: string }) => s.id)).not.toContain(f.first.addressServiceId);
  });

  it("answers 403 for another address's service", async () => {
    const res = await f.client.call("getAddressService", { params: { ...f.at(f.first), address_service_id: f.ids[1]!.addressServiceId } });
    expect({ status: res.status, message: res.body.message }).toEqual({ status: 403, message: "This service does not belong to this address" });
  });

  it("lists with `start` only the services of that day's slots, with their durations", async () => {
    const params = f.at(f.first);
    const day = "2026-03-04";
    const all = (await f.client.call("getAddressServices", { params })).body._items;
    await f.client.call("deleteSlots", { params: { ...params, date: day } });
    await f.client.call("replaceSlots", { params, body: { slots: [{ start: `${day}T11:00:00+01:00`, end: `${day}T12:00:00+01:00`, address_services: [{ address_service_id: all[1].id, duration: 45 }] }] } });
    const onDay = (await f.client.call("getAddressServices", { params, query: { start: `${day}T11:00:00+01:00` } })).body._items;
    expect(onDay).toEqual([{ ...all[1], duration: 45 }]);
  });
});

describe("Docplanner simulator: insurance", () => {
  it("lists the dictionary's providers and a provider's plans", async () => {
    const providers = (await f.client.call("getInsuranceProviders")).body._items;
    expect(providers).toContainEqual({ insurance_provider_id: "52", name: "Medicover" });
    const plans = (await f.client.call("getInsurancePlans", { params: { insurance_provider_id: "52" } })).body._items;
    expect(plans).toEqual([
      { insurance_plan_id: "999", name: "Medicover Standard" },
      { insurance_plan_id: "1000", name: "Medicover Premium" },
    ]);
    expect((await f.client.call("getInsurancePlans", { params: { insurance_provider_id: "1" } })).status).toBe(404);
  });

  it("assigns, replaces and removes an address's providers and plans", async () => {
    const params = f.at(f.first);
    const assigned = async () => (await f.client.call("getAddressInsuranceProviders", { params })).body._items as { insurance_provider_id: string; insurance_plans: { _items: { insurance_plan_id: string }[] } }[];
    const target = (await assigned()).some((p) => p.insurance_provider_id === "104") ? "90" : "104";
    expect((await f.client.call("addAddressInsuranceProvider", { params, body: { insurance_provider_id: target, insurance_plans: target === "104" ? [{ insurance_plan_id: "1040" }] : [] } })).status).toBe(204);
    const again = await f.client.call("addAddressInsuranceProvider", { params, body: { insurance_provider_id: target } });
    expect({ status: again.status, message: again.body.message }).toEqual({ status: 400, message: "Insurance provider with given ID is already assigned to this address." });
    expect((await f.client.call("updateOrCreateAddressInsuranceProvider", { params, body: { insurance_provider_id: "52", insurance_plans: [{ insurance_plan_id: "1000" }] } })).status).toBe(204);
    expect((await assigned()).find((p) => p.insurance_provider_id === "52")!.insurance_plans._items).toEqual([{ insurance_plan_id: "1000", name: "Medicover Premium" }]);
    const wrongPlan = await f.client.call("updateOrCreateAddressInsuranceProvider", { params, body: { insurance_provider_id: "52", insurance_plans: [{ insurance_plan_id: "1040" }] } });
    expect(wrongPlan.status).toBe(400);
    expect((await f.client.call("deleteAddressInsuranceProvider", { params: { ...params, insurance_provider_id: target } })).status).toBe(204);
    expect((await assigned()).map((p) => p.insurance_provider_id)).not.toContain(target);
    const notAssigned = await f.client.call("deleteAddressInsuranceProvider", { params: { ...params, insurance_provider_id: target } });
    expect(notAssigned.body.message).toBe("Insurance provider with given ID is not assigned to this address.");
    const unknown = await f.client.call("addAddressInsuranceProvider", { params, body: { insurance_provider_id: "1" } });
    expect({ status: unknown.status, message: unknown.body.message }).toEqual({ status: 404, message: "Provided insurance provider ID not found in dictionary" });
  });
});
