import { INSURANCE_PROVIDERS, providerById } from "../dictionary";
import { addressOf } from "../locate";
import { ApiError, empty, MESSAGES, ok } from "../replies";
import type { RouteTable } from "../route-context";
import { addressInsuranceView, dictionaryProviderView, items, planView } from "../views";

/** The insurance dictionary and the providers (with plans) assigned to an address (Insurances tag). */
const NOT_IN_DICTIONARY = "Provided insurance provider ID not found in dictionary";

function dictionaryProvider(id: string) {
  const provider = providerById(id);
  if (!provider) throw new ApiError(404, NOT_IN_DICTIONARY);
  return provider;
}

/** The plan ids of a request, each checked to be one of the provider's. */
function planIds(providerId: string, plans: unknown): string[] {
  const provider = dictionaryProvider(providerId);
  const ids = ((plans as { insurance_plan_id?: string }[] | undefined) ?? []).map((p) => p.insurance_plan_id);
  ids.forEach((id, i) => {
    if (id === undefined) throw new ApiError(400, `Param "insurance_plans[${i}].insurance_plan_id" is required!`);
    if (!provider.plans.some((p) => p.id === id)) throw new ApiError(400, `Insurance plan ${id} does not belong to insurance provider ${providerId}`);
  });
  return [...new Set(ids as string[])];
}

export const insuranceRoutes: RouteTable = {
  getInsuranceProviders: () => ok(200, items(INSURANCE_PROVIDERS.map(dictionaryProviderView))),

  getInsurancePlans: (ctx) => {
    const provider = providerById(ctx.params.insurance_provider_id!);
    if (!provider) throw new ApiError(404, MESSAGES.objectNotFound);
    return ok(200, items(provider.plans.map(planView)));
  },

  getAddressInsuranceProviders: (ctx) => ok(200, items(addressInsuranceView(addressOf(ctx).address))),

  addAddressInsuranceProvider: (ctx) => {
    const { address } = addressOf(ctx);
    const providerId = ctx.body.insurance_provider_id as string;
    const plans = planIds(providerId, ctx.body.insurance_plans);
    if (address.insurance.has(providerId)) throw new ApiError(400, "Insurance provider with given ID is already assigned to this address.");
    address.insurance.set(providerId, plans);
    return empty(204);
  },

  updateOrCreateAddressInsuranceProvider: (ctx) => {
    const { address } = addressOf(ctx);
    const providerId = ctx.body.insurance_provider_id as string;
    address.insurance.set(providerId, planIds(providerId, ctx.body.insurance_plans));
    return empty(204);
  },

  deleteAddressInsuranceProvider: (ctx) => {
    const { address } = addressOf(ctx);
    const providerId = dictionaryProvider(ctx.params.insurance_provider_id!).id;
    if (!address.insurance.delete(providerId)) throw new ApiError(400, "Insurance provider with given ID is not assigned to this address.");
    return empty(204);
  },
};
