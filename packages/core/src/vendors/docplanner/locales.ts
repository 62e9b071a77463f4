/** The reference text's market table: locale → marketplace domain. */
export const DOCPLANNER_DOMAINS = {
  ar: "doctoraliar.com",
  br: "doctoralia.com.br",
  cl: "doctoralia.cl",
  co: "doctoralia.co",
  cz: "znamylekar.cz",
  es: "doctoralia.es",
  it: "miodottore.it",
  mx: "doctoralia.mx",
  pe: "doctoralia.pe",
  pt: "doctoralia.com.pt",
  tr: "doktortakvimi.com",
  pl: "znanylekarz.pl",
  de: "jameda.de",
} as const;

export type DocplannerLocale = keyof typeof DOCPLANNER_DOMAINS;
export const DOCPLANNER_LOCALES = Object.keys(DOCPLANNER_DOMAINS) as [DocplannerLocale, ...DocplannerLocale[]];
