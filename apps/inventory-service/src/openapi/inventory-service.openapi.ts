import { json, listOperation, pathParameter, problem, queryParameter, serviceDocument } from '@ecom/service-kit';

/** inventory-service's read API. */
export function inventoryServiceOpenApi() {
  return serviceDocument('inventory-service', 'Reserves and releases stock; reads stock levels and reservations.', {
    '/stock': { get: { tags: ['stock'], summary: 'every product with its stock', responses: { 200: json('products', { type: 'array', items: { type: 'object' } }) } } },
    '/stock/{productId}': {
      get: { tags: ['stock'], summary: 'one product', parameters: [pathParameter('productId', 'e.g. PROD123')], responses: { 200: json('the product'), 404: problem('unknown product') } },
    },
    '/reservations': { get: { tags: ['stock'], ...listOperation('reservations (or shortages)', [queryParameter('orderId', 'only this order')]) } },
  });
}
