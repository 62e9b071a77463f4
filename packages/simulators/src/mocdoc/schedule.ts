import { daysFrom, invalid, isBlank, isHhmm, isMobile, isYyyymmdd, minutesOf, ok, text, validationError, type MocDocBody } from "./checks";
import { DOCTORS, doctorByKey, isLocation, type SimDoctor } from "./masters";
import type { MocDocRouteContext } from "./routes";

/**
 * Appointments and calendars: bookappt and status updates, a doctor's calendar, and the
 * teleconsultation slots, bookings and blocks. Slots are free until booked or blocked through
 * the simulator (per account), so the same request always finds the same calendar.
 */

/** Lets tests provoke a vendor message that echoes patient data, to prove we scrub it. */
const ECHO_PURPOSE = "__sim_echo__";

/**
 * The docs require fname and phone only; location, doctor, date and start are checked when sent.
 * The booking keeps its fields as received, the vendor's own included.
 */
export function bookAppointment({ state, fields }: MocDocRouteContext): MocDocBody {
  const field = (name: string) => text(fields[name]);
  const given = (name: string) => !isBlank(fields[name]);
  if (fields.purpose === ECHO_PURPOSE) {
    return { status: "402", message: `Patient ${field("fname")} ${field("phone")} already has an appointment` };
  }
  if (given("date") && !isYyyymmdd(field("date"))) return validationError("Invalid date");
  if (given("start") && !isHhmm(field("start"))) return validationError("Invalid start time");
  if (given("entitylocation") && !isLocation(field("entitylocation"))) return validationError("Invalid entitylocation");

  // MocDoc's apptkey is drkey + date + start, e.g. "itooth-nathankps2023020304:00"; a booking
  // without all three (under names the simulator does not know) gets a key of its own.
  const slotted = given("drkey") && given("date") && given("start");
  const apptkey = slotted ? `${field("drkey")}${field("date")}${field("start")}` : `SIM-APPT-${state.appointments.size + 1}`;
  if (state.appointments.has(apptkey)) return { status: "402", message: "Slot already booked" };
  state.appointments.set(apptkey, { ...fields });
  return { status: "200", apptkey };
}

/** Booked here, or shaped like one booked at the clinic: a known drkey, then YYYYMMDD and HH:MM. */
function isKnownAppointment(booked: ReadonlyMap<string, unknown>, apptkey: string): boolean {
  if (booked.has(apptkey)) return true;
  return DOCTORS.some((d) => {
    if (!apptkey.startsWith(d.drkey)) return false;
    const m = /^(\d{8})(\d{2}:\d{2})$/.exec(apptkey.slice(d.drkey.length));
    return m !== null && isYyyymmdd(m[1]!) && isHhmm(m[2]!);
  });
}

export function updateAppointmentStatus({ state, fields }: MocDocRouteContext): MocDocBody {
  const apptkey = text(fields.apptkey);
  if (!isKnownAppointment(state.appointments, apptkey)) return validationError("Invalid apptkey");
  for (const amount of ["totalamt", "amount_paid"]) {
    if (fields[amount] !== undefined && !Number.isFinite(Number(fields[amount]))) return validationError(`Invalid ${amount}`);
  }
  state.appointmentStatus.set(apptkey, { status: text(fields.status), totalamt: fields.totalamt, amount_paid: fields.amount_paid });
  // MocDoc capitalises this one: {"status":"200","Message":"Success"}.
  return { status: "200", Message: "Success" };
}

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;

function slotStarts([from, to]: [string, string], minutes: number): string[] {
  const starts: string[] = [];
  for (let t = minutesOf(from); t + minutes <= minutesOf(to); t += minutes) starts.push(hhmm(t));
  return starts;
}

const validRange = (start: string, end: string) => isYyyymmdd(start) && isYyyymmdd(end) && end >= start;

export function calendar({ state, fields }: MocDocRouteContext): MocDocBody {
  const dr = doctorByKey(text(fields.drkey));
  const [start, end] = [text(fields.startdate), text(fields.enddate)];
  if (!validRange(start, end)) return invalid("Invalid date or Invalid location");
  if (!dr) return validationError("Invalid drkey");
  const slots = daysFrom(start, end).flatMap((date) =>
    slotStarts(dr.hours, dr.slotMinutes).map((s) => ({
      date,
      start: s,
      end: hhmm(minutesOf(s) + dr.slotMinutes),
      status: state.appointments.has(`${dr.drkey}${date}${s}`) ? "booked" : "available",
    })),
  );
  return ok({ data: [{ drKey: dr.drkey, drName: dr.name, slots }] });
}

