import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot } from './support/browser';
import { RunningConsole } from './support/flow-console';
import { waitForOrder } from './support/orders';
import { createVhost } from './support/rabbitmqctl';
import { RunningSystem } from './support/system';

const run = promisify(execFile);
const DEMO_CLI = resolve(__dirname, '../../tools/dist/demo/demo.cli.js');

/** Long enough for a whole order on a busy two-core machine; Playwright polls, never sleeps. */
const FLOW_TIMEOUT = 30_000;

/**
 * The console as a person uses it, in real Chromium against the real broker: the live view, one
 * order's timeline, the final DLQ with its replay button, and what an unknown id shows.
 */
describe('flow console in a browser', () => {
  let vhost: Awaited<ReturnType<typeof createVhost>>;
  let system: RunningSystem;
  let flowConsole: RunningConsole;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    vhost = await createVhost('browser');
    // DOWN* fails 4 calls, past the 1 + 3 attempts (200 ms apart): the order reaches the final DLQ,
    // and the replay's call, the 5th, succeeds, as after a carrier outage.
    system = await RunningSystem.start({ amqpUrl: vhost.url, portBase: 3300, env: { CARRIER_SCHEDULE: 'FLAKY*=fail-first:2,DOWN*=fail-first:4,*=ok' } });
    flowConsole = await RunningConsole.start(system, { amqpUrl: vhost.url, port: 3310 });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(FLOW_TIMEOUT);
  });

  afterAll(async () => {
    await browser?.close();
    await flowConsole?.stop();
    await system?.stop();
    await vhost?.remove();
  });

  afterEach(() => {
    expect(system.crashed()).toEqual([]);
    expect(flowConsole.crashed()).toBe(false);
  });

  it('places a happy-path order with its button and shows it reach shipped, live', async () => {
    await page.goto(`${flowConsole.url}/`);
    await page.locator('#connection', { hasText: 'live' }).waitFor();
    await page.locator('[data-scenario="happy-path"]').click();
    const orderId = await waitForAttribute(page);
    const row = page.locator(`tr[data-order-id="${orderId}"]`);
    await row.locator('[data-status="shipped"]').waitFor();
    await page.locator('[data-count="shipped"] b', { hasText: '1' }).waitFor();
    await page.locator('#services [data-ready="true"]').first().waitFor();
    expect(await page.locator('#services [data-ready="true"]').count()).toBe(5);
    await screenshot(page, 'live');
  });

  it('places the same scenarios from the terminal (npm run demo), and the page counts them', async () => {
    const { stdout } = await run(process.execPath, [DEMO_CLI, 'declined', '--url', system.url('order-service')]);
    expect(stdout).toMatch(/Declined: order [0-9a-f-]{36}[\s\S]*payment_failed/);
    await page.goto(`${flowConsole.url}/`);
    await page.locator('[data-count="payment_failed"] b', { hasText: '1' }).waitFor();
  });

  it("opens one order's timeline by order id and by correlation id, with all of its events", async () => {
    const response = await system.http('order-service').post('/orders').set('x-correlation-id', 'browser-timeline-1').send({
      customerId: 'FLAKY-T1', customerEmail: 'flaky-t1@example.com', items: [{ productId: 'PROD123', quantity: 1, price: 10 }], totalAmount: 10,
    });
    const orderId = response.body.orderId as string;
    const order = await waitForOrder(system, orderId, (o) => o.status === 'shipped', 'shipped');
    await page.goto(`${flowConsole.url}/orders/${orderId}`);
    await page.locator('#order-status [data-status="shipped"]').waitFor();
    // Every event order-service recorded is on the page, with the ones it does not consume
    // (order.created, order.confirmed, notifications' inputs) that the tap saw as well.
    for (const entry of order.history) await page.locator(`#events tr[data-event-id="${entry.eventId}"]`).first().waitFor();
    for (const key of ['order.created', 'payment.processed.successful', 'inventory.stock.reserved', 'order.confirmed', 'shipping.attempt.failed', 'shipping.shipment.created']) {
      await page.locator(`#events tr[data-routing-key="${key}"]`).first().waitFor();
    }
    expect(await page.locator('#events tr[data-routing-key="shipping.attempt.failed"]').count()).toBe(2);
    expect(await page.locator('.chain .node').count()).toBeGreaterThanOrEqual(6);
    await page.locator('[data-effect="shipment"] pre').waitFor();
    await screenshot(page, 'order-timeline');

    await page.goto(`${flowConsole.url}/orders/browser-timeline-1`);
    await page.locator('#order-id', { hasText: orderId }).waitFor();
  });

  it('shows a carrier-down order in the final DLQ, replays it with a click, and it ships', async () => {
    const response = await system.http('order-service').post('/orders').send({
      customerId: 'DOWN-B1', customerEmail: 'down-b1@example.com', items: [{ productId: 'PROD123', quantity: 1, price: 10 }], totalAmount: 10,
    });
    const orderId = response.body.orderId as string;
    await page.goto(`${flowConsole.url}/dead-letters`);
    await page.locator('#dlqs tr[data-queue="shipping.service.final.dlq"] td[data-count="1"]').waitFor();
    await screenshot(page, 'dead-letter-queues');
    await page.locator('#dlqs a', { hasText: 'shipping.service.final.dlq' }).click();
    const row = page.locator(`#dead-letters tr[data-order-id="${orderId}"]`);
    await row.waitFor();
    expect(await row.locator('td').nth(4).textContent()).toBe('4');
    await screenshot(page, 'dead-letters');
    await row.locator('button.replay-one').click();
    await page.locator('#replay-result', { hasText: 'replayed 1' }).waitFor();
    await row.waitFor({ state: 'detached' });
    // The page follows the replayed order as the flow moves it on.
    await page.locator(`#replayed tr[data-order-id="${orderId}"] [data-status="shipped"]`).waitFor();
    await screenshot(page, 'dead-letters-replayed');
    await waitForOrder(system, orderId, (o) => o.status === 'shipped', 'shipped after the replay');
    await page.goto(`${flowConsole.url}/orders/${orderId}`);
    await page.locator('#order-status [data-status="shipped"]').waitFor();
    await page.locator('#events tr[data-routing-key="shipping.shipment.failed"]').first().waitFor();
  });

  it('replays a selection, then all, from the final DLQ', async () => {
    const place = async (customerId: string) =>
      (await system.http('order-service').post('/orders').send({ customerId, customerEmail: `${customerId.toLowerCase()}@example.com`, items: [{ productId: 'PROD123', quantity: 1, price: 10 }], totalAmount: 10 }).expect(201)).body.orderId as string;
    const [first, second] = [await place('DOWN-S1'), await place('DOWN-S2')];
    await page.goto(`${flowConsole.url}/dead-letters/shipping.service.final.dlq`);
    const rowOf = (orderId: string) => page.locator(`#dead-letters tr[data-order-id="${orderId}"]`);
    await rowOf(first).waitFor();
    await rowOf(second).waitFor();
    await rowOf(first).locator('input[type=checkbox]').check();
    await page.locator('#replay-selected').click();
    await page.locator('#replay-result', { hasText: 'replayed 1' }).waitFor();
    await rowOf(first).waitFor({ state: 'detached' });
    expect(await rowOf(second).count()).toBe(1);
    await page.locator('#replay-all').click();
    await rowOf(second).waitFor({ state: 'detached' });
    for (const orderId of [first, second]) await page.locator(`#replayed tr[data-order-id="${orderId}"] [data-status="shipped"]`).waitFor();
  });

  it("shows order-service's interactive API page (OpenAPI from the TypeBox schemas)", async () => {
    await page.goto(`${system.url('order-service')}/docs`);
    await page.locator('.swagger-ui .opblock-summary-path', { hasText: '/orders/{id}/cancel' }).first().waitFor();
    await screenshot(page, 'openapi');
  });

  it('says "not found" for an unknown order, a 404 for an unknown DLQ, and "already gone" for a replayed message', async () => {
    await page.goto(`${flowConsole.url}/orders/00000000-0000-4000-8000-000000000000`);
    await page.locator('#not-found', { hasText: 'not found' }).waitFor();
    await screenshot(page, 'not-found');
    await page.goto(`${flowConsole.url}/dead-letters/no.such.dlq`);
    await page.locator('#not-found', { hasText: 'not found' }).waitFor();

    const missing = await fetch(`${flowConsole.url}/api/dead-letters/no.such.dlq/replay`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"all":true}' });
    expect(missing.status).toBe(404);
    const gone = await fetch(`${flowConsole.url}/api/dead-letters/shipping.service.final.dlq/replay`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"ids":["no-such-message"]}' });
    expect(gone.status).toBe(404);
    expect(((await gone.json()) as { message: string }).message).toMatch(/already gone/);
    const bad = await fetch(`${flowConsole.url}/api/dead-letters/shipping.service.final.dlq/replay`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"ids":"x"}' });
    expect(bad.status).toBe(400);
  });
});

async function waitForAttribute(page: Page): Promise<string> {
  await page.locator('#try-result[data-order-id]').waitFor();
  return (await page.locator('#try-result').getAttribute('data-order-id')) as string;
}
