import type { Appointment } from "@medplum/fhirtypes";
import { describe, expect, it, vi } from "vitest";
import { appointmentEvent, publishAppointmentChange } from "./appointment-events";

const appointment: Appointment = {
  resourceType: "Appointment",
  id: "1QXBwb2ludG1lbnQ",
  status: "booked",
  start: "2026-12-01T04:30:00Z",
  end: "2026-12-01T04:45:00Z",
  contained: [{ resourceType: "Patient", id: "p", name: [{ given: ["Ada"] }], telecom: [{ system: "phone", value: "9876543210" }] }],
  participant: [{ actor: { reference: "#p" }, status: "accepted" }],
};

function context(failing: "inbox" | "bus" | undefined) {
  const failure = () => Promise.reject(new Error("Ada 9876543210 could not be stored"));
  return {
    deps: {
      inbox: { receive: vi.fn(failing === "inbox" ? failure : () => Promise.resolve({ deliveryId: "d", published: 1, duplicates: 0 })) },
      events: { publish: vi.fn(failing === "bus" ? failure : () => Promise.resolve()) },
    },
    connection: { connectionId: "c1" },
    log: { error: vi.fn() },
  };
}

describe("appointment change events", () => {
  it("name the change: a reschedule to another time is another event, the same change seen twice is one", () => {
    const booked = appointmentEvent("mocdoc", "c1", "booked", appointment);
    expect(appointmentEvent("mocdoc", "c1", "booked", { ...appointment, comment: "seen again" }).eventId).toBe(booked.eventId);
    expect(appointmentEvent("mocdoc", "c1", "cancelled", appointment).eventId).not.toBe(booked.eventId);
    const moved = appointmentEvent("mocdoc", "c1", "rescheduled", appointment);
    expect(appointmentEvent("mocdoc", "c1", "rescheduled", { ...appointment, start: "2026-12-02T04:30:00Z" }).eventId).not.toBe(moved.eventId);
    expect(booked).toMatchObject({ detailType: "switchboard.appointment.booked", detail: { vendor: "mocdoc", connectionId: "c1", change: "booked", appointment } });
  });

  it.each(["inbox", "bus"] as const)("do not fail the change already made when the %s refuses them, and log it without patient data", async (failing) => {
    const ctx = context(failing);
    await expect(publishAppointmentChange(ctx as never, appointmentEvent("mocdoc", "c1", "booked", appointment), failing === "inbox")).resolves.toBeUndefined();
    expect(ctx.log.error).toHaveBeenCalledTimes(1);
    const logged = JSON.stringify(ctx.log.error.mock.calls);
    expect(logged).toContain("switchboard.appointment.booked");
    expect(logged).not.toMatch(/Ada|9876543210/);
  });

  it("go through the inbox where the vendor has one, else straight to the bus", async () => {
    const viaInbox = context(undefined);
    await publishAppointmentChange(viaInbox as never, appointmentEvent("docplanner", "c1", "booked", appointment), true);
    expect(viaInbox.deps.inbox.receive).toHaveBeenCalledWith(expect.objectContaining({ vendor: "docplanner", connectionId: "c1", via: "api" }));
    expect(viaInbox.deps.events.publish).not.toHaveBeenCalled();
    const direct = context(undefined);
    await publishAppointmentChange(direct as never, appointmentEvent("mocdoc", "c1", "booked", appointment), false);
    expect(direct.deps.events.publish).toHaveBeenCalledWith([expect.objectContaining({ detailType: "switchboard.appointment.booked" })]);
    expect(direct.deps.inbox.receive).not.toHaveBeenCalled();
  });
});