// ---- teleconsultation ------------------------------------------------------------------------

const teleDoctor = (drkey: string): (SimDoctor & { teleHours: [string, string] }) | undefined => {
  const dr = doctorByKey(drkey);
  return dr?.teleHours ? (dr as SimDoctor & { teleHours: [string, string] }) : undefined;
};
const TELE_SLOT_MINUTES = 15;
const slotKey = (drkey: string, date: string, slot: string) => `${drkey}|${date}|${slot}`;

export const teleconsultDoctors = () =>
  DOCTORS.filter((d) => d.teleHours).map((d) => ({ title: "Dr", name: d.name, drkey: d.drkey, speciality: d.speciality, fee: 400, duration: TELE_SLOT_MINUTES }));

export function teleconsultSlots({ state, fields }: MocDocRouteContext): MocDocBody {
  const dr = teleDoctor(text(fields.drkey));
  if (!dr) return validationError("Invalid drkey");
  const [start, end] = [text(fields.startdate), text(fields.enddate)];
  if (!validRange(start, end)) return validationError("Invalid date");
  const drslots = daysFrom(start, end).map((date) => ({
    date,
    slots: slotStarts(dr.teleHours, TELE_SLOT_MINUTES).map((s) => ({
      start: s,
      end: hhmm(minutesOf(s) + TELE_SLOT_MINUTES),
      status: state.teleconsult.get(slotKey(dr.drkey, date, s)) ?? "available",
    })),
  }));
  return ok({ data: [{ drkey: dr.drkey, entitykey: state.account.entityKey, drslots }] });
}

/** Takes a free teleconsult slot, or says why not. */
function takeSlot(ctx: MocDocRouteContext, slotField: "slot" | "slotstart", as: "booked" | "blocked"): { dr: SimDoctor; date: string; slot: string } | MocDocBody {
  const dr = teleDoctor(text(ctx.fields.drkey));
  if (!dr) return validationError("Invalid drkey");
  const [date, slot] = [text(ctx.fields.date), text(ctx.fields[slotField])];
  if (!isYyyymmdd(date)) return validationError("Invalid date");
  if (!slotStarts(dr.teleHours, TELE_SLOT_MINUTES).includes(slot)) return validationError(`Invalid ${slotField}`);
  const key = slotKey(dr.drkey, date, slot);
  if (ctx.state.teleconsult.has(key)) return validationError("Slot not available");
  ctx.state.teleconsult.set(key, as);
  return { dr, date, slot };
}

/**
 * The docs require drkey (and entitykey) only: a mobile is checked when sent, and the slot is
 * taken when date or slot is sent; without either the booking holds no slot (empty date and
 * slot in the answer) and gets a key of its own. Bookings keep their fields as received.
 */
export function bookTeleconsult(ctx: MocDocRouteContext): MocDocBody {
  if (!isBlank(ctx.fields.mobile) && !isMobile(text(ctx.fields.mobile))) return validationError("Invalid mobile");
  const unslotted = isBlank(ctx.fields.date) && isBlank(ctx.fields.slot);
  const dr = teleDoctor(text(ctx.fields.drkey));
  if (unslotted && !dr) return validationError("Invalid drkey");
  const taken = unslotted ? { dr: dr!, date: "", slot: "" } : takeSlot(ctx, "slot", "booked");
  if ("status" in taken) return taken;
  const apptkey = unslotted ? `SIM-TELE-${ctx.state.teleconsultBookings.size + 1}` : `${taken.dr.drkey}${taken.date}${taken.slot}`;
  ctx.state.teleconsultBookings.set(apptkey, { ...ctx.fields });
  return ok({ data: [{ dr: taken.dr.name, drkey: taken.dr.drkey, date: taken.date, slot: taken.slot, apptkey }] });
}

export function blockTeleconsultSlot(ctx: MocDocRouteContext): MocDocBody {
  const taken = takeSlot(ctx, "slotstart", "blocked");
  if ("status" in taken) return taken;
  const { dr, date, slot } = taken;
  return ok({ data: [{ cachekey: `${dr.drkey}_${date}_${slot}`, entitykey: ctx.state.account.entityKey, drkey: dr.drkey, date, slotstart: slot }] });
}
