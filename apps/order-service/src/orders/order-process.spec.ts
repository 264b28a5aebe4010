import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  FINAL_STATUSES,
  ORDER_INPUTS,
  ORDER_PROCESS,
  ORDER_STATUSES,
  renderOrderProcess,
  resolveReason,
  transitionOf,
  type OrderInput,
  type OrderStatus,
} from './order-process';

/** Applies inputs in order, as the service does (an input a status does not list changes nothing). */
function run(inputs: OrderInput[], from: OrderStatus = 'pending'): { status: OrderStatus; effects: string[] } {
  let status = from;
  const effects: string[] = [];
  for (const input of inputs) {
    const t = transitionOf(status, input);
    if (!t || 'refused' in t) continue;
    status = t.to;
    effects.push(...t.effects);
  }
  return { status, effects };
}

// The expected next status of every (status, input) pair; '=' stays, '409' is a refused cancel.
const EXPECTED: Record<OrderStatus, Record<OrderInput, OrderStatus | '=' | '409'>> = {
  pending: {
    'payment.processed.successful': 'paid',
    'payment.processed.failed': 'payment_failed',
    'inventory.stock.reserved': 'reserved',
    'inventory.stock.insufficient': 'cancelled',
    'shipping.shipment.created': '=',
    'shipping.shipment.failed': '=',
    'shipping.shipment.cancelled': '=',
    'deadline.payment': 'cancelled',
    'deadline.stock': '=',
    cancel: 'cancelled',
  },
  paid: {
    'payment.processed.successful': '=',
    'payment.processed.failed': '=',
    'inventory.stock.reserved': 'confirmed',
    'inventory.stock.insufficient': 'cancelled',
    'shipping.shipment.created': '=',
    'shipping.shipment.failed': '=',
    'shipping.shipment.cancelled': '=',
    'deadline.payment': '=',
    'deadline.stock': 'cancelled',
    cancel: 'cancelled',
  },
  reserved: {
    'payment.processed.successful': 'confirmed',
    'payment.processed.failed': '=',
    'inventory.stock.reserved': '=',
    'inventory.stock.insufficient': '=',
    'shipping.shipment.created': '=',
    'shipping.shipment.failed': '=',
    'shipping.shipment.cancelled': '=',
    'deadline.payment': '=',
    'deadline.stock': '=',
    cancel: 'cancelled',
  },
  confirmed: {
    'payment.processed.successful': '=',
    'payment.processed.failed': '=',
    'inventory.stock.reserved': '=',
    'inventory.stock.insufficient': '=',
    'shipping.shipment.created': 'shipped',
    'shipping.shipment.failed': 'shipping_failed',
    'shipping.shipment.cancelled': '=',
    'deadline.payment': '=',
    'deadline.stock': '=',
    cancel: 'cancelling',
  },
  shipping_failed: {
    'payment.processed.successful': '=',
    'payment.processed.failed': '=',
    'inventory.stock.reserved': '=',
    'inventory.stock.insufficient': '=',
    'shipping.shipment.created': 'shipped',
    'shipping.shipment.failed': '=',
    'shipping.shipment.cancelled': '=',
    'deadline.payment': '=',
    'deadline.stock': '=',
    cancel: 'cancelling',
  },
  cancelling: {
    'payment.processed.successful': '=',
    'payment.processed.failed': '=',
    'inventory.stock.reserved': '=',
    'inventory.stock.insufficient': '=',
    'shipping.shipment.created': 'shipped',
    'shipping.shipment.failed': '=',
    'shipping.shipment.cancelled': 'cancelled',
    'deadline.payment': '=',
    'deadline.stock': '=',
    cancel: '=',
  },
  shipped: Object.fromEntries(ORDER_INPUTS.map((i) => [i, i === 'cancel' ? '409' : '='])) as Record<OrderInput, '=' | '409'>,
  payment_failed: Object.fromEntries(ORDER_INPUTS.map((i) => [i, i === 'cancel' ? '409' : '='])) as Record<OrderInput, '=' | '409'>,
  cancelled: Object.fromEntries(ORDER_INPUTS.map((i) => [i, '='])) as Record<OrderInput, '='>,
};

