// The published package as a stranger gets it: packed, installed outside the workspace, then
// type-checked and run from CommonJS and from ESM. Slow (npm install), so it runs once, at the end.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const packageDir = resolve(__dirname, '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

const typesCheck = `
import { AmqpHeader, EXCHANGE, RoutingKey, type EventData, type EventDataFor } from '@ecom/contracts';
import { validateEvent, ContractValidationError, type ContractViolation } from '@ecom/contracts/validation';

const order: EventData<'order.created'> = {
  orderId: '0b7e4c8e-1c2d-4f5a-9b8c-7d6e5f4a3b2c', customerId: 'CUST123', customerEmail: 'customer@example.com',
  items: [{ productId: 'PROD123', quantity: 1, price: 29.99 }], totalAmount: 29.99, currency: 'USD',
  createdAt: '2025-01-31T12:00:00.000Z',
};
const payment = (data: EventDataFor<'payment.processed.*'>): string => data.paymentId;
const result = validateEvent(RoutingKey.OrderCreated, order);
const total: number = result.ok ? result.value.totalAmount : 0;
const violations: ContractViolation[] = result.ok ? [] : result.violations;
// @ts-expect-error quantity must be a number
const wrong: EventData<'order.created'>['items'][number] = { productId: 'P', quantity: '1', price: 1 };
export { AmqpHeader, EXCHANGE, ContractValidationError, payment, total, violations, wrong };
`;

const good = `{ orderId: '0b7e4c8e-1c2d-4f5a-9b8c-7d6e5f4a3b2c', customerId: 'CUST123', customerEmail: 'customer@example.com',
  items: [{ productId: 'PROD123', quantity: 1, price: 29.99 }], totalAmount: 29.99, currency: 'USD', createdAt: '2025-01-31T12:00:00.000Z' }`;
const script = (importLines: string) => `${importLines}
const good = ${good};
const bad = { ...good, customerEmail: 'nope', items: [] };
console.log(EXCHANGE, JSON.stringify(validateEvent('order.created', good).ok));
console.log(JSON.stringify(validateEvent('order.created', bad)));
try { assertEvent('order.created', bad); } catch (e) { console.log(String(e instanceof ContractValidationError), e.name); }
`;

describe('published package', () => {
  let work: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'contracts-pack-'));
  });

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('installs outside the workspace and works from TypeScript, CommonJS and ESM', () => {
    // The nx test target depends on build, so dist is there; fail loudly if run without it.
    expect(existsSync(join(packageDir, 'dist', 'cjs', 'index.js'))).toBe(true);
    expect(existsSync(join(packageDir, 'dist', 'esm', 'validation', 'index.js'))).toBe(true);

    const tarballs = join(work, 'tarballs');
    mkdirSync(tarballs);
    execFileSync(npm, ['pack', '--silent', '--pack-destination', tarballs], { cwd: packageDir, encoding: 'utf8' });
    const [tarball] = readdirSync(tarballs);
    expect(tarball).toBe('ecom-contracts-0.1.0.tgz');

    const app = join(work, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
    execFileSync(
      npm,
      ['install', '--no-audit', '--no-fund', '--prefer-offline', join(tarballs, tarball), 'typescript@5.9.3'],
      { cwd: app, encoding: 'utf8', stdio: 'pipe' },
    );

    const packed = readdirSync(join(app, 'node_modules', '@ecom', 'contracts'));
    expect(packed.sort()).toEqual(['README.md', 'asyncapi.json', 'dist', 'package.json', 'schemas']);

    writeFileSync(join(app, 'check.ts'), typesCheck);
    for (const module of ['node16', 'nodenext']) {
      writeFileSync(
        join(app, 'tsconfig.json'),
        JSON.stringify({ compilerOptions: { module, moduleResolution: module, strict: true, noEmit: true, types: [], skipLibCheck: false }, files: ['check.ts'] }),
      );
      execFileSync(process.execPath, [join(app, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', app], { cwd: app, encoding: 'utf8' });
    }
    // The same file as an ES module: TypeScript must resolve the `import` condition's types too.
    writeFileSync(join(app, 'check.mts'), typesCheck);
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { module: 'node16', moduleResolution: 'node16', strict: true, noEmit: true, types: [] }, files: ['check.mts'] }),
    );
    execFileSync(process.execPath, [join(app, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', app], { cwd: app, encoding: 'utf8' });

    writeFileSync(
      join(app, 'run.cjs'),
      script(`const { EXCHANGE } = require('@ecom/contracts');
const { validateEvent, assertEvent, ContractValidationError } = require('@ecom/contracts/validation');`),
    );
    writeFileSync(
      join(app, 'run.mjs'),
      script(`import { EXCHANGE } from '@ecom/contracts';
import { validateEvent, assertEvent, ContractValidationError } from '@ecom/contracts/validation';`),
    );
    const expected = [
      'ecommerce.events true',
      JSON.stringify({
        ok: false,
        violations: [
          { path: '/customerEmail', message: 'must match format "email"' },
          { path: '/items', message: 'must NOT have fewer than 1 items' },
        ],
      }),
      'true ContractValidationError',
      '',
    ].join('\n');
    for (const file of ['run.cjs', 'run.mjs']) {
      // Plain output whatever the runner's colour settings (nx sets FORCE_COLOR).
      const env = { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' };
      expect(execFileSync(process.execPath, [file], { cwd: app, encoding: 'utf8', env })).toBe(expected);
    }
  }, 300_000);
});
