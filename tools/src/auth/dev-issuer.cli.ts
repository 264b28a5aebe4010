#!/usr/bin/env node
// The development token issuer `npm start` runs: serves the JWKS the services verify tokens
// against. Tokens come from `npm run token -- CUST123` (same key). Local development only.
import { createServer } from 'node:http';
import { devSigningKey } from './dev-keys';

async function main(): Promise<void> {
  const port = Number(process.env['AUTH_DEV_ISSUER_PORT'] ?? 3009);
  const { publicJwk } = await devSigningKey();
  const jwks = JSON.stringify({ keys: [publicJwk] });
  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/.well-known/jwks.json') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=300' }).end(jwks);
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"statusCode":404,"message":"only /.well-known/jwks.json is served"}');
  });
  // Loopback only: nothing outside this machine needs the development keys.
  server.listen(port, '127.0.0.1', () => {
    process.stdout.write(`development token issuer on http://127.0.0.1:${port} (JWKS at /.well-known/jwks.json); mint with: npm run token -- CUST123\n`);
  });
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`dev issuer failed: ${(error as Error).message}\n`);
  process.exit(1);
});