describe('the order process', () => {
  it.each(ORDER_STATUSES.flatMap((status) => ORDER_INPUTS.map((input) => [status, input] as const)))('%s × %s', (status, input) => {
    const t = transitionOf(status, input);
    const expected = EXPECTED[status][input];
    if (expected === '=') expect(t).toBeUndefined();
    else if (expected === '409') expect(t).toEqual({ refused: expect.any(String) });
    else expect(t).toMatchObject({ to: expected });
  });

  it('never moves a final status, and a duplicate of any input changes nothing the second time', () => {
    for (const status of FINAL_STATUSES) {
      for (const input of ORDER_INPUTS) {
        const t = transitionOf(status, input);
        expect(t === undefined || 'refused' in t).toBe(true);
      }
    }
    for (const status of ORDER_STATUSES) {
      for (const input of ORDER_INPUTS) {
        const once = run([input], status);
        const twice = run([input, input], status);
        expect({ status, input, to: twice.status, effects: twice.effects }).toEqual({ status, input, to: once.status, effects: once.effects });
      }
    }
  });

  it('confirms (lets shipping ship) only once paid and reserved, whichever event comes first', () => {
    expect(run(['payment.processed.successful', 'inventory.stock.reserved'])).toEqual({ status: 'confirmed', effects: ['schedule_stock_deadline', 'confirm'] });
    expect(run(['inventory.stock.reserved', 'payment.processed.successful'])).toEqual({ status: 'confirmed', effects: ['confirm'] });
    for (const path of [['payment.processed.successful'], ['inventory.stock.reserved'], ['payment.processed.failed']] as OrderInput[][]) {
      expect(run(path).effects).not.toContain('confirm');
    }
  });

  it('cancels and compensates when stock is short after payment, once', () => {
    expect(run(['payment.processed.successful', 'inventory.stock.insufficient', 'inventory.stock.insufficient'])).toEqual({
      status: 'cancelled',
      effects: ['schedule_stock_deadline', 'cancel'],
    });
    expect(transitionOf('paid', 'inventory.stock.insufficient')).toMatchObject({ reason: 'out_of_stock' });
  });

  it('asks shipping before cancelling a confirmed order; whichever answer comes first wins', () => {
    const confirmed: OrderInput[] = ['payment.processed.successful', 'inventory.stock.reserved'];
    expect(run([...confirmed, 'cancel', 'shipping.shipment.cancelled', 'shipping.shipment.created']).status).toBe('cancelled');
    expect(run([...confirmed, 'cancel', 'shipping.shipment.created', 'shipping.shipment.cancelled']).status).toBe('shipped');
    // A shipment event after a cancel that did not need shipping changes nothing.
    expect(run(['cancel', 'shipping.shipment.created']).status).toBe('cancelled');
  });

  it('lets an operator replay or cancel a held shipping failure', () => {
    const held: OrderInput[] = ['payment.processed.successful', 'inventory.stock.reserved', 'shipping.shipment.failed'];
    expect(run(held).status).toBe('shipping_failed');
    expect(run([...held, 'shipping.shipment.created']).status).toBe('shipped');
    expect(run([...held, 'cancel', 'shipping.shipment.cancelled']).effects).toContain('cancel');
  });

  it('times out: unpaid → payment_timeout, paid but unreserved → stock_timeout; late deadlines change nothing', () => {
    expect(transitionOf('pending', 'deadline.payment')).toMatchObject({ to: 'cancelled', reason: 'payment_timeout' });
    expect(transitionOf('paid', 'deadline.stock')).toMatchObject({ to: 'cancelled', reason: 'stock_timeout' });
    expect(run(['payment.processed.successful', 'inventory.stock.reserved', 'deadline.payment', 'deadline.stock']).status).toBe('confirmed');
  });

  it('records the reason asked for, or the one recorded when cancelling began', () => {
    expect(resolveReason('as_requested', 'operator')).toBe('operator');
    expect(resolveReason('as_recorded', undefined, 'operator')).toBe('operator');
    expect(resolveReason('stock_timeout', 'operator')).toBe('stock_timeout');
    expect(resolveReason(undefined)).toBeUndefined();
  });

  it('is the table the README shows', () => {
    const readme = readFileSync(join(__dirname, '../../../../README.md'), 'utf8');
    const block = /<!-- order-process:start -->\n([\s\S]*?)\n<!-- order-process:end -->/.exec(readme)?.[1];
    expect(block).toBe(renderOrderProcess());
    expect(Object.keys(ORDER_PROCESS).sort()).toEqual([...ORDER_STATUSES].sort());
  });
});
