import { runDemoCli } from './demo.cli';

/** A fake order-service: POST /orders creates, each GET returns the next status in `statuses`. */
function fakeOrderService(statuses: string[]) {
  const calls: string[] = [];
  const fake = (async (url: string, init?: RequestInit) => {
    calls.push(`${init?.method ?? 'GET'} ${new URL(url).pathname}`);
    const json = (status: number, body: object) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    if (init?.method === 'POST' && url.endsWith('/orders')) return json(201, { orderId: 'o-1', correlationId: 'c-1', status: 'pending' });
    if (init?.method === 'POST') return json(202, { orderId: 'o-1', status: 'cancelled', reason: 'customer_request' });
    return json(200, { status: statuses.length > 1 ? statuses.shift() : statuses[0] });
  }) as typeof fetch;
  return { fake, calls };
}

function io(fetchImpl: typeof fetch) {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) }, env: {}, fetch: fetchImpl } };
}

describe('npm run demo', () => {
  it('places the scenario and follows the order until it rests', async () => {
    const { fake, calls } = fakeOrderService(['pending', 'confirmed', 'shipping_failed']);
    const run = io(fake);
    expect(await runDemoCli(['carrier-down', '--url', 'http://order.test'], run.io)).toBe(0);
    expect(calls[0]).toBe('POST /orders');
    expect(run.out.join('')).toMatch(/Carrier down: order o-1[\s\S]*shipping_failed[\s\S]*npm run dlq -- replay/);
  });

  it('cancels at once for customer-cancel', async () => {
    const { fake, calls } = fakeOrderService(['cancelled']);
    const run = io(fake);
    expect(await runDemoCli(['customer-cancel', '--url', 'http://order.test'], run.io)).toBe(0);
    expect(calls).toContain('POST /orders/o-1/cancel');
  });

  it('refuses an unknown scenario, naming the known ones', async () => {
    const run = io(fakeOrderService([]).fake);
    expect(await runDemoCli(['nope'], run.io)).not.toBe(0);
    expect(run.err.join('')).toMatch(/happy-path, declined/);
  });
});
