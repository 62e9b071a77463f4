import { DAY } from "./datetime";
import type { Patient } from "./model";
import { ascii, person, pesel } from "./names";
import type { Draw } from "./random";

/** A generated patient with consistent gender, birth date and PESEL. */
export function generatePatient(draw: Draw, now: number): Patient {
  const who = person(draw);
  const birthDate = new Date(now - draw.int(3, 85) * 365.25 * DAY - draw.int(0, 364) * DAY).toISOString().slice(0, 10);
  return {
    name: who.name,
    surname: who.surname,
    email: draw.chance(0.85) ? `${ascii(who.name)}.${ascii(who.surname)}${draw.int(1, 99)}@example.com` : null,
    phone: `+48${draw.pick(["5", "6", "7", "8"])}${draw.digits(8)}`,
    birth_date: birthDate,
    nin: draw.chance(0.8) ? pesel(birthDate, who.gender, draw) : null,
    gender: who.gender,
    is_returning: draw.chance(0.4),
    insurance_number: draw.chance(0.3) ? `CARD-${draw.digits(7)}` : null,
  };
}

/** A version 4 UUID from the draw (the notifications' booking `signature`). */
export function uuid(draw: Draw): string {
  const hex = Array.from({ length: 32 }, () => draw.int(0, 15).toString(16));
  hex[12] = "4";
  hex[16] = ((draw.int(0, 3) & 0x3) | 0x8).toString(16);
  const s = hex.join("");
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}
