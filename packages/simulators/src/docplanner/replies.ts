import type { SimReply } from "../server";

/**
 * Docplanner's replies: success bodies as application/vnd.docplanner+json; charset=UTF-8, errors
 * as the contract's Error ({errors, message}) in application/vnd.error+docplanner+json, and no body
 * where the contract gives none (204, 202, enableCalendar's 200, replaceSlots' 201).
 */
export const SUCCESS_TYPE = "application/vnd.docplanner+json; charset=UTF-8";
export const ERROR_TYPE = "application/vnd.error+docplanner+json";

export const errorBody = (message: string, errors: string[] = []) => ({ errors, message });

export const ok = (status: number, body: unknown, headers?: Record<string, string>): SimReply => ({ status, body, headers, contentType: SUCCESS_TYPE });

export const empty = (status: number, headers?: Record<string, string>): SimReply => ({ status, body: undefined, headers });

export const failure = (status: number, message: string, errors: string[] = [], headers?: Record<string, string>): SimReply => ({
  status,
  body: errorBody(message, errors),
  headers,
  contentType: ERROR_TYPE,
});

/** A business rule the request broke: thrown by route handlers, answered as the Error schema. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors: string[] = [],
  ) {
    super(message);
  }
}

/** The contract's example messages, so errors read as Docplanner's do. */
export const MESSAGES = {
  objectNotFound: "Object not found",
  facilityNotAuthorized: "You are not authorized to see this facility",
  doctorNotAuthorized: "You are not authorized to see this doctor",
  doctorNotInFacility: "Doctor is not related with facility",
  addressNotAuthorized: "You are not authorized to see this address",
  addressNotInFacility: "This address does not belong to this facility",
  addressNotOfDoctor: "This address does not belong to this doctor",
  bookingNotOfAddress: "This booking does not belong to this address",
  serviceNotOfAddress: "This service does not belong to this address",
  notCommercial: (addressId: string) => `Cannot activate calendar on address ${addressId}, profile/address is not commercial`,
  invalidArguments: "Invalid arguments",
  invalidDate: "Invalid date given.",
  invalidDateRange: "Invalid date range",
  noNotifications: "No notifications found",
  releaseForbidden: "You are not allowed to use this method",
} as const;
