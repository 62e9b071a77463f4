import { Message } from "node-hl7-client";
import { describe, expect, it } from "vitest";
import { buildOmlO21, type LabOrder, type OmlO21Options } from "./oml-o21";

/** The docs' "Order Create" example, verbatim (../shared/vendor-docs/mocdoc-api.txt). */
const DOCS_EXAMPLE = [
  String.raw`MSH|^~\&|EHOSPITAL|600^BU10|IP||20220823101146||OML^O21|BC-2308220191|P|2.4|||AL|AL||84302`,
  "PID|||2201007||Ms. LEELA||1967-02-16|Female|||^^^^^AE||1234567890||E|M|OPD|sivakumar",
  "ORC|NW|202200000000099762||1||1||NM-HIGH DOSE THERAPY WARD||261||Grnd Floor Collection Centre|R||2022-07-29 16:34:54.456439|General Ward Male|Clinical Heamotology Division|Surgical Oncology",
  "OBR|BC-2308220191||18_104_TSH_0.34-5.06_mIU/mL_525021_2022_0_0_nill||20220823092808|||||A||||Serum|5000000167^Dr. RAHUL A S^CB-GEN/86692/202223, Dt:2022-08-23 09:34:06>058898+05:30, Amt: Rs. 230^",
  "OBR|BC-2308220191||18_107_TG (Thyro globulin)_1.59-50.03_ng/mL_525021_2022_0_0_nill||20220823092808|||||A||||Serum|5000000167^Dr. RAHUL A S^CB-GEN/86692/202223, Dt:2022-08-23 09:34:06.058898+05:30, Amt: Rs. 450^",
  "OBR|BC-2308220191||18_26_CALCIUM_8.40-10.20_mg/dL_525021_2022_0_0_nill||20220823092808|||||A||||Serum|5000000167^Dr. RAHUL A S^CB-GEN/86692/202223, Dt:2022-08-23 09:34:06.058898+05:30, Amt: Rs. 120^",
  "OBR|BC-2308220191||18_16_ALBUMIN_3.50-5.00_g/dL_525021_2022_0_0_nill||20220823092808|||||A||||Serum|5000000167^Dr. RAHUL A S^CB-GEN/86692/202223, Dt:2022-08-23 09:34:06.058898+05:30, Amt: Rs. 60^",
];

/** The example's order as our input. */
const docsOrder: LabOrder = {
  patient: {
    id: "2201007",
    title: "Ms.",
    name: "LEELA",
    dob: "19670216",
    gender: "Female",
    phone: "1234567890",
    address: { country: "AE" },
    language: "E",
    maritalStatus: "M",
  },
  orderingDoctor: { id: "5000000167", name: "Dr. RAHUL A S" },
  order: {
    placerOrderNumber: "202200000000099762",
    orderedAt: "2022-08-23T09:28:08+05:30",
    priority: "R",
    visitType: "OPD",
    visitId: "525021",
    ward: "NM-HIGH DOSE THERAPY WARD",
    collectionCentre: "Grnd Floor Collection Centre",
    enteredBy: "261",
    department: "Clinical Heamotology Division",
    billNumber: "CB-GEN/86692/202223",
  },
  tests: [
    { group: "18", code: "104", name: "TSH", referenceRange: "0.34-5.06", units: "mIU/mL", price: 230, specimen: "Serum" },
    { group: "18", code: "107", name: "TG (Thyro globulin)", referenceRange: "1.59-50.03", units: "ng/mL", price: 450, specimen: "Serum" },
    { group: "18", code: "26", name: "CALCIUM", referenceRange: "8.40-10.20", units: "mg/dL", price: 120, specimen: "Serum" },
    { group: "18", code: "16", name: "ALBUMIN", referenceRange: "3.50-5.00", units: "g/dL", price: 60, specimen: "Serum" },
  ],
};

const docsOptions: OmlO21Options = {
  now: new Date("2022-08-23T10:11:46Z"),
  controlId: "BC-2308220191",
  sendingApplication: "EHOSPITAL",
  sendingFacility: ["600", "BU10"],
  receivingApplication: "IP",
};

