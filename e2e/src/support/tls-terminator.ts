import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect as netConnect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:tls';

export interface TestPki {
  dir: string;
  caFile: string;
  clientCertFile: string;
  clientKeyFile: string;
  remove(): void;
}

/** A throw-away CA (openssl) with a server certificate for localhost/127.0.0.1 and a client certificate. */
export function makeTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'ecom-tls-'));
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  openssl('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=ecom-test-ca');
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
  for (const [name, subject, extensions] of [
    ['server', '/CN=localhost', ['-extfile', 'server.ext']],
    ['client', '/CN=ecom-test-client', []],
  ] as const) {
    openssl('req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject);
    openssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', '1', ...extensions);
  }
  return {
    dir,
    caFile: join(dir, 'ca.pem'),
    clientCertFile: join(dir, 'client.pem'),
    clientKeyFile: join(dir, 'client.key'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * A TLS listener in front of the machine's broker: it verifies client certificates against the test
 * CA, as RabbitMQ's `ssl_options` with `verify_peer` and `fail_if_no_peer_cert` does, and passes the
 * AMQP bytes to 127.0.0.1:5672. (The suite may not reconfigure or restart the shared broker.)
 */
export async function startTlsTerminator(pki: TestPki, brokerPort = 5672): Promise<{ port: number; stop: () => Promise<void> }> {
  const server: Server = createServer(
    {
      key: readFileSync(join(pki.dir, 'server.key')),
      cert: readFileSync(join(pki.dir, 'server.pem')),
      ca: readFileSync(pki.caFile),
      requestCert: true,
      rejectUnauthorized: true,
    },
    (socket) => {
      const upstream = netConnect(brokerPort, '127.0.0.1');
      socket.pipe(upstream).pipe(socket);
      socket.on('error', () => upstream.destroy());
      upstream.on('error', () => socket.destroy());
    },
  );
  server.on('tlsClientError', () => undefined); // refused handshakes are what some tests expect
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
