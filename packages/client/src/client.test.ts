import { describe, expect, it } from "vitest";
import { createSwitchboardClient } from "./index";

/** Requests as the client sends them, answered with one canned response. */
function recorder(status = 200, body: unknown = { ok: true }) {
  const requests: Request[] = [];
  const fetch = async (request: Request) => {
    requests.push(request);
    return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
  };
  return { requests, fetch };
}

describe("createSwitchboardClient", () => {
  it("sends the bearer token, fills path and query parameters and the Idempotency-Key header", async () => {
    const { requests, fetch } = recorder();
    const client = createSwitchboardClient({ baseUrl: "https://api.example.com", token: "t0ken", fetch });
    await client.GET("/v1/mocdoc/{connectionId}/users", { params: { path: { connectionId: "clinic a" }, query: { entitylocation: "location1" } } });
    await client.POST("/v1/mocdoc/{connectionId}/appointments", {
      params: { path: { connectionId: "clinic-a" }, header: { "Idempotency-Key": "book-1" } },
      body: { fname: "Asha", phone: "9876543210" },
    });
    expect(requests.map((r) => [r.method, r.url, r.headers.get("authorization")])).toEqual([
      ["GET", "https://api.example.com/v1/mocdoc/clinic%20a/users?entitylocation=location1", "Bearer t0ken"],
      ["POST", "https://api.example.com/v1/mocdoc/clinic-a/appointments", "Bearer t0ken"],
    ]);
    expect(requests[1]!.headers.get("idempotency-key")).toBe("book-1");
    expect(await requests[1]!.json()).toEqual({ fname: "Asha", phone: "9876543210" });
  });

  it("asks a token function for every request, so a refreshed token is used", async () => {
    const { requests, fetch } = recorder();
    let n = 0;
    const client = createSwitchboardClient({ baseUrl: "https://api.example.com", token: async () => `token-${++n}`, fetch });
    for (let i = 0; i < 2; i++) await client.GET("/v1/jobs/{jobId}", { params: { path: { jobId: "job-1" } } });
    expect(requests.map((r) => r.headers.get("authorization"))).toEqual(["Bearer token-1", "Bearer token-2"]);
  });

  it("answers a problem document as `error`, with the response", async () => {
    const { fetch } = recorder(404, { type: "https://switchboard.dev/problems/not-found", title: "Not Found", status: 404 });
    const client = createSwitchboardClient({ baseUrl: "https://api.example.com", token: "t", fetch });
    const { data, error, response } = await client.GET("/v1/jobs/{jobId}", { params: { path: { jobId: "nope" } } });
    expect(data).toBeUndefined();
    expect(response.status).toBe(404);
    expect(error?.title).toBe("Not Found");
  });
});
