import { createHash } from "node:crypto";

/**
 * The MocDoc simulator's master data: what every simulated account has configured. Keys are the
 * same for every account (entity-independent), so the catalogue's examples are valid against any
 * account; keys that MocDoc prefixes with the entity key (patientkey, doctorkey…) are built per
 * account where they are answered.
 */
export const LOCATIONS = [
  { entitylocation: "location1", name: "Main Clinic", landmark: "near temple" },
  { entitylocation: "location2", name: "Branch Clinic", landmark: "opposite bus stand" },
];

export const isLocation = (key: string) => LOCATIONS.some((l) => l.entitylocation === key);

export interface SimDoctor {
  drkey: string;
  name: string;
  speciality: string;
  drdept: string;
  entitylocation: string;
  /** Consultation hours (HH:MM) and slot length, for the calendar. */
  hours: [string, string];
  slotMinutes: number;
  /** Teleconsultation hours, when the doctor takes teleconsultations. */
  teleHours?: [string, string];
}

export const DOCTORS: readonly SimDoctor[] = [
  { drkey: "dr-arthi", name: "Arthi B", speciality: "General Dentist", drdept: "Dental", entitylocation: "location1", hours: ["09:00", "13:00"], slotMinutes: 15 },
  { drkey: "dr-senthil", name: "Senthilnathan Periasamy", speciality: "Orthopaedic Surgeon", drdept: "Orthopaedics", entitylocation: "location1", hours: ["10:00", "14:00"], slotMinutes: 20, teleHours: ["18:00", "21:00"] },
  { drkey: "dr-rekha", name: "S. Rekha", speciality: "Cardiac Surgeon", drdept: "Cardiology", entitylocation: "location2", hours: ["16:00", "20:00"], slotMinutes: 15 },
  { drkey: "dr-tazeen", name: "Tazeen Fathima", speciality: "General Physician", drdept: "General Medicine", entitylocation: "location2", hours: ["09:00", "12:00"], slotMinutes: 10, teleHours: ["19:00", "22:00"] },
];

export const doctorByKey = (drkey: string) => DOCTORS.find((d) => d.drkey === drkey);

export const USERS = [
  { name: "Lavanya", userkey: "user-lavanya", role: "Front Office", entitylocation: "location1", created_at: "2019030718:57:27" },
  { name: "Prakash", userkey: "user-prakash", role: "Pharmacist", entitylocation: "location1", created_at: "2020011009:12:03" },
  { name: "Meena", userkey: "user-meena", role: "Lab Technician", entitylocation: "location2", created_at: "2021071514:40:55" },
];

export const PROVIDERS = [
  { name: "Sampoorna Suraksha Insurance", providerkey: "sampoorna-suraksha-insurance", type: "Insurance", subtype: "TPA", entitylocation: "location1" },
  { name: "City Diagnostics", providerkey: "city-diagnostics", type: "Lab", subtype: "Outsourced", entitylocation: "location2" },
];

export const REFERRALS = [
  { referral_name: "SenthilNathan", referral_mobile: 9003245123, referral_key: "ref-senthilnathan" },
  { referral_name: "Kavitha Clinic", referral_mobile: 9840012345, referral_key: "ref-kavitha-clinic" },
];

export const LAB_TESTS = [
  { code: "CBC", name: "Complete Blood Count", price: 350, sample: "Whole Blood EDTA", unit: "", range: "" },
  { code: "FBS", name: "Fasting Blood Sugar", price: 120, sample: "Fluoride Plasma", unit: "mg/dL", range: "70-100" },
  { code: "HBA1C", name: "Glycated Haemoglobin", price: 450, sample: "Whole Blood EDTA", unit: "%", range: "4.0-5.6" },
  { code: "TSH", name: "Thyroid Stimulating Hormone", price: 230, sample: "Serum", unit: "mIU/mL", range: "0.34-5.06" },
  { code: "CALCIUM", name: "Calcium", price: 120, sample: "Serum", unit: "mg/dL", range: "8.40-10.20" },
  { code: "ALBUMIN", name: "Albumin", price: 60, sample: "Serum", unit: "g/dL", range: "3.50-5.00" },
];

export const LAB_PROFILES = [
  { code: "THYROID", name: "Thyroid Profile", price: 600, tests: ["TSH", "CALCIUM"] },
  { code: "DIABETIC", name: "Diabetic Profile", price: 520, tests: ["FBS", "HBA1C"] },
];

export const isInvestigation = (code: string) => LAB_TESTS.some((t) => t.code === code) || LAB_PROFILES.some((p) => p.code === code);

