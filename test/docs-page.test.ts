import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./support/browser";
import { addMocDocConnection, startTestStack } from "./support/local";

/**
 * GET /docs in a real browser (Debian's Chromium, headless): the local stack serves the page, its
 * files and the OpenAPI document; the page renders the operations and its "try it" calls the same
 * stack with the token given to Authorize.
 */
let stack: Awaited<ReturnType<typeof startTestStack>>;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;
const requested: string[] = [];
const consoleErrors: string[] = [];

beforeAll(async () => {
  stack = await startTestStack();
  await addMocDocConnection(stack, { connectionId: "docs-clinic", tenantId: "docs-tenant", minIntervalMs: 50 });
  browser = await launchChromium();
  page = await browser.context.newPage();
  page.on("request", (request) => requested.push(request.url()));
  // CSP violations and failed loads are reported here.
  page.on("console", (message) => void (message.type() === "error" && consoleErrors.push(message.text())));
  page.on("pageerror", (error) => consoleErrors.push(error.message));
  await page.goto(`${stack.apiUrl}/docs`);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await stack?.cleanup();
});

/** An operation's block, by the operation id it shows. */
const operation = (operationId: string) =>
  page.locator(".opblock").filter({ has: page.locator(".opblock-summary-operation-id").getByText(operationId, { exact: true }) });

/** Runs listLocations for docs-clinic from its block ("Try it out", then Execute) and answers the live response's status and body. */
async function tryListLocations(): Promise<{ status: string; body: string }> {
  const block = operation("mocdoc.listLocations");
  if (!(await block.locator("button.execute").isVisible())) {
    await block.locator(".opblock-summary").click();
    await block.locator("button.try-out__btn").click();
    await block.locator('tr[data-param-name="connectionId"] input').fill("docs-clinic");
  }
  // Clear the previous try's response, so the one read below is this try's.
  const response = block.locator(".live-responses-table tr.response");
  const clear = block.locator("button.btn-clear");
  if (await clear.isVisible()) await clear.click();
  await response.waitFor({ state: "detached" });
  await block.locator("button.execute").click();
  await response.waitFor({ timeout: 30_000 });
  return { status: ((await response.locator(".response-col_status").textContent()) ?? "").trim(), body: (await response.locator(".response-col_description").textContent()) ?? "" };
}

describe("the docs page", () => {
  it("renders the operations from /openapi.json: MocDoc's and Docplanner's, with their ids and summaries", async () => {
    const listLocations = operation("mocdoc.listLocations");
    await listLocations.waitFor({ timeout: 60_000 });
    expect(await listLocations.locator(".opblock-summary-path").textContent()).toBe("/v1/mocdoc/{connectionId}/locations");
    expect(await listLocations.locator(".opblock-summary-description").textContent()).toBe("List the entity's locations");
    expect(await listLocations.locator(".opblock-summary-operation-id").textContent()).toBe("mocdoc.listLocations");

    // The list is virtualized: the filter brings Docplanner's operations into view.
    await page.locator(".operation-filter-input").fill("docplanner");
    const getFacilities = operation("docplanner.getFacilities");
    await getFacilities.waitFor({ timeout: 30_000 });
    expect(await getFacilities.locator(".opblock-summary-description").textContent()).toBe("Get a list of facilities");
    await expect.poll(() => operation("mocdoc.listLocations").count()).toBe(0);
    await page.locator(".operation-filter-input").fill("");
    await listLocations.waitFor({ timeout: 30_000 });
  }, 120_000);

  it("tries an operation against this stack: 401 without a token, then 200 with the vendor's answer once authorized", async () => {
    const vendorCalls = () => stack.simulators.mocdoc.stats().total;
    const before = vendorCalls();
    const anonymous = await tryListLocations();
    expect(anonymous.status).toBe("401");
    expect(vendorCalls()).toBe(before);

    await page.locator(".auth-wrapper button.authorize").click();
    const dialog = page.locator(".dialog-ux .modal-ux");
    await dialog.locator("input").first().fill(await stack.token("docs-tenant"));
    await dialog.locator(".auth-btn-wrapper button.authorize").click();
    await dialog.locator("button.btn-done").click();

    const authorized = await tryListLocations();
    expect(authorized.status).toBe("200");
    expect(authorized.body).toContain('"entitylocation": "location1"');
    expect(vendorCalls()).toBe(before + 1);
  }, 120_000);

  // Over everything the page loaded in the tests above.
  it("loads everything from the stack's own origin, with no errors or policy violations", () => {
    const origin = new URL(stack.apiUrl).origin;
    expect(requested.filter((url) => !url.startsWith("data:") && new URL(url).origin !== origin)).toEqual([]);
    expect(requested.map((url) => new URL(url).pathname)).toEqual(
      expect.arrayContaining(["/docs", "/docs/swagger-ui-bundle.js", "/docs/swagger-ui.css", "/docs/init.js", "/openapi.json", "/v1/mocdoc/docs-clinic/locations"]),
    );
    // The anonymous try is Chromium's one logged failure: a 401 is an error to the console.
    expect(consoleErrors.filter((e) => !/status of 401/.test(e))).toEqual([]);
  });
});
