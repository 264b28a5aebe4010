// Every version of `order.deadline.payment` and `order.deadline.stock` (one schema); a breaking change adds v2.ts here beside v1.ts.
export * from './v1';
