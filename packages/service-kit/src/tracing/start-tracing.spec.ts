import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

const REGISTER = join(__dirname, '../../../rabbit/bench/swc-register.cjs');

/**
 * A service process of its own, as in a deployment: the exporter loads its HTTP transport with a
 * dynamic import, which Jest's module sandbox cannot run.
 */
const SERVICE = `
  const { trace } = require('@opentelemetry/api');
  const { startTracing } = require(${JSON.stringify(join(__dirname, 'start-tracing.ts'))});
  const tracing = startTracing('spec-exporting-service');
  const span = trace.getTracer('spec').startSpan('process order.created');
  if (!span.isRecording()) throw new Error('the span does not record');
  span.end();
  tracing.shutdown().then(() => console.log('flushed'));
`;

describe('tracing with an OTLP endpoint (the SDK records and exports)', () => {
  let server: Server;
  const received: { path: string; body: string }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push({ path: req.url ?? '', body });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('exports the spans a service records, under its name', async () => {
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`;
    // The exporter reads its endpoint from the environment.
    const { stdout } = await promisify(execFile)(process.execPath, ['-r', REGISTER, '-e', SERVICE], {
      env: { ...process.env, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: endpoint },
      timeout: 20_000,
    });
    expect(stdout.trim()).toBe('flushed');
    expect(received.map((r) => r.path)).toContain('/v1/traces');
    const exported = received.map((r) => r.body).join('\n');
    expect(exported).toContain('process order.created');
    expect(exported).toContain('spec-exporting-service');
  });
});
