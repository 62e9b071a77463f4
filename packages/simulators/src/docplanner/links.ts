/**
 * Where resources live. `_links` hrefs are relative to the API base, as in the docs' pagination
 * example ("/some-endpoint?&page=1&limit=3"); a Location header is an absolute path, so that it
 * resolves against the request URL as HTTP does.
 */
export const API_BASE = "/api/v3/integration";

export const addressPath = (facilityId: string, doctorId: string, addressId: string) => `/facilities/${facilityId}/doctors/${doctorId}/addresses/${addressId}`;

export const location = (relative: string) => ({ Location: `${API_BASE}${relative}` });
