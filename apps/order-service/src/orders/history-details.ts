import type { EventData, EventName } from '@ecom/contracts';

/** What an order's history keeps of each event: enough to explain the status, nothing more. */
export function historyDetails(type: EventName, data: EventData<EventName>): Record<string, unknown> {
  const d = data as Record<string, unknown>;
  switch (type) {
    case 'order.created':
      return { totalAmount: d['totalAmount'], currency: d['currency'], items: (d['items'] as unknown[]).length };
    case 'payment.processed.successful':
      return { paymentId: d['paymentId'], amount: d['amount'] };
    case 'payment.processed.failed':
      return { paymentId: d['paymentId'], reason: d['reason'] };
    case 'inventory.stock.reserved':
      return { reservationId: d['reservationId'] };
    case 'inventory.stock.insufficient':
      return { items: d['items'] };
    case 'shipping.attempt.failed':
      return { attempt: d['attempt'], reason: d['reason'], willRetry: d['willRetry'] };
    case 'shipping.shipment.created':
      return { shipmentId: d['shipmentId'], carrier: d['carrier'], trackingNumber: d['trackingNumber'], attempts: d['attempts'] };
    case 'shipping.shipment.failed':
      return { attempts: d['attempts'], reason: d['reason'] };
    case 'shipping.shipment.cancelled':
      return {};
    case 'payment.refunded':
      return { paymentId: d['paymentId'], amount: d['amount'], reason: d['reason'] };
    case 'inventory.stock.released':
      return { reservationId: d['reservationId'] };
    case 'order.confirmed':
    case 'order.cancelled':
    case 'order.cancellation.requested':
      return {};
  }
}
