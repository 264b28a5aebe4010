// The root entry is types, schemas and plain data only: validation (and with it Ajv) lives in
// '@ecom/contracts/validation' so a service that only publishes does not load a compiler.
export * from './amqp-properties';
export * from './envelope';
export * from './exchange';
export * from './fields/email';
export * from './fields/ids';
export * from './fields/money';
export * from './fields/order-item';
export * from './fields/quantity';
export * from './fields/reason';
export * from './fields/timestamp';
export * from './events/inventory-stock-insufficient';
export * from './events/inventory-stock-reserved';
export * from './events/order-created';
export * from './events/payment-processed-failed';
export * from './events/payment-processed-successful';
export * from './events/shipping-attempt-failed';
export * from './events/shipping-shipment-created';
export * from './events/shipping-shipment-failed';
export * from './http/create-order-request';
export * from './queue';
export * from './registry';
export * from './routing-key';
export * from './routing-key-match';
export * from './services';
export * from './topology';
