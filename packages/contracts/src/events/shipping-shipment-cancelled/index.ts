// Every version of `shipping.shipment.cancelled`; a breaking change adds v2.ts here beside v1.ts.
export * from './v1';
