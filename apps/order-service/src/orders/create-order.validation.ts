import { CreateOrderRequest, DEFAULT_CURRENCY, type EventData } from '@ecom/contracts';
import { validateSchema } from '@ecom/contracts/validation';
import { BadRequestException, UnprocessableEntityException } from '@nestjs/common';

export type ValidOrderRequest = Omit<EventData<'order.created'>, 'orderId' | 'createdAt'>;

/** `/items/0/quantity` → `items[0].quantity`: how a client names the field it sent. */
export function fieldName(pointer: string): string {
  return pointer
    .split('/')
    .filter(Boolean)
    .reduce((name, part) => (/^\d+$/.test(part) ? `${name}[${part}]` : name ? `${name}.${part}` : part), '') || '(body)';
}

/** Cents, so that 0.1 + 0.2 compares as 30 and not as 0.30000000000000004. */
const cents = (amount: number) => Math.round(amount * 100);

/**
 * Checks a POST /orders body against the contract's schema (400 naming every bad field and why)
 * and then the arithmetic (422 when totalAmount is not the sum of the lines).
 */
export function validateCreateOrder(body: unknown): ValidOrderRequest {
  const result = validateSchema(CreateOrderRequest, body, 'POST /orders body');
  if (!result.ok) {
    throw new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      message: 'request body is invalid',
      errors: result.violations.map((v) => ({ field: fieldName(v.path), message: v.message })),
    });
  }
  const order = result.value;
  const sum = order.items.reduce((total, item) => total + cents(item.price) * item.quantity, 0);
  if (sum !== cents(order.totalAmount)) {
    const expected = (sum / 100).toFixed(2);
    throw new UnprocessableEntityException({
      statusCode: 422,
      error: 'Unprocessable Entity',
      message: `totalAmount ${order.totalAmount} is not the sum of the items (${expected})`,
      errors: [{ field: 'totalAmount', message: `must equal the sum of price × quantity, ${expected}` }],
    });
  }
  return { ...order, currency: order.currency ?? DEFAULT_CURRENCY };
}
