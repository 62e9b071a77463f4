import { providerById } from "./dictionary";
import type { Address, Slot } from "./model";
import { ApiError } from "./replies";

/**
 * Insurance rules of slots: replaceSlots' insurance configuration (insurance_accepted and
 * insurance_providers, which must be the address's), and the bookings such a slot takes.
 */
export function checkInsurance(address: Address, accepted: string | null | undefined, providers: readonly (number | string)[]): void {
  if (accepted === "with-insurance-only" && providers.length === 0) {
    throw new ApiError(400, "Slot requires insurance (with-insurance-only), but insurance providers are missing");
  }
  if (accepted === "without-insurance-only" && providers.length > 0) {
    throw new ApiError(400, "Insurance providers are not supported. Slot does not allow insurances (without-insurance-only)");
  }
  const unknown = providers.map(String).filter((id) => !address.insurance.has(id));
  if (unknown.length) throw new ApiError(400, `Insurance provider(s) with id (${unknown.join(", ")}) not found for address id (${address.id})`);
}

/** A slot's insurance configuration (from replaceSlots) decides which bookings it takes. */
export function checkSlotInsurance(slot: Slot, providerId: string | null): void {
  if (slot.insuranceAccepted === "with-insurance-only" && providerId === null) {
    throw new ApiError(400, "This slot can only be booked with insurance (with-insurance-only)", ['Param "insurance_provider_id" is required!']);
  }
  if (slot.insuranceAccepted === "without-insurance-only" && providerId !== null) {
    throw new ApiError(400, "This slot does not accept insurance (without-insurance-only)");
  }
  if (providerId !== null && slot.insuranceProviders?.length && !slot.insuranceProviders.map(String).includes(providerId)) {
    throw new ApiError(400, `Insurance provider ${providerId} is not accepted in this slot`);
  }
}

/** A booking's insurance as the API shows it. */
export function insuranceOf(providerId: string, planId: string | null) {
  const provider = providerById(providerId)!;
  const plan = provider.plans.find((p) => p.id === planId);
  return { id: provider.id, name: provider.name, plan: plan?.name ?? null, plan_id: plan?.id ?? null };
}
