import { randomUUID } from 'node:crypto';
import { waitFor } from '@ecom/rabbit/testing';
import type { Response } from 'supertest';
import { FINAL_STATUSES, orderBody } from './support/orders';
import { startSecuredSystem, type SecuredSystem } from './support/secured-system';
import type { Service } from './support/system';

/**
 * The security battery against the real services: tokens checked against a JWKS, customers scoped
 * to their own orders, internal APIs for admins, rate limits, size limits, clean errors. Every
 * answer is also checked to carry none of the victim's data and no internals.
 */
describe('HTTP security', () => {
  let secured: SecuredSystem;
  const victim = `VICTIM-${randomUUID().slice(0, 8)}`;
  let victimOrderId = '';
  const victimEmail = `${victim.toLowerCase()}@example.com`;

  beforeAll(async () => {
    // 60 requests per 3 s per client: low enough to reach in a burst, short enough to recover.
    secured = await startSecuredSystem('security', 3400, { RATE_LIMIT: '60', RATE_LIMIT_WINDOW_MS: '3000' });
    const created = await orders().post('/orders').set(auth(secured.issuer.customer(victim))).send(orderBody(victim)).expect(201);
    victimOrderId = created.body.orderId as string;
  });

  afterAll(async () => {
    await secured?.stop();
  });

  const http = (service: Service) => secured.system.http(service);
  const orders = () => http('order-service');
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const attacker = () => secured.issuer.customer(`ATTACKER-${randomUUID().slice(0, 8)}`);

  /** Nothing of the victim (beyond what the caller itself sent), and no stack trace or SQL, in what a client sees. */
  function expectClean(response: Response, sent: string[] = []): void {
    const seen = sent.reduce((text, own) => text.split(own).join('<sent>'), `${JSON.stringify(response.headers)} ${response.text ?? ''}`);
    for (const secret of [victim, victimEmail, victimOrderId]) expect(seen).not.toContain(secret);
    expect(seen).not.toMatch(/\bat \S+ \(|\.js:\d+|node_modules/);
    expect(seen).not.toMatch(/\b(select|insert|update|delete)\b.+\b(from|into|set)\b|sqlite|postgres|kysely/i);
  }

  it('lets the victim place, read and list its own order, which the flow (each service on its own broker user) completes', async () => {
    const mine = auth(secured.issuer.customer(victim));
    expect((await orders().get(`/orders/${victimOrderId}`).set(mine).expect(200)).body.customerId).toBe(victim);
    expect((await orders().get('/orders').set(mine).expect(200)).body).toEqual([expect.objectContaining({ orderId: victimOrderId })]);
    const admin = auth(secured.issuer.admin());
    await waitFor(async () => FINAL_STATUSES.includes((await orders().get(`/orders/${victimOrderId}`).set(admin)).body.status as string), {
      timeoutMs: 30_000,
      what: 'the victim order to finish its flow under least-privilege broker users',
    });
    await http('payment-service').get(`/payments/${victimOrderId}`).set(admin).expect(200);
  });

  it.each([
    ['no token', () => ({})],
    ['a non-bearer scheme', () => ({ Authorization: 'Basic dXNlcjpwYXNz' })],
    ['garbage', () => auth('not.a.jwt')],
    ['an expired token', () => auth(secured.issuer.es256(secured.issuer.claims(victim, { exp: Math.floor(Date.now() / 1000) - 120 })))],
    ['a wrongly signed token', () => auth(secured.issuer.wronglySigned(victim))],
    ['alg: none', () => auth(secured.issuer.unsigned(victim))],
    ['HS256 keyed with the public key', () => auth(secured.issuer.hmacWithPublicKey(victim))],
    ['a wrong audience', () => auth(secured.issuer.es256(secured.issuer.claims(victim, { aud: 'another-api' })))],
    ['a wrong issuer', () => auth(secured.issuer.es256(secured.issuer.claims(victim, { iss: 'https://evil.example' })))],
    ['no subject', () => auth(secured.issuer.es256(secured.issuer.claims(victim, { sub: undefined })))],
    ['a tampered payload', () => auth(secured.issuer.tampered(`ATTACKER-${randomUUID().slice(0, 4)}`, victim))],
  ])('answers 401 to %s on every API, public and internal', async (_case, headers) => {
    const attempts = [
      orders().get(`/orders/${victimOrderId}`),
      orders().get(`/orders?customerId=${victim}`),
      orders().post('/orders').send(orderBody(victim)),
      orders().post(`/orders/${victimOrderId}/cancel`),
      http('payment-service').get(`/payments/${victimOrderId}`),
      http('notification-service').get('/notifications'),
    ];
    for (const attempt of attempts) {
      const response = await attempt.set(headers());
      expect(response.status).toBe(401);
      expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
      expectClean(response);
    }
  });

  it("answers another customer's order with 404, exactly as an unknown one, and leaves it alone", async () => {
    const token = auth(attacker());
    const foreign = await orders().get(`/orders/${victimOrderId}`).set(token);
    const unknown = await orders().get(`/orders/${randomUUID()}`).set(token);
    expect([foreign.status, unknown.status]).toEqual([404, 404]);
    expect(foreign.body.message.replace(victimOrderId, 'ID')).toBe(unknown.body.message.replace(/[0-9a-f-]{36}/, 'ID'));
    expectClean(foreign, [victimOrderId]);
    const cancel = await orders().post(`/orders/${victimOrderId}/cancel`).set(token);
    expect(cancel.status).toBe(404);
    expectClean(cancel, [victimOrderId]);
    const after = (await orders().get(`/orders/${victimOrderId}`).set(auth(secured.issuer.customer(victim)))).body;
    expect(after.history.map((h: { type: string }) => h.type)).not.toContain('order.cancel.requested');
  });

  it("refuses a customer listing or ordering for another customer (403), and lists only its own", async () => {
    const token = auth(attacker());
    for (const response of [
      await orders().get(`/orders?customerId=${victim}`).set(token),
      await orders().post('/orders').set(token).send(orderBody(victim)),
    ]) {
      expect(response.status).toBe(403);
      expectClean(response);
    }
    const own = await orders().get('/orders').set(token).expect(200);
    expect(own.body).toEqual([]);
    expectClean(own);
  });

  it('keeps the internal read APIs to admins (403 for a customer), and health and metrics open', async () => {
    const customer = auth(secured.issuer.customer(victim));
    const internal: [Service, string][] = [
      ['payment-service', '/payments'],
      ['payment-service', '/gateway/ledger'],
      ['inventory-service', '/stock'],
      ['inventory-service', '/reservations'],
      ['shipping-service', '/shipments'],
      ['shipping-service', '/carrier/ledger'],
      ['notification-service', '/notifications'],
    ];
    for (const [service, path] of internal) {
      const refused = await http(service).get(path).set(customer);
      expect(refused.status).toBe(403);
      expectClean(refused);
      await http(service).get(path).set(auth(secured.issuer.admin())).expect(200);
      await http(service).get('/health/ready').expect(200);
      await http(service).get('/metrics').expect(200);
    }
  });

  const PROBES = [
    "' OR '1'='1",
    "1; DROP TABLE orders;--",
    "' UNION SELECT customer_email FROM orders--",
    '{"$ne":null}',
    '{"$gt":""}',
    '../../etc/passwd',
    '%00',
    '*',
    '1',
    '00000000-0000-0000-0000-000000000000',
  ];

  it.each(PROBES)('answers the probe %j in every path and query parameter with 4xx and reads nothing', async (probe) => {
    const token = auth(attacker());
    const value = encodeURIComponent(probe);
    const attempts = [
      orders().get(`/orders/${value}`),
      orders().post(`/orders/${value}/cancel`),
      orders().get(`/orders?customerId=${value}`),
      orders().get(`/orders?status=${value}`),
      orders().get(`/orders?limit=${value}`),
      orders().get(`/orders?offset=${value}`),
      orders().get(`/orders?customerId[$ne]=${value}`),
      http('payment-service').get(`/payments/${value}`),
      http('payment-service').get(`/payments?orderId=${value}`),
      http('inventory-service').get(`/stock/${value}`),
      http('inventory-service').get(`/reservations?orderId=${value}`),
      http('shipping-service').get(`/shipments/${value}`),
      http('shipping-service').get(`/shipments?orderId=${value}`),
      http('notification-service').get(`/notifications?orderId=${value}`),
    ];
    for (const attempt of attempts) {
      const response = await attempt.set(token);
      // A number is a valid limit or offset: then the page is the attacker's own, which is empty.
      if (response.status === 200 && /^\d+$/.test(probe)) expect(response.body).toEqual([]);
      else expect(response.status >= 400 && response.status < 500 ? '4xx' : `${response.status} ${response.text}`).toBe('4xx');
      expectClean(response);
    }
  });

  it('refuses a header flood and an oversized header with 431, an oversized body with 413', async () => {
    const token = auth(attacker());
    let flood = orders().get('/orders').set(token);
    for (let i = 0; i < 300; i++) flood = flood.set(`x-flood-${i}`, 'x'.repeat(60));
    expect((await flood.catch((error: { response?: Response }) => error.response))?.status).toBe(431);
    const huge = await orders().get('/orders').set(token).set('x-huge', 'y'.repeat(20_000)).catch((error: { response?: Response }) => error.response);
    expect(huge?.status).toBe(431);
    const body = { ...orderBody('ATTACKER'), customerId: 'x'.repeat(70_000) };
    const tooLarge = await orders().post('/orders').set(token).send(body);
    expect(tooLarge.status).toBe(413);
    expectClean(tooLarge);
    // The kit's parser on a service with no POST route: refused by size before anything else.
    const internal = await http('payment-service').post('/payments').set(auth(secured.issuer.admin())).send({ blob: 'z'.repeat(70_000) });
    expect(internal.status).toBe(413);
    expectClean(internal);
  });

  it('sends security headers and no X-Powered-By', async () => {
    const response = await orders().get('/orders').set(auth(attacker())).expect(200);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toBeDefined();
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it('answers a burst above the limit with 429 and Retry-After, then serves the client again', async () => {
    const token = auth(attacker());
    const burst = await Promise.all(Array.from({ length: 80 }, () => orders().get('/orders').set(token)));
    const limited = burst.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(burst.filter((r) => r.status === 200).length).toBeLessThanOrEqual(60);
    expect(Number(limited[0].headers['retry-after'])).toBeGreaterThan(0);
    for (const response of limited) expectClean(response);
    // Another client is not affected by this one's burst.
    await orders().get('/orders').set(auth(attacker())).expect(200);
    await waitFor(async () => (await orders().get('/orders').set(token)).status === 200, { timeoutMs: 15_000, intervalMs: 250, what: 'the limit to recover' });
  });
});
