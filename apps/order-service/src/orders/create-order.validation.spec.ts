import { BadRequestException, UnprocessableEntityException } from '@nestjs/common';
import { fieldName, validateCreateOrder } from './create-order.validation';

const readmeBody = {
  customerId: 'CUST123',
  customerEmail: 'customer@example.com',
  items: [{ productId: 'PROD123', quantity: 1, price: 29.99 }],
  totalAmount: 29.99,
};

function errorOf(body: unknown): { status: number; response: Record<string, unknown> } {
  try {
    validateCreateOrder(body);
  } catch (error) {
    if (error instanceof BadRequestException || error instanceof UnprocessableEntityException) {
      return { status: error.getStatus(), response: error.getResponse() as Record<string, unknown> };
    }
    throw error;
  }
  throw new Error('expected a validation error');
}

describe('validateCreateOrder', () => {
  it("accepts the README's body and defaults the currency", () => {
    expect(validateCreateOrder(readmeBody)).toEqual({ ...readmeBody, currency: 'USD' });
  });

  it('names every offending field and why', () => {
    const { status, response } = errorOf({ ...readmeBody, customerEmail: 'x', items: [{ productId: 'PROD123', quantity: 0, price: 1 }], extra: 1 });
    expect(status).toBe(400);
    const fields = (response['errors'] as { field: string; message: string }[]).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['customerEmail', 'items[0].quantity', 'extra']));
  });

  it('reports a missing field by name', () => {
    const { response } = errorOf({ ...readmeBody, customerId: undefined });
    expect(response['errors']).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'customerId' })]));
  });

  it('refuses a total that is not the sum of the items with 422, to the cent', () => {
    const { status, response } = errorOf({ ...readmeBody, items: [{ productId: 'PROD123', quantity: 3, price: 0.1 }], totalAmount: 0.31 });
    expect(status).toBe(422);
    expect(response['message']).toContain('(0.30)');
    expect(validateCreateOrder({ ...readmeBody, items: [{ productId: 'PROD123', quantity: 3, price: 0.1 }], totalAmount: 0.3 }).totalAmount).toBe(0.3);
  });

  it('turns JSON pointers into field names', () => {
    expect(fieldName('/items/0/price')).toBe('items[0].price');
    expect(fieldName('/')).toBe('(body)');
  });
});
