import { json, listOperation, pathParameter, problem, queryParameter, serviceDocument } from '@ecom/service-kit';

/** payment-service's read API. */
export function paymentServiceOpenApi() {
  return serviceDocument('payment-service', 'Charges and refunds orders through the simulated gateway; reads payments.', {
    '/payments': { get: { tags: ['payments'], ...listOperation('payments (or the one of an order)', [queryParameter('orderId', 'only this order')]) } },
    '/payments/{orderId}': {
      get: {
        tags: ['payments'],
        summary: 'the payment of an order',
        parameters: [pathParameter('orderId', 'the order id', { type: 'string', format: 'uuid' })],
        responses: { 200: json('the payment'), 400: problem('not a UUID'), 404: problem('no payment for this order') },
      },
    },
    '/gateway/ledger': { get: { tags: ['gateway'], ...listOperation("the simulated gateway's ledger: what money really moved", []) } },
  });
}
