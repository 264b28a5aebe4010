import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CreateOrderRequest } from '@ecom/contracts';
import { createVhost } from './support/rabbitmqctl';
import { RunningSystem, SERVICES } from './support/system';

const committed = (service: string) => resolve(__dirname, '../../apps', service, 'openapi.json');

/**
 * The committed openapi.json of each service is what the running service answers. After an API
 * change, `UPDATE_OPENAPI=1 npx nx run e2e:e2e --testPathPatterns openapi` rewrites them.
 */
describe('OpenAPI documents', () => {
  let vhost: Awaited<ReturnType<typeof createVhost>>;
  let system: RunningSystem;

  beforeAll(async () => {
    vhost = await createVhost('openapi');
    system = await RunningSystem.start({ amqpUrl: vhost.url, portBase: 3280 });
  });

  afterAll(async () => {
    await system?.stop();
    await vhost?.remove();
  });

  it.each(SERVICES)('%s serves the committed openapi.json and an interactive page', async (service) => {
    const served = (await system.http(service).get('/openapi.json').expect(200)).body as { openapi: string; paths: Record<string, unknown> };
    if (process.env['UPDATE_OPENAPI']) writeFileSync(committed(service), `${JSON.stringify(served, null, 2)}\n`);
    expect(served).toEqual(JSON.parse(readFileSync(committed(service), 'utf8')));
    expect(served.openapi).toBe('3.1.0');
    expect(Object.keys(served.paths)).toEqual(expect.arrayContaining(['/health/ready', '/metrics']));
    const page = await system.http(service).get('/docs').redirects(1).expect(200);
    expect(page.text).toContain('swagger-ui');
  });

  it('describes POST /orders with the very schema order-service validates with', async () => {
    const served = (await system.http('order-service').get('/openapi.json').expect(200)).body as { components: { schemas: Record<string, unknown> } };
    expect(served.components.schemas['CreateOrderRequest']).toEqual(JSON.parse(JSON.stringify(CreateOrderRequest)));
  });
});