export const PACKAGES = [
  { packagekey: "pkg-master-health", name: "Master Health Check", price: 2499, expirydate: "20401222", tests: ["CBC", "FBS", "THYROID"] },
  { packagekey: "pkg-diabetes-care", name: "Diabetes Care", price: 999, expirydate: "20301231", tests: ["DIABETIC"] },
];

export const RATE_PLANS = [
  { rateplankey: "rateplan-default", name: "Default Rate Plan", factor: 1 },
  { rateplankey: "rateplan-corporate", name: "Corporate Rate Plan", factor: 0.85 },
];

export const PRODUCTS = [
  { prodkey: "prod_1", name: "Dolo 650", purprice: 10.0, mrp: 30.0, gst: 12, hsn: "30049099", manufacturer: "Micro Labs" },
  { prodkey: "prod_2", name: "Amoxicillin 500", purprice: 42.5, mrp: 85.0, gst: 12, hsn: "30041010", manufacturer: "Cipla" },
  { prodkey: "prod_3", name: "Cetirizine 10", purprice: 8.0, mrp: 18.0, gst: 12, hsn: "30049099", manufacturer: "Dr. Reddy's" },
  { prodkey: "prod_4", name: "Pantoprazole 40", purprice: 55.0, mrp: 120.0, gst: 12, hsn: "30049039", manufacturer: "Sun Pharma" },
  { prodkey: "prod_5", name: "Chlorhexidine Mouthwash", purprice: 65.0, mrp: 110.0, gst: 18, hsn: "33069000", manufacturer: "ICPA" },
  { prodkey: "prod_6", name: "Metformin 500", purprice: 12.0, mrp: 25.0, gst: 12, hsn: "30049099", manufacturer: "USV" },
];

export const STORES = [
  { storekey: "location1_store-one", name: "Vadapalani", entitylocation: "location1" },
  { storekey: "location2_store-one", name: "Velachery", entitylocation: "location2" },
];

export const storeByKey = (storekey: string) => STORES.find((s) => s.storekey === storekey);

function unit(...parts: string[]): number {
  return createHash("sha256").update(parts.join("|")).digest().readUInt32LE(0) / 2 ** 32;
}

export interface StockBatch {
  batchno: string;
  expirydate: string;
  qty: number;
  purprice: number;
  purpriceafterded: number;
  mrp: number;
}

/** A store's batches of a product: fixed per store and product (sales do not draw them down). */
export function batchesOf(storekey: string, prodkey: string): StockBatch[] {
  const product = PRODUCTS.find((p) => p.prodkey === prodkey);
  if (!product || !storeByKey(storekey)) return [];
  // The first product is always well stocked, so examples can sell it anywhere.
  const count = prodkey === "prod_1" ? 2 : Math.floor(unit(storekey, prodkey, "batches") * 4);
  return Array.from({ length: count }, (_, i) => {
    const qty = 20 + Math.floor(unit(storekey, prodkey, "qty", String(i)) * 180);
    return {
      batchno: `B${prodkey.replace(/\D/g, "")}${String(2401 + i * 7)}`,
      expirydate: `${2027 + i}${String(1 + Math.floor(unit(storekey, prodkey, "exp", String(i)) * 12)).padStart(2, "0")}28`,
      qty,
      purprice: product.purprice,
      purpriceafterded: Math.round(product.purprice * 0.95 * 100) / 100,
      mrp: product.mrp,
    };
  });
}

/** Current stock of every product a store holds. */
export function currentStock(storekey: string) {
  const store = storeByKey(storekey);
  if (!store) return [];
  return PRODUCTS.flatMap((p) => {
    const qty = batchesOf(storekey, p.prodkey).reduce((sum, b) => sum + b.qty, 0);
    return qty === 0 ? [] : [{ prodkey: p.prodkey, name: p.name, qty, storesection: { name: "Main Rack", code: "R1" }, reorderlevel: 10 }];
  });
}

/** Sandbox patients every simulated account has, as a vendor sandbox would seed them. */
export const SANDBOX_PATIENTS = [
  { phid: "SB0001", title: "Mr", fname: "Demo", lname: "Patient", gender: "Male", dob: "19850412", mobile: "9000000001", email: "demo.patient@example.com", city: "Chennai", entitylocation: "location1", registrationdate: "20240101", registrationtime: "10:00:00" },
  { phid: "SB0002", title: "Ms", fname: "Sample", lname: "Person", gender: "Female", dob: "19920630", mobile: "9000000002", city: "Chennai", entitylocation: "location2", registrationdate: "20240101", registrationtime: "11:30:00" },
];
