/**
 * Docplanner's dictionaries as the Polish marketplace (znanylekarz.pl) has them: specializations,
 * dictionary services (item_services) and insurance providers with their plans. Shared by every
 * account, as the real dictionaries are.
 */
export interface Specialization {
  id: string;
  name: string;
  /** The profile URL's path segment. */
  slug: string;
}

export interface DictionaryService {
  id: string;
  name: string;
  /** Offered on the diagnostics marketplace (services.only_diagnostics). */
  diagnostics: boolean;
  specializationIds: readonly string[];
}

export interface InsuranceProvider {
  id: string;
  name: string;
  plans: readonly { id: string; name: string }[];
}

export const SPECIALIZATIONS: readonly Specialization[] = [
  { id: "12", name: "kardiolog", slug: "kardiolog" },
  { id: "15", name: "dermatolog", slug: "dermatolog" },
  { id: "21", name: "internista", slug: "internista" },
  { id: "28", name: "pediatra", slug: "pediatra" },
  { id: "33", name: "ortopeda", slug: "ortopeda" },
  { id: "37", name: "ginekolog", slug: "ginekolog" },
  { id: "44", name: "psycholog", slug: "psycholog" },
  { id: "52", name: "okulista", slug: "okulista" },
  { id: "58", name: "neurolog", slug: "neurolog" },
];

export const SERVICES: readonly DictionaryService[] = [
  { id: "1", name: "Konsultacja kardiologiczna", diagnostics: false, specializationIds: ["12"] },
  { id: "2", name: "EKG", diagnostics: true, specializationIds: ["12", "21"] },
  { id: "3", name: "Echo serca", diagnostics: true, specializationIds: ["12"] },
  { id: "4", name: "Konsultacja dermatologiczna", diagnostics: false, specializationIds: ["15"] },
  { id: "5", name: "Dermatoskopia", diagnostics: true, specializationIds: ["15"] },
  { id: "6", name: "Konsultacja internistyczna", diagnostics: false, specializationIds: ["21"] },
  { id: "7", name: "Konsultacja pediatryczna", diagnostics: false, specializationIds: ["28"] },
  { id: "8", name: "Szczepienie", diagnostics: false, specializationIds: ["28", "21"] },
  { id: "9", name: "Konsultacja ortopedyczna", diagnostics: false, specializationIds: ["33"] },
  { id: "10", name: "USG stawu kolanowego", diagnostics: true, specializationIds: ["33"] },
  { id: "11", name: "Konsultacja ginekologiczna", diagnostics: false, specializationIds: ["37"] },
  { id: "12", name: "USG ginekologiczne", diagnostics: true, specializationIds: ["37"] },
  { id: "13", name: "Konsultacja psychologiczna", diagnostics: false, specializationIds: ["44"] },
  { id: "14", name: "Badanie dna oka", diagnostics: true, specializationIds: ["52"] },
  { id: "15", name: "Konsultacja okulistyczna", diagnostics: false, specializationIds: ["52"] },
  { id: "16", name: "Konsultacja neurologiczna", diagnostics: false, specializationIds: ["58"] },
  { id: "17", name: "EEG", diagnostics: true, specializationIds: ["58"] },
  { id: "18", name: "Konsultacja online", diagnostics: false, specializationIds: ["12", "15", "21", "28", "33", "37", "44", "52", "58"] },
];

/** Numeric ids: replaceSlots' insurance_providers are integers (52, 67 in the contract's example). */
export const INSURANCE_PROVIDERS: readonly InsuranceProvider[] = [
  { id: "52", name: "Medicover", plans: [{ id: "999", name: "Medicover Standard" }, { id: "1000", name: "Medicover Premium" }] },
  { id: "67", name: "LUX MED", plans: [{ id: "1011", name: "Pakiet Optymalny" }, { id: "1012", name: "Pakiet Kompleksowy" }] },
  { id: "71", name: "PZU Zdrowie", plans: [{ id: "1020", name: "Opieka Medyczna" }, { id: "1021", name: "Opieka Medyczna Plus" }] },
  { id: "83", name: "Allianz", plans: [{ id: "1030", name: "Allianz Zdrowie" }] },
  { id: "90", name: "Signal Iduna", plans: [] },
  { id: "104", name: "Enel-Med", plans: [{ id: "1040", name: "Pakiet Firma" }, { id: "1041", name: "Pakiet Rodzina" }] },
];

export const serviceById = (id: string) => SERVICES.find((s) => s.id === id);
export const providerById = (id: string) => INSURANCE_PROVIDERS.find((p) => p.id === id);
