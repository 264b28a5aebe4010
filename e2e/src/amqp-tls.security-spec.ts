import { readFileSync } from 'node:fs';
import { connect } from 'amqplib';
import { FINAL_STATUSES, orderBody } from './support/orders';
import { createVhost } from './support/rabbitmqctl';
import { RunningSystem } from './support/system';
import { makeTestPki, startTlsTerminator, type TestPki } from './support/tls-terminator';
import { waitFor } from '@ecom/rabbit/testing';

/** AMQP over TLS by configuration: amqps:// with AMQP_TLS_CA_FILE / _CERT_FILE / _KEY_FILE. */
describe('AMQP over TLS', () => {
  let pki: TestPki;
  let terminator: Awaited<ReturnType<typeof startTlsTerminator>>;
  let vhost: Awaited<ReturnType<typeof createVhost>>;
  let amqpsUrl: string;

  beforeAll(async () => {
    pki = makeTestPki();
    terminator = await startTlsTerminator(pki);
    vhost = await createVhost('tls');
    const url = new URL(vhost.url);
    url.protocol = 'amqps:';
    url.hostname = 'localhost';
    url.port = String(terminator.port);
    amqpsUrl = url.toString();
  });

  afterAll(async () => {
    await terminator?.stop();
    await vhost?.remove();
    pki?.remove();
  });

  it('refuses a client that does not trust the CA, or has no client certificate', async () => {
    await expect(connect(amqpsUrl)).rejects.toThrow(/self[- ]signed|unable to verify|certificate/i);
    await expect(connect(amqpsUrl, { ca: readFileSync(pki.caFile) })).rejects.toThrow();
  });

  it('runs the five services over amqps:// with the CA, certificate and key from configuration', async () => {
    const system = await RunningSystem.start({
      amqpUrl: amqpsUrl,
      portBase: 3420,
      env: { AMQP_TLS_CA_FILE: pki.caFile, AMQP_TLS_CERT_FILE: pki.clientCertFile, AMQP_TLS_KEY_FILE: pki.clientKeyFile },
    });
    try {
      const orderId = (await system.http('order-service').post('/orders').send(orderBody('TLS-1')).expect(201)).body.orderId as string;
      await waitFor(async () => FINAL_STATUSES.includes((await system.http('order-service').get(`/orders/${orderId}`)).body.status as string), {
        timeoutMs: 30_000,
        what: 'an order to finish its flow over TLS',
      });
    } finally {
      await system.stop();
    }
  });
});
