import { IncomingMessage, ServerResponse, type Server } from 'node:http';
import { Body, Controller, Get, HttpCode, Post, Req, Res, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Express, Request, Response } from 'express';
import request from 'supertest';
import { AppPrototypeExpressAdapter, constructingWith } from './app-prototype-express-adapter';

@Controller()
class EchoController {
  @Post('echo')
  @HttpCode(201)
  echo(@Body() body: unknown, @Req() req: Request) {
    return { body, path: req.path, header: req.header('x-test') ?? null };
  }

  @Get('plain')
  plain(@Res() res: Response) {
    res.status(202).type('text/plain').send('raw');
  }
}

describe('AppPrototypeExpressAdapter', () => {
  let app: INestApplication;
  let express: Express;
  // What a request's prototype is when Node's server hands it over, before Express touches it.
  const prototypesOnArrival: { request: object | null; response: object | null }[] = [];

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ controllers: [EchoController] }).compile();
    app = moduleRef.createNestApplication<NestExpressApplication>(new AppPrototypeExpressAdapter());
    await app.init();
    express = app.getHttpAdapter().getInstance() as Express;
    (app.getHttpServer() as Server).prependListener('request', (req: IncomingMessage, res: ServerResponse) =>
      prototypesOnArrival.push({ request: Object.getPrototypeOf(req), response: Object.getPrototypeOf(res) }),
    );
  });

  afterAll(() => app.close());

  it("builds each request and response with the Express app's prototypes before Express sees them", async () => {
    prototypesOnArrival.length = 0;
    await request(app.getHttpServer()).get('/plain').expect(202, 'raw');
    expect(prototypesOnArrival).toEqual([{ request: express.request, response: express.response }]);
  });

  it("keeps Node's and Express's behaviour: body parsing, Express's helpers, status codes", async () => {
    const answer = await request(app.getHttpServer()).post('/echo').set('x-test', 'yes').send({ a: 1 }).expect(201);
    expect(answer.body).toEqual({ body: { a: 1 }, path: '/echo', header: 'yes' });
    await request(app.getHttpServer()).get('/missing').expect(404);
  });
});

describe('constructingWith', () => {
  class Base {
    constructor(readonly value: number) {}
  }

  it('constructs like the base class, with the given prototype', () => {
    const prototype = Object.create(Base.prototype, { twice: { value(this: Base) { return this.value * 2; } } });
    const Built = constructingWith(Base, prototype);
    const made = new Built(21) as Base & { twice(): number };
    expect(Object.getPrototypeOf(made)).toBe(prototype);
    expect(made).toBeInstanceOf(Base);
    expect(made.value).toBe(21);
    expect(made.twice()).toBe(42);
  });
});
