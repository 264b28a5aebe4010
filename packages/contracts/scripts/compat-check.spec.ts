import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asyncApiFile, packageRoot, schemasDir } from './artifacts';
import { checkCompatibility, formatReport, isCompatible } from './compat-check';

const orderCreated = join(schemasDir, 'order.created', 'v1.json');
const createOrder = join(schemasDir, 'http', 'create-order-request.json');

describe('compat check', () => {
  let root: string;

  beforeEach(() => {
    // A copy of the committed artifacts, so each test can tamper with "what was published".
    root = mkdtempSync(join(tmpdir(), 'contracts-compat-'));
    cpSync(join(packageRoot, schemasDir), join(root, schemasDir), { recursive: true });
    cpSync(join(packageRoot, asyncApiFile), join(root, asyncApiFile));
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  type Committed = { properties: Record<string, Record<string, unknown>>; required: string[] };
  const edit = (file: string, change: (schema: Committed) => void) => {
    const schema = JSON.parse(readFileSync(join(root, file), 'utf8')) as Committed;
    change(schema);
    writeFileSync(join(root, file), JSON.stringify(schema, null, 2));
  };

  it('passes on the committed files (they match the TypeScript source)', () => {
    const report = checkCompatibility(packageRoot);
    expect(formatReport(report)).toBe('Schemas are compatible with the committed JSON.');
    expect(isCompatible(report)).toBe(true);
  });

  it('fails when the source drops a published field or tightens a constraint', () => {
    edit(orderCreated, (schema) => {
      schema.properties.couponCode = { type: 'string' };
      schema.properties.customerEmail.maxLength = 500;
    });
    const report = checkCompatibility(root);
    expect(isCompatible(report)).toBe(false);
    expect(report.breaking).toEqual([
      {
        file: orderCreated,
        changes: [
          { path: '/customerEmail', kind: 'constraint-narrowed', message: 'maxLength lowered from 500 to 254' },
          { path: '/couponCode', kind: 'field-removed', message: 'field removed' },
        ],
      },
    ]);
    expect(formatReport(report)).toContain(`${orderCreated} /couponCode: field removed [field-removed]`);
  });

  it('fails with "run generate" when the committed files are stale after a compatible change', () => {
    edit(createOrder, (schema) => {
      delete schema.properties.currency; // as if currency had just been added as an optional field
    });
    const report = checkCompatibility(root);
    expect(report.breaking).toEqual([]);
    expect(report.stale).toEqual([`${createOrder} is out of date`]);
    expect(formatReport(report)).toContain('run `npx nx run contracts:generate`');
  });

  it('fails when a published version disappears from the source', () => {
    cpSync(join(root, orderCreated), join(root, schemasDir, 'order.created', 'v0.json'));
    expect(checkCompatibility(root).breaking).toEqual([
      { file: join(schemasDir, 'order.created', 'v0.json'), changes: [expect.objectContaining({ kind: 'version-removed' })] },
    ]);
  });

  it('reports missing files as stale', () => {
    rmSync(join(root, asyncApiFile));
    expect(checkCompatibility(root).stale).toEqual([`${asyncApiFile} is missing`]);
  });

  it('exits non-zero from the command line with the list of breaks', () => {
    edit(orderCreated, (schema) => {
      schema.required = schema.required.filter((name: string) => name !== 'currency');
    });
    const cli = spawnSync(process.execPath, [require.resolve('tsx/cli'), join(__dirname, 'compat.ts'), root], { encoding: 'utf8' });
    expect(cli.status).toBe(1);
    expect(cli.stderr).toContain(`${orderCreated} /currency: optional field became required [field-required]`);
  });
});
