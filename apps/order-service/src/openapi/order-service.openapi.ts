import { CancelReason, CreateOrderRequest } from '@ecom/contracts';
import { fromTypeBox, json, listOperation, pathParameter, problem, queryParameter, serviceDocument } from '@ecom/service-kit';

const orderId = pathParameter('id', 'the order id', { type: 'string', format: 'uuid' });

/** order-service's HTTP API; the request body is the TypeBox schema POST /orders validates with. */
export function orderServiceOpenApi() {
  return serviceDocument(
    'order-service',
    'Places and cancels orders; reads them with their history.',
    {
      '/orders': {
        post: {
          tags: ['orders'],
          summary: 'place an order',
          parameters: [{ name: 'x-correlation-id', in: 'header', required: false, description: 'yours, or a new one', schema: { type: 'string', maxLength: 128 } }],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/CreateOrderRequest' } } } },
          responses: {
            201: json('placed: pending', { type: 'object', properties: { orderId: { type: 'string', format: 'uuid' }, correlationId: { type: 'string' }, status: { const: 'pending' } } }),
            400: problem('a bad field (each named) or malformed JSON'),
            413: problem('above ORDER_BODY_LIMIT'),
            415: problem('not JSON'),
            422: problem('totalAmount is not the sum of price × quantity'),
          },
        },
        get: { tags: ['orders'], ...listOperation('orders, oldest first', [queryParameter('customerId', 'only this customer'), queryParameter('status', 'only this status')]) },
      },
      '/orders/{id}': {
        get: { tags: ['orders'], summary: 'one order with its status, deadlines and history', parameters: [orderId], responses: { 200: json('the order'), 400: problem('not a UUID'), 404: problem('no such order') } },
      },
      '/orders/{id}/cancel': {
        post: {
          tags: ['orders'],
          summary: 'cancel an order',
          parameters: [orderId],
          requestBody: {
            required: false,
            content: { 'application/json': { schema: { type: 'object', additionalProperties: false, properties: { reason: { ...fromTypeBox(CancelReason), description: 'customer_request (default) or operator' } } } } },
          },
          responses: { 202: json('cancelled, or cancelling while shipping answers'), 400: problem('a bad body'), 404: problem('no such order'), 409: problem('shipped or declined: nothing to cancel') },
        },
      },
    },
    { CreateOrderRequest: fromTypeBox(CreateOrderRequest) },
  );
}