/** Sets field `position` of an ER7 segment (MSH counted as HL7 does); undefined drops it. */
function withField(segmentText: string, position: number, value: string | undefined): string {
  const fields = segmentText.split("|");
  fields[segmentText.startsWith("MSH|") ? position - 1 : position] = value ?? "";
  while (fields.at(-1) === "") fields.pop();
  return fields.join("|");
}

describe("buildOmlO21", () => {
  it("reproduces the docs' example, apart from the fields the docs leave unexplained", () => {
    const [msh, pid, orc, ...obrs] = DOCS_EXAMPLE as [string, string, string, ...string[]];
    const expected = [
      withField(msh, 18, undefined),
      withField(pid, 18, undefined),
      // ORC-15 is when ordered (the example's is an earlier, unexplained time); 16 and 18 are unexplained.
      withField(withField(withField(orc, 18, undefined), 16, undefined), 15, "2022-08-23 09:28:08"),
      // The bill note is dated when ordered too (the example's is a later billing time; the
      // pattern's `.` also matches the `>` typo in the first OBR).
      ...obrs.map((obr) => obr.replace(/Dt:2022-08-23 09:34:06.058898/, "Dt:2022-08-23 09:28:08")),
    ];
    expect(buildOmlO21(docsOrder, docsOptions).split("\r")).toEqual(expected);
  });

  it("builds an OML^O21 v2.4 message with one OBR per test", () => {
    const text = buildOmlO21(docsOrder, { ...docsOptions, controlId: "CTRL-1" });
    expect(text).not.toMatch(/\n|\r$/);
    const message = new Message({ text });
    expect(message.toArray().map((s) => s.name)).toEqual(["MSH", "PID", "ORC", "OBR", "OBR", "OBR", "OBR"]);
    expect(message.get("MSH.9").toRaw()).toBe("OML^O21");
    expect(message.get("MSH.10").toString()).toBe("CTRL-1");
    expect(message.get("MSH.11").toString()).toBe("P");
    expect(message.get("MSH.12").toString()).toBe("2.4");
    expect(message.get("MSH.15").toString()).toBe("AL");
    expect(message.get("MSH.16").toString()).toBe("AL");
    expect(message.get("ORC.1").toString()).toBe("NW");
    const codes: string[] = [];
    // Paths on a segment from the list are relative ("3", not "OBR.3") in this parser.
    message.get("OBR").forEach((obr) => codes.push(obr.get("3").toString().split("_").slice(0, 2).join("_")));
    expect(codes).toEqual(["18_104", "18_107", "18_26", "18_16"]);
  });

  it("is deterministic for a fixed now and control id", () => {
    expect(buildOmlO21(docsOrder, docsOptions)).toBe(buildOmlO21(docsOrder, docsOptions));
  });

  it("joins title, name and family into PID-5 and leaves out what the order does not have", () => {
    const text = buildOmlO21(
      {
        patient: { id: "P1", name: "Arthi", family: "Raman", dob: "19900101", gender: "Other" },
        orderingDoctor: { id: "D1", name: "Dr. K" },
        order: { placerOrderNumber: "O1", orderedAt: "20261201101500" },
        tests: [{ group: "18", code: "104", name: "TSH", price: 230 }],
      },
      { now: new Date("2026-12-01T04:45:00Z"), controlId: "C1", sendingApplication: "SWITCHBOARD" },
    );
    expect(text.split("\r")).toEqual([
      String.raw`MSH|^~\&|SWITCHBOARD||||20261201044500||OML^O21|C1|P|2.4|||AL|AL`,
      "PID|||P1||Arthi Raman||1990-01-01|Other",
      "ORC|NW|O1||1||1|||||||||2026-12-01 10:15:00",
      "OBR|C1||18_104_TSH____2026_0_0_nill||20261201101500|||||A|||||D1^Dr. K^Dt:2026-12-01 10:15:00, Amt: Rs. 230^",
    ]);
  });

  it("round-trips HL7 delimiters, the escape character and line breaks through an independent parser", () => {
    const tricky = String.raw`A|B^C~D\E&F \F\ end`;
    const lab: LabOrder = {
      patient: { id: `P|1^2`, title: "Ms.", name: tricky, dob: "19670216", gender: "Female", address: { city: "Kochi^&~", country: "IN|AE" } },
      orderingDoctor: { id: `D~1`, name: `Dr. ${tricky}` },
      order: {
        placerOrderNumber: `O&1\\`,
        orderedAt: "2022-08-23T09:28:08+05:30",
        ward: "Ward 1\r\nBed 2\n",
        collectionCentre: tricky,
        department: "Lab|Bio",
        billNumber: `B^1`,
      },
      tests: [
        { group: "18", code: "1|0^4", name: `TSH ${tricky}`, referenceRange: "0.3~5", units: "mIU\\mL", price: 230, specimen: `Serum&Plasma` },
        { group: "18", code: "26", name: "CALCIUM\rX", price: 120, specimen: `Blood|Serum` },
      ],
    };
    const message = new Message({ text: buildOmlO21(lab, { ...docsOptions, controlId: `C^1|2` }) });
    const read = (path: string) => message.get(path).toString();

    expect(read("MSH.10")).toBe(`C^1|2`);
    expect(read("PID.3")).toBe(`P|1^2`);
    expect(read("PID.5.1")).toBe(`Ms. ${tricky}`);
    expect(read("PID.11.3")).toBe("Kochi^&~");
    expect(read("PID.11.6")).toBe("IN|AE");
    expect(read("ORC.2")).toBe(`O&1\\`);
    expect(read("ORC.8")).toBe("Ward 1\r\nBed 2\n");
    expect(read("ORC.12")).toBe(tricky);
    expect(read("ORC.17")).toBe("Lab|Bio");

    const obrs: { id: string; test: string[]; specimen: string; doctor: [string, string, string] }[] = [];
    message.get("OBR").forEach((obr) =>
      obrs.push({
        id: obr.get("1").toString(),
        test: obr.get("3.1").toString().split("_"),
        specimen: obr.get("14").toString(),
        doctor: [obr.get("15.1").toString(), obr.get("15.2").toString(), obr.get("15.3").toString()],
      }),
    );
    expect(obrs).toEqual([
      {
        id: `C^1|2`,
        test: ["18", "1|0^4", `TSH ${tricky}`, "0.3~5", "mIU\\mL", "", "2022", "0", "0", "nill"],
        specimen: "Serum&Plasma",
        doctor: ["D~1", `Dr. ${tricky}`, "B^1, Dt:2022-08-23 09:28:08+05:30, Amt: Rs. 230"],
      },
      {
        id: `C^1|2`,
        test: ["18", "26", "CALCIUM\rX", "", "", "", "2022", "0", "0", "nill"],
        specimen: "Blood|Serum",
        doctor: ["D~1", `Dr. ${tricky}`, "B^1, Dt:2022-08-23 09:28:08+05:30, Amt: Rs. 120"],
      },
    ]);
  });

  it("refuses values that would shift the fields packed into OBR-3", () => {
    const tests = [{ ...docsOrder.tests[0]!, name: "TSH_ultra" }];
    expect(() => buildOmlO21({ ...docsOrder, tests }, docsOptions)).toThrow(/must not contain "_"/);
    const order = { ...docsOrder.order, visitId: "V_1" };
    expect(() => buildOmlO21({ ...docsOrder, order }, docsOptions)).toThrow(/must not contain "_"/);
  });

  it("refuses an order without tests or with an unreadable order time", () => {
    expect(() => buildOmlO21({ ...docsOrder, tests: [] }, docsOptions)).toThrow(/at least one test/);
    const order = { ...docsOrder.order, orderedAt: "2022-02-30T10:00:00Z" };
    expect(() => buildOmlO21({ ...docsOrder, order }, docsOptions)).toThrow(/orderedAt/);
  });
});
