import { decidePayment } from './payment-decision';

const order = (totalAmount: number) => ({
  orderId: '6f1c1c1e-8a63-4d59-9c59-1f2b3c4d5e6f',
  customerId: 'CUST123',
  customerEmail: 'customer@example.com',
  items: [{ productId: 'PROD123', quantity: 1, price: totalAmount }],
  totalAmount,
  currency: 'USD',
  createdAt: '2026-11-25T10:00:00.000Z',
});

describe('decidePayment', () => {
  it('approves up to the limit and declines above it, saying why', () => {
    expect(decidePayment(order(1000), 1000)).toEqual({ approved: true });
    expect(decidePayment(order(1000.01), 1000)).toEqual({
      approved: false,
      reason: 'amount 1000.01 USD exceeds the limit of 1000',
    });
  });
});
