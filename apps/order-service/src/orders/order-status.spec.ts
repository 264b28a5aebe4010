import { nextStatus } from './order-status';

describe('nextStatus', () => {
  it('follows the flow', () => {
    expect(nextStatus('pending', 'payment.processed.successful')).toBe('paid');
    expect(nextStatus('pending', 'payment.processed.failed')).toBe('payment_failed');
    expect(nextStatus('paid', 'shipping.shipment.created')).toBe('shipped');
    expect(nextStatus('paid', 'shipping.shipment.failed')).toBe('shipping_failed');
  });

  it('never moves back when events arrive out of order', () => {
    expect(nextStatus('shipped', 'payment.processed.successful')).toBe('shipped');
    expect(nextStatus('shipped', 'shipping.shipment.failed')).toBe('shipped');
  });

  it('lets a replayed shipment move a failed one on, and ignores history-only events', () => {
    expect(nextStatus('shipping_failed', 'shipping.shipment.created')).toBe('shipped');
    expect(nextStatus('paid', 'inventory.stock.insufficient')).toBe('paid');
    expect(nextStatus('paid', 'shipping.attempt.failed')).toBe('paid');
  });
});
