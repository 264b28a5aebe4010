// Every version of `order.cancellation.requested`; a breaking change adds v2.ts here beside v1.ts.
export * from './v1';
