import { json, listOperation, pathParameter, problem, queryParameter, serviceDocument } from '@ecom/service-kit';

/** shipping-service's read API. */
export function shippingServiceOpenApi() {
  return serviceDocument('shipping-service', 'Calls the simulated carrier for confirmed orders; reads shipments.', {
    '/shipments': { get: { tags: ['shipments'], ...listOperation('shipments', [queryParameter('orderId', 'only this order')]) } },
    '/shipments/{orderId}': {
      get: {
        tags: ['shipments'],
        summary: 'the shipment of an order, with its failed attempts',
        parameters: [pathParameter('orderId', 'the order id', { type: 'string', format: 'uuid' })],
        responses: { 200: json('the shipment'), 400: problem('not a UUID'), 404: problem('no shipment for this order') },
      },
    },
    '/carrier/ledger': { get: { tags: ['carrier'], ...listOperation("the simulated carrier's ledger: every label issued", []) } },
  });
}
