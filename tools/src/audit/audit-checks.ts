import type { AuditSnapshot } from './audit-snapshot';

export interface Violation {
  check: 'money' | 'gateway' | 'stock' | 'shipment' | 'notification' | 'deadline';
  orderId?: string;
  message: string;
}

export interface AuditReport {
  orders: number;
  byStatus: Record<string, number>;
  byCancelReason: Record<string, number>;
  charges: number;
  refunds: number;
  shipments: number;
  violations: Violation[];
}

/** The notice that closes an order of each final status. */
const FINAL_NOTICE: Record<string, string> = { shipped: 'shipped', payment_failed: 'payment_failed', cancelled: 'order_cancelled' };
const FINAL_NOTIFICATIONS = new Set(Object.values(FINAL_NOTICE));
const cents = (amount: number) => Math.round(amount * 100);

function countBy<T>(items: readonly T[], key: (item: T) => string | undefined): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) {
    const k = key(item);
    if (k !== undefined) counts[k] = (counts[k] ?? 0) + 1;
  }
  return counts;
}

/**
 * Checks the ledgers of every service against each other, order by order and product by product.
 * `graceMs`: how long after a deadline an order may still be on its way to cancelled.
 */
export function auditSnapshot(snapshot: AuditSnapshot, now: Date, graceMs: number): AuditReport {
  const violations: Violation[] = [];
  const charge = new Map(snapshot.gateway.filter((e) => e.kind === 'charge').map((e) => [e.idempotency_key, e.amount]));
  const refund = new Map(snapshot.gateway.filter((e) => e.kind === 'refund').map((e) => [e.idempotency_key, e.amount]));
  const payment = new Map(snapshot.payments.map((p) => [p.order_id, p]));
  const reservation = new Map(snapshot.reservations.map((r) => [r.order_id, r]));
  const shipped = new Set(snapshot.carrier.map((c) => c.idempotency_key));
  const notices = new Map<string, string[]>();
  for (const n of snapshot.notifications.filter((n) => FINAL_NOTIFICATIONS.has(n.kind))) notices.set(n.order_id, [...(notices.get(n.order_id) ?? []), n.kind]);

  for (const order of snapshot.orders) {
    const id = order.orderId;
    const net = cents(charge.get(id) ?? 0) - cents(refund.get(id) ?? 0);
    const total = cents(order.totalAmount);
    const fail = (check: Violation['check'], message: string) => violations.push({ check, orderId: id, message: `${order.status}: ${message}` });

    // Money: what the gateway holds net, against the order's outcome.
    if ((order.status === 'shipped' || order.status === 'shipping_failed') && net !== total) fail('money', `net charge ${net / 100}, total ${order.totalAmount}`);
    if ((order.status === 'cancelled' || order.status === 'payment_failed') && net !== 0) fail('money', `net charge ${net / 100} left on a ${order.status} order`);
    if (refund.has(id) && !charge.has(id)) fail('money', 'refund without a charge');

    // The gateway's ledger and payment-service's record tell the same story.
    const p = payment.get(id);
    const expected =
      p === undefined ? 'none' : p.status === 'succeeded' ? 'charged' : p.status === 'refunded' ? 'refunded' : p.status === 'refund_due' ? 'refund due' : 'none';
    const actual = charge.has(id) ? (refund.has(id) ? 'refunded' : 'charged') : 'none';
    if (expected === 'refund due') fail('gateway', 'a refund is decided but not made');
    else if (expected !== actual) fail('gateway', `payment-service says ${expected}, gateway says ${actual}`);

    // No shipment without a net charge and a reservation; a shipped order was handed to the carrier.
    const r = reservation.get(id);
    if (shipped.has(id)) {
      if (net !== total) fail('shipment', 'shipped without a net charge of the total');
      if (r?.status !== 'reserved') fail('shipment', `shipped with reservation ${r?.status ?? 'none'}`);
    }
    if (order.status === 'shipped' && !shipped.has(id)) fail('shipment', 'shipped but the carrier has no label');
    if (order.status !== 'shipped' && order.status !== 'cancelling' && shipped.has(id)) fail('shipment', 'the carrier has a label');
    if ((order.status === 'cancelled' || order.status === 'payment_failed') && r?.status === 'reserved') fail('stock', 'stock still reserved');

    // One final notification per final order, the one of its status; never "shipped" or "cancelled"
    // for an order that was not. (A decline that arrived after a payment timeout may also have
    // been told: true, and it contradicts nothing.)
    const told = notices.get(id) ?? [];
    const closing = FINAL_NOTICE[order.status];
    if (closing && told.filter((kind) => kind === closing).length !== 1) fail('notification', `${told.filter((k) => k === closing).length} "${closing}" notifications`);
    for (const kind of told.filter((k) => k !== closing && k !== 'payment_failed')) fail('notification', `told "${kind}"`);

    // Nothing left behind its deadline.
    const overdue = (due: string | null) => due !== null && Date.parse(due) + graceMs < now.getTime();
    if (order.status === 'pending' && overdue(order.paymentDueAt)) fail('deadline', `unpaid past ${order.paymentDueAt}`);
    if (order.status === 'paid' && overdue(order.stockDueAt)) fail('deadline', `unreserved past ${order.stockDueAt}`);
  }

  // Stock: initial − reserved + released = on hand, per product, never below 0.
  const taken = new Map<string, number>();
  const back = new Map<string, number>();
  const held = new Map<string, number>();
  for (const r of snapshot.reservations) {
    if (r.status !== 'reserved' && r.status !== 'released') continue;
    for (const line of r.items) {
      taken.set(line.productId, (taken.get(line.productId) ?? 0) + line.quantity);
      if (r.status === 'released') back.set(line.productId, (back.get(line.productId) ?? 0) + line.quantity);
      else held.set(line.productId, (held.get(line.productId) ?? 0) + line.quantity);
    }
  }
  for (const product of snapshot.stock) {
    const p = product.product_id;
    const expected = product.initial - (taken.get(p) ?? 0) + (back.get(p) ?? 0);
    if (expected !== product.available) {
      violations.push({ check: 'stock', message: `${p}: initial ${product.initial} − reserved ${taken.get(p) ?? 0} + released ${back.get(p) ?? 0} = ${expected}, on hand ${product.available}` });
    }
    if (product.available < 0) violations.push({ check: 'stock', message: `${p}: ${product.available} on hand` });
    if ((held.get(p) ?? 0) !== product.reserved) violations.push({ check: 'stock', message: `${p}: reservations hold ${held.get(p) ?? 0}, stock says ${product.reserved}` });
  }

  return {
    orders: snapshot.orders.length,
    byStatus: countBy(snapshot.orders, (o) => o.status),
    byCancelReason: countBy(snapshot.orders, (o) => (o.status === 'cancelled' ? (o.cancelReason ?? 'unknown') : undefined)),
    charges: charge.size,
    refunds: refund.size,
    shipments: shipped.size,
    violations,
  };
}

/** The report as text; the last line is `audit: <orders> orders, <violations> violations`. */
export function renderAuditReport(report: AuditReport): string {
  const lines = [
    `orders by status: ${JSON.stringify(report.byStatus)}`,
    `cancelled by reason: ${JSON.stringify(report.byCancelReason)}`,
    `gateway: ${report.charges} charges, ${report.refunds} refunds; carrier: ${report.shipments} shipments`,
    ...report.violations.map((v) => `VIOLATION ${v.check}${v.orderId ? ` ${v.orderId}` : ''}: ${v.message}`),
    `audit: ${report.orders} orders, ${report.violations.length} violations`,
  ];
  return lines.join('\n') + '\n';
}
