import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { auditSnapshot, renderAuditReport } from './audit-checks';
import type { AuditSnapshot } from './audit-snapshot';
import { runAuditCli } from './audit.cli';

const NOW = new Date('2026-11-25T12:00:00.000Z');
const EARLIER = '2026-11-25T11:00:00.000Z';
const LATER = '2026-11-25T13:00:00.000Z';
const order = (orderId: string, status: string, cancelReason: string | null = null, totalAmount = 10) => ({
  orderId,
  customerId: 'CUST',
  totalAmount,
  status,
  cancelReason,
  paymentDueAt: LATER,
  stockDueAt: LATER,
  createdAt: EARLIER,
});

/** A consistent world: one shipped, one sold out (charged, refunded), one declined, one cancelled before payment. */
function healthy(): AuditSnapshot {
  return {
    orders: [order('shipped', 'shipped'), order('soldout', 'cancelled', 'out_of_stock'), order('declined', 'payment_failed'), order('early', 'cancelled', 'customer_request')],
    payments: [
      { order_id: 'shipped', status: 'succeeded', amount: 10 },
      { order_id: 'soldout', status: 'refunded', amount: 10 },
      { order_id: 'declined', status: 'declined', amount: 10 },
      { order_id: 'early', status: 'voided', amount: 10 },
    ],
    gateway: [
      { idempotency_key: 'shipped', kind: 'charge', amount: 10 },
      { idempotency_key: 'soldout', kind: 'charge', amount: 10 },
      { idempotency_key: 'soldout', kind: 'refund', amount: 10 },
    ],
    stock: [
      { product_id: 'PROD123', initial: 100, available: 99, reserved: 1 },
      { product_id: 'PROD000', initial: 0, available: 0, reserved: 0 },
    ],
    reservations: [
      { order_id: 'shipped', status: 'reserved', items: [{ productId: 'PROD123', quantity: 1 }] },
      { order_id: 'soldout', status: 'insufficient', items: [{ productId: 'PROD000', quantity: 1 }] },
      { order_id: 'early', status: 'cancelled', items: [] },
    ],
    shipments: [{ order_id: 'shipped', status: 'created' }],
    carrier: [{ idempotency_key: 'shipped' }],
    notifications: [
      { order_id: 'shipped', kind: 'shipped' },
      { order_id: 'soldout', kind: 'order_cancelled' },
      { order_id: 'declined', kind: 'payment_failed' },
      { order_id: 'early', kind: 'order_cancelled' },
    ],
  };
}

describe('auditSnapshot', () => {
  it('finds nothing wrong in a consistent world, and counts it', () => {
    const report = auditSnapshot(healthy(), NOW, 0);
    expect(report.violations).toEqual([]);
    expect(report).toMatchObject({ orders: 4, charges: 2, refunds: 1, shipments: 1, byCancelReason: { out_of_stock: 1, customer_request: 1 } });
    expect(renderAuditReport(report).trimEnd().split('\n').at(-1)).toBe('audit: 4 orders, 0 violations');
  });

  it('catches a charge left on a cancelled order and a gateway that disagrees with payment-service', () => {
    const world = healthy();
    world.gateway = world.gateway.filter((e) => e.kind !== 'refund');
    const checks = auditSnapshot(world, NOW, 0).violations.map((v) => `${v.check} ${v.orderId}`);
    expect(checks).toEqual(['money soldout', 'gateway soldout']);
  });

  it('catches the seed bug: a sold-out order charged and shipped', () => {
    const world = healthy();
    world.orders[1] = order('soldout', 'shipped');
    world.gateway = world.gateway.filter((e) => e.kind !== 'refund');
    world.payments[1] = { order_id: 'soldout', status: 'succeeded', amount: 10 };
    world.carrier.push({ idempotency_key: 'soldout' });
    world.notifications[1] = { order_id: 'soldout', kind: 'shipped' };
    expect(auditSnapshot(world, NOW, 0).violations).toEqual([{ check: 'shipment', orderId: 'soldout', message: 'shipped: shipped with reservation insufficient' }]);
  });

  it('catches stock that does not add up, a missing or second final notice, and an overdue order', () => {
    const world = healthy();
    world.stock[0].available = 98;
    world.notifications.push({ order_id: 'shipped', kind: 'order_cancelled' });
    world.notifications = world.notifications.filter((n) => n.order_id !== 'declined');
    world.orders.push({ ...order('stuck', 'pending'), paymentDueAt: EARLIER });
    const checks = auditSnapshot(world, NOW, 1000).violations.map((v) => `${v.check} ${v.orderId ?? v.message.split(':')[0]}`);
    expect(checks.sort()).toEqual(['deadline stuck', 'notification declined', 'notification shipped', 'stock PROD123'].sort());
  });

  it('tolerates a decline told before a payment timeout cancelled the order, not a shipped notice on it', () => {
    const world = healthy();
    world.notifications.push({ order_id: 'early', kind: 'payment_failed' });
    expect(auditSnapshot(world, NOW, 0).violations).toEqual([]);
    world.notifications.push({ order_id: 'early', kind: 'shipped' });
    expect(auditSnapshot(world, NOW, 0).violations.map((v) => v.message)).toEqual(['cancelled: told "shipped"']);
  });
});

describe('npm run audit', () => {
  let server: Server;
  let world: AuditSnapshot;
  let url: string;
  const routes: Record<string, (w: AuditSnapshot) => unknown[]> = {
    '/orders': (w) => w.orders,
    '/payments': (w) => w.payments,
    '/gateway/ledger': (w) => w.gateway,
    '/stock': (w) => w.stock,
    '/reservations': (w) => w.reservations,
    '/shipments': (w) => w.shipments,
    '/carrier/ledger': (w) => w.carrier,
    '/notifications': (w) => w.notifications,
  };

  beforeAll(async () => {
    // One server plays all five services; it honours limit/offset as they do.
    server = createServer((req, res) => {
      const u = new URL(req.url ?? '/', 'http://x');
      const rows = routes[u.pathname]?.(world) ?? [];
      const offset = Number(u.searchParams.get('offset') ?? 0);
      const limit = Number(u.searchParams.get('limit') ?? 100);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(rows.slice(offset, offset + limit)));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  async function run(): Promise<{ code: number; out: string }> {
    let out = '';
    const args = ['--order', url, '--payment', url, '--inventory', url, '--shipping', url, '--notification', url];
    const code = await runAuditCli(args, { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (out += t) }, env: {} });
    return { code, out };
  }

  it('ends with the summary line and exits 0 when the ledgers agree, 1 when they do not', async () => {
    world = healthy();
    const ok = await run();
    expect({ code: ok.code, last: ok.out.trimEnd().split('\n').at(-1) }).toEqual({ code: 0, last: 'audit: 4 orders, 0 violations' });
    world.gateway.push({ idempotency_key: 'declined', kind: 'charge', amount: 10 });
    const bad = await run();
    expect({ code: bad.code, last: bad.out.trimEnd().split('\n').at(-1) }).toEqual({ code: 1, last: 'audit: 4 orders, 2 violations' });
  });
});
