import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { AppModule } from './app.module';
import { FlowConsoleConfig } from './flow-console.config';
import { loadConfig } from '@ecom/service-kit';

/**
 * Bad input gets a clear 4xx and a broker that is away a 503, never a crash: the console's HTTP API
 * with no broker and no services behind it (nothing listens on the ports it is given).
 */
describe('flow-console HTTP API without a broker', () => {
  let app: INestApplication;

  beforeAll(async () => {
    const config = loadConfig(FlowConsoleConfig, {
      AMQP_URL: 'amqp://guest:guest@127.0.0.1:1',
      ORDER_SERVICE_PORT: '1',
      PAYMENT_SERVICE_PORT: '1',
      INVENTORY_SERVICE_PORT: '1',
      SHIPPING_SERVICE_PORT: '1',
      NOTIFICATION_SERVICE_PORT: '1',
      CONSOLE_POLL_MS: '60000',
    });
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('answers 400 for an id that cannot be an order or correlation id, 404 for an unknown one', async () => {
    await request(app.getHttpServer()).get('/api/orders/not%20an%20id').expect(400);
    const notFound = await request(app.getHttpServer()).get('/api/orders/00000000-0000-4000-8000-000000000000').expect(404);
    expect(notFound.body.message).toMatch(/not found/);
  });

  it('answers 404 for a DLQ that is not in the topology, 503 with Retry-After while the broker is away', async () => {
    await request(app.getHttpServer()).get('/api/dead-letters/no.such.dlq').expect(404);
    await request(app.getHttpServer()).post('/api/dead-letters/no.such.dlq/replay').send({ all: true }).expect(404);
    const away = await request(app.getHttpServer()).get('/api/dead-letters/shipping.service.final.dlq').expect(503);
    expect(away.headers['retry-after']).toBe('5');
  });

  it('answers 400 for a replay body that selects nothing', async () => {
    await request(app.getHttpServer()).post('/api/dead-letters/shipping.service.final.dlq/replay').send({ ids: 'm1' }).expect(400);
  });

  it('answers 404 for an unknown scenario and 502 when order-service does not answer', async () => {
    await request(app.getHttpServer()).post('/api/scenarios/nope').expect(404);
    await request(app.getHttpServer()).post('/api/scenarios/happy-path').expect(502);
  });

  it('is live but not ready without its tap; serves the page for every view and 404 for an unknown asset', async () => {
    await request(app.getHttpServer()).get('/health/live').expect(200);
    await request(app.getHttpServer()).get('/health/ready').expect(503);
    for (const path of ['/', '/orders/abc', '/dead-letters', '/dead-letters/shipping.service.final.dlq']) {
      expect((await request(app.getHttpServer()).get(path).expect(200)).text).toContain('<title>Flow console</title>');
    }
    await request(app.getHttpServer()).get('/assets/app.js').expect(200).expect('content-type', /javascript/);
    await request(app.getHttpServer()).get('/assets/..%2Fpackage.json').expect(404);
  });
});
