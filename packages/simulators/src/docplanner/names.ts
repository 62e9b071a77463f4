import type { Draw } from "./random";

/** Name and place material for generated people and addresses (Polish marketplace). */
const FEMALE = ["Anna", "Maria", "Katarzyna", "Małgorzata", "Agnieszka", "Barbara", "Ewa", "Joanna", "Magdalena", "Zofia", "Aleksandra", "Natalia"];
const MALE = ["Piotr", "Krzysztof", "Tomasz", "Andrzej", "Paweł", "Michał", "Marcin", "Jakub", "Adam", "Łukasz", "Jan", "Marek"];
/** Surnames with their feminine form where Polish inflects them. */
const SURNAMES: readonly [string, string][] = [
  ["Nowak", "Nowak"],
  ["Kowalski", "Kowalska"],
  ["Wiśniewski", "Wiśniewska"],
  ["Wójcik", "Wójcik"],
  ["Kamiński", "Kamińska"],
  ["Lewandowski", "Lewandowska"],
  ["Zieliński", "Zielińska"],
  ["Szymański", "Szymańska"],
  ["Woźniak", "Woźniak"],
  ["Dąbrowski", "Dąbrowska"],
  ["Mazur", "Mazur"],
  ["Krawczyk", "Krawczyk"],
];

export const CITIES: readonly { name: string; postPrefix: string; streets: readonly string[] }[] = [
  { name: "Warszawa", postPrefix: "0", streets: ["ul. Marszałkowska", "ul. Puławska", "al. Jana Pawła II", "ul. Grójecka"] },
  { name: "Kraków", postPrefix: "3", streets: ["ul. Długa", "ul. Karmelicka", "al. Pokoju", "ul. Wielicka"] },
  { name: "Wrocław", postPrefix: "5", streets: ["ul. Legnicka", "ul. Powstańców Śląskich", "ul. Świdnicka"] },
  { name: "Poznań", postPrefix: "6", streets: ["ul. Głogowska", "ul. Grunwaldzka", "ul. Dąbrowskiego"] },
  { name: "Gdańsk", postPrefix: "8", streets: ["ul. Grunwaldzka", "ul. Długa", "al. Zwycięstwa"] },
];

export const FACILITY_NAMES = ["Centrum Medyczne Zdrowie", "Przychodnia Nova", "Klinika Medica", "Poradnia Salus", "Centrum Medyczne Vita"];

export interface Person {
  name: string;
  surname: string;
  gender: "m" | "f";
}

export function person(draw: Draw): Person {
  const gender = draw.chance(0.5) ? "f" : "m";
  const [male, female] = draw.pick(SURNAMES);
  return { name: draw.pick(gender === "f" ? FEMALE : MALE), surname: gender === "f" ? female : male, gender };
}

/** For URLs and e-mail addresses: "Wiśniewska" → "wisniewska". */
export function ascii(text: string): string {
  return text
    .replace(/ł/g, "l")
    .replace(/Ł/g, "L")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

/** A PESEL (the Polish national id number, Docplanner's `nin`) with a valid check digit. */
export function pesel(birthDate: string, gender: "m" | "f", draw: Draw): string {
  const [year, month, day] = birthDate.split("-").map(Number) as [number, number, number];
  const century = year >= 2000 ? 20 : 0;
  const serial = draw.digits(3);
  const sex = gender === "m" ? draw.pick([1, 3, 5, 7, 9]) : draw.pick([0, 2, 4, 6, 8]);
  const body = `${String(year % 100).padStart(2, "0")}${String(month + century).padStart(2, "0")}${String(day).padStart(2, "0")}${serial}${sex}`;
  const weights = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];
  const sum = [...body].reduce((acc, digit, i) => acc + Number(digit) * weights[i]!, 0);
  return `${body}${(10 - (sum % 10)) % 10}`;
}
