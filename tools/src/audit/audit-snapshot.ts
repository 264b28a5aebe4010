// What the audit reads: each service's read API, every page of it.

export interface AuditOrder {
  orderId: string;
  customerId: string;
  totalAmount: number;
  status: string;
  cancelReason: string | null;
  paymentDueAt: string | null;
  stockDueAt: string | null;
  createdAt: string;
}

export interface AuditPayment {
  order_id: string;
  status: string;
  amount: number;
}

export interface AuditGatewayEntry {
  idempotency_key: string;
  kind: 'charge' | 'refund';
  amount: number;
}

export interface AuditStock {
  product_id: string;
  available: number;
  reserved: number;
  initial: number;
}

export interface AuditReservation {
  order_id: string;
  status: string;
  items: { productId: string; quantity: number }[];
}

export interface AuditShipment {
  order_id: string;
  status: string;
}

export interface AuditCarrierEntry {
  idempotency_key: string;
}

export interface AuditNotification {
  order_id: string;
  kind: string;
}

export interface AuditSnapshot {
  orders: AuditOrder[];
  payments: AuditPayment[];
  gateway: AuditGatewayEntry[];
  stock: AuditStock[];
  reservations: AuditReservation[];
  shipments: AuditShipment[];
  carrier: AuditCarrierEntry[];
  notifications: AuditNotification[];
}

export interface ServiceUrls {
  order: string;
  payment: string;
  inventory: string;
  shipping: string;
  notification: string;
}

const PAGE = 1000;

/** Every row of a paged list endpoint (`limit`/`offset`), or of a plain one. */
async function all<T>(url: string, paged = true, token?: string): Promise<T[]> {
  const rows: T[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const target = paged ? `${url}${url.includes('?') ? '&' : '?'}limit=${PAGE}&offset=${offset}` : url;
    // The read APIs are internal: under AUTH_MODE=jwt they want an admin token.
    const response = await fetch(target, token ? { headers: { authorization: `Bearer ${token}` } } : {});
    if (!response.ok) throw new Error(`GET ${target} answered ${response.status}`);
    const page = (await response.json()) as T[];
    rows.push(...page);
    if (!paged || page.length < PAGE) return rows;
  }
}

/** Reads every service. Orders are read last, so an order placed during the read has no half-read effects. */
export async function readSnapshot(urls: ServiceUrls, token?: string): Promise<AuditSnapshot> {
  const [payments, gateway, stock, reservations, shipments, carrier, notifications] = await Promise.all([
    all<AuditPayment>(`${urls.payment}/payments`, true, token),
    all<AuditGatewayEntry>(`${urls.payment}/gateway/ledger`, true, token),
    all<AuditStock>(`${urls.inventory}/stock`, false, token),
    all<AuditReservation>(`${urls.inventory}/reservations`, true, token),
    all<AuditShipment>(`${urls.shipping}/shipments`, true, token),
    all<AuditCarrierEntry>(`${urls.shipping}/carrier/ledger`, true, token),
    all<AuditNotification>(`${urls.notification}/notifications`, true, token),
  ]);
  const orders = await all<AuditOrder>(`${urls.order}/orders`, true, token);
  return { orders, payments, gateway, stock, reservations, shipments, carrier, notifications };
}
