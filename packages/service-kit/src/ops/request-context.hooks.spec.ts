import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Body, Controller, Get, HttpCode, Module, Param, Post, ServiceUnavailableException } from '@nestjs/common';
import { APP_FILTER, NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Registry } from 'prom-client';
import request from 'supertest';
import { currentMessageContext } from '@ecom/rabbit';
import { serviceHttpAdapter } from '../http/fastify-adapter';
import { hardenHttp } from '../security/http-hardening';
import { HttpErrorsFilter } from './http-errors.filter';
import { METRICS_REGISTRY } from './ops.options';
import { RequestContextHooks } from './request-context.hooks';

@Controller('things')
class ThingsController {
  /** Answers with the context the handler ran in, after its body was read. */
  @Post()
  @HttpCode(201)
  create(@Body() body: unknown) {
    return { body, context: currentMessageContext() ?? null };
  }

  @Get('away')
  away(): never {
    // What a refused connection looks like to any client (pg, amqplib): a dependency is away.
    throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
  }

  @Get('named/:name')
  named(@Param('name') name: string) {
    return { name };
  }

  @Get('nest-problem')
  nestProblem(): never {
    throw new ServiceUnavailableException('ours, not a dependency');
  }
}

/**
 * The kit's request context and error answers on a real Fastify server, set up as runService sets
 * it up (the adapter's body limit and router options, helmet and JSON-only parsing), over real HTTP.
 */
describe('RequestContextHooks and HttpErrorsFilter on Fastify', () => {
  const registry = new Registry();
  let app: NestFastifyApplication;

  beforeAll(async () => {
    @Module({
      controllers: [ThingsController],
      providers: [
        { provide: METRICS_REGISTRY, useValue: registry },
        RequestContextHooks,
        { provide: APP_FILTER, useClass: HttpErrorsFilter },
      ],
    })
    class SpecModule {}
    app = await NestFactory.create<NestFastifyApplication>(SpecModule, serviceHttpAdapter('1kb'), { logger: false, bodyParser: false });
    await hardenHttp(app);
    await app.listen(0, '127.0.0.1');
  });

  afterAll(() => app.close());

  const http = () => request(app.getHttpServer());

  it('runs the handler in the request context once the body is read, echoing a sane correlation id', async () => {
    const response = await http().post('/things').set('x-correlation-id', 'order-42').send({ a: 1 }).expect(201);
    expect(response.headers['x-correlation-id']).toBe('order-42');
    expect(response.body).toEqual({ body: { a: 1 }, context: expect.objectContaining({ correlationId: 'order-42' }) });
  });

  it('keeps the context when the body arrives after the headers, in a later read', async () => {
    const { port } = app.getHttpServer().address() as AddressInfo;
    const body = JSON.stringify({ late: true });
    const req = httpRequest({ port, host: '127.0.0.1', method: 'POST', path: '/things', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-correlation-id': 'late-body' } });
    const answered = new Promise<{ status?: number; text: string }>((resolve, reject) => {
      req.on('response', (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk)).on('end', () => resolve({ status: res.statusCode, text }));
      });
      req.on('error', reject);
    });
    req.flushHeaders();
    // Not a wait for a message: a gap so the body is a read of its own, after the request was routed.
    await new Promise((resolve) => setTimeout(resolve, 30));
    req.end(body);
    const { status, text } = await answered;
    expect(status).toBe(201);
    expect(JSON.parse(text)).toEqual({ body: { late: true }, context: expect.objectContaining({ correlationId: 'late-body' }) });
  });

  it('mints a correlation id when none, or an unusable one, is sent', async () => {
    const response = await http().post('/things').set('x-correlation-id', 'spaces are not allowed').send({}).expect(201);
    const minted = response.headers['x-correlation-id'];
    expect(minted).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.body.context.correlationId).toBe(minted);
  });

  it('answers a refused body in the problem shape, saying what is wrong or expected', async () => {
    expect((await http().post('/things').set('Content-Type', 'text/plain').send('hello').expect(415)).body).toEqual({
      statusCode: 415,
      error: 'Unsupported Media Type',
      message: 'Content-Type must be application/json',
    });
    expect((await http().post('/things').send({ text: 'x'.repeat(2000) }).expect(413)).body).toEqual({
      statusCode: 413,
      error: 'Payload Too Large',
      message: 'request body exceeds 1KB',
    });
    expect((await http().post('/things').set('Content-Type', 'application/json').send('{"a": ').expect(400)).body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: expect.stringMatching(/not valid JSON/),
    });
  });

  it('answers 503 with Retry-After while a dependency is away, and leaves other problems to Nest', async () => {
    const away = await http().get('/things/away').expect(503);
    expect(away.headers['retry-after']).toBe('5');
    expect(away.body.error).toBe('Service Unavailable');
    const ours = await http().get('/things/nest-problem').expect(503);
    expect(ours.headers['retry-after']).toBeUndefined();
    expect(ours.body.message).toBe('ours, not a dependency');
  });

  it('matches paths as Express did: a trailing slash and the case do not matter, params keep theirs', async () => {
    await http().post('/things/').send({ a: 1 }).expect(201);
    expect((await http().get('/Things/Away').expect(503)).body.error).toBe('Service Unavailable');
    expect((await http().get('/THINGS/named/MixedCase/').expect(200)).body).toEqual({ name: 'MixedCase' });
  });

  it('sends helmet headers and no X-Powered-By', async () => {
    const response = await http().get('/things/away');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it('counts requests by route pattern and status, refused bodies and unknown routes included', async () => {
    await http().get('/nowhere').expect(404);
    const metric = registry.getSingleMetric('http_requests_total');
    if (!metric) throw new Error('http_requests_total is not registered');
    const counts = (await metric.get()).values.map((v) => ({ ...v.labels, value: v.value }));
    expect(counts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ method: 'POST', route: '/things', status: '201', value: 4 }),
        expect.objectContaining({ method: 'POST', route: '/things', status: '415', value: 1 }),
        expect.objectContaining({ method: 'POST', route: '/things', status: '413', value: 1 }),
        expect.objectContaining({ method: 'GET', route: '/things/away', status: '503' }),
        expect.objectContaining({ method: 'GET', status: '404' }),
      ]),
    );
  });
});
