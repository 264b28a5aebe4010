import { README_BODY } from './support/orders';
import { createVhost } from './support/rabbitmqctl';
import { RunningSystem } from './support/system';

/** POST /orders and GET /orders: validation, status codes, correlation. */
describe('the order HTTP API', () => {
  let vhost: Awaited<ReturnType<typeof createVhost>>;
  let system: RunningSystem;

  beforeAll(async () => {
    vhost = await createVhost('http');
    system = await RunningSystem.start({ amqpUrl: vhost.url, portBase: 3120 });
  });

  afterAll(async () => {
    await system?.stop();
    await vhost?.remove();
  });

  const orders = () => system.http('order-service');

  it("answers the README's curl with 201, Location, a correlation id and status pending", async () => {
    const response = await orders().post('/orders').set('Content-Type', 'application/json').send(JSON.stringify(README_BODY)).expect(201);
    expect(response.body).toEqual({ orderId: expect.stringMatching(/^[0-9a-f-]{36}$/), correlationId: expect.any(String), status: 'pending' });
    expect(response.headers['location']).toBe(`/orders/${response.body.orderId}`);
    expect(response.headers['x-correlation-id']).toBe(response.body.correlationId);
  });

  it('honours a sent x-correlation-id and echoes it', async () => {
    const response = await orders().post('/orders').set('x-correlation-id', 'client-42').send(README_BODY).expect(201);
    expect(response.body.correlationId).toBe('client-42');
    expect(response.headers['x-correlation-id']).toBe('client-42');
    expect((await orders().get(`/orders/${response.body.orderId}`).expect(200)).body.correlationId).toBe('client-42');
  });

  it('refuses an invalid body with 400 naming every field and why', async () => {
    const response = await orders()
      .post('/orders')
      .send({ customerId: '', customerEmail: 'not-an-email', items: [{ productId: 'PROD123', quantity: 0, price: -1 }], totalAmount: 1, coupon: 'x' })
      .expect(400);
    const byField = Object.fromEntries((response.body.errors as { field: string; message: string }[]).map((e) => [e.field, e.message]));
    expect(Object.keys(byField)).toEqual(expect.arrayContaining(['customerId', 'customerEmail', 'items[0].quantity', 'items[0].price', 'coupon']));
    expect(byField['customerEmail']).toMatch(/email/);
  });

  it('answers 400 for malformed JSON, 415 for another content type, 413 for a huge body', async () => {
    // Each in the shape of every other problem, saying what is wrong or expected.
    expect((await orders().post('/orders').set('Content-Type', 'application/json').send('{"customerId": ').expect(400)).body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: expect.stringMatching(/not valid JSON/),
    });
    expect((await orders().post('/orders').set('Content-Type', 'text/plain').send('hello').expect(415)).body).toEqual({
      statusCode: 415,
      error: 'Unsupported Media Type',
      message: 'Content-Type must be application/json',
    });
    const huge = { ...README_BODY, customerId: 'x'.repeat(70_000) };
    expect((await orders().post('/orders').send(huge).expect(413)).body).toEqual({ statusCode: 413, error: 'Payload Too Large', message: 'request body exceeds 64KB' });
  });

  it('answers 422 when totalAmount is not the sum of the items', async () => {
    const response = await orders().post('/orders').send({ ...README_BODY, totalAmount: 30 }).expect(422);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'totalAmount' })]);
  });

  it('answers 404 for an unknown order, 400 for a malformed id, and lists by customer', async () => {
    await orders().get('/orders/00000000-0000-4000-8000-000000000000').expect(404);
    await orders().get('/orders/nope').expect(400);
    const customerId = `LIST-${Date.now()}`;
    await orders().post('/orders').send({ ...README_BODY, customerId }).expect(201);
    const list = (await orders().get(`/orders?customerId=${customerId}`).expect(200)).body;
    expect(list).toEqual([expect.objectContaining({ customerId })]);
  });

  it('serves health and Prometheus metrics on every service', async () => {
    // Each app's one registry: the process's, the library's, the HTTP and the service's own metrics.
    const own = {
      'order-service': ['orders_created_total', 'order_status_changes_total', 'order_deadlines_expired_total'],
      'payment-service': ['payments_total'],
      'inventory-service': ['stock_reservations_total'],
      'shipping-service': ['shipments_total', 'shipping_attempts_failed_total'],
      'notification-service': ['notifications_total'],
    } as const;
    for (const service of ['order-service', 'payment-service', 'inventory-service', 'shipping-service', 'notification-service'] as const) {
      await system.http(service).get('/health/live').expect(200);
      await system.http(service).get('/health/ready').expect(200);
      const metrics = (await system.http(service).get('/metrics').expect(200)).text;
      expect(metrics).toContain('ecom_rabbit_published_total');
      expect(metrics).toContain('http_request_duration_seconds');
      expect(metrics).toMatch(new RegExp(`^process_resident_memory_bytes\\{service="${service}"\\} \\d+`, 'm'));
      for (const name of own[service]) expect(metrics).toContain(`# TYPE ${name} counter`);
    }
    expect((await orders().get('/metrics')).text).toMatch(/orders_created_total \d+/);
  });
});
