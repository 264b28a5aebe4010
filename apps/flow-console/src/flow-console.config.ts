import { Type, type Static } from '@sinclair/typebox';

const Port = (port: number) => Type.Integer({ default: port, minimum: 1, maximum: 65535 });

/** flow-console settings, read from the environment at start (validated with `loadConfig`). */
export const FlowConsoleConfig = Type.Object({
  AMQP_URL: Type.String({ default: 'amqp://guest:guest@127.0.0.1:5672', pattern: '^amqps?://[^,\\s]+(,\\s*amqps?://[^,\\s]+)*$' }),
  CONSOLE_PORT: Port(3005),
  // An admin bearer token for the services' APIs when they check tokens (npm start mints one from the
  // development issuer); unset, the console calls them without one (AUTH_MODE=off).
  CONSOLE_SERVICE_TOKEN: Type.Optional(Type.String({ minLength: 1 })),
  /** Loopback unless told otherwise: the console can replay dead letters and place orders. */
  CONSOLE_HOST: Type.String({ default: '127.0.0.1', minLength: 1 }),
  /** Where the services' HTTP APIs answer; the ports are the ones the services read. */
  SERVICES_HOST: Type.String({ default: '127.0.0.1', minLength: 1 }),
  ORDER_SERVICE_PORT: Port(3000),
  PAYMENT_SERVICE_PORT: Port(3001),
  INVENTORY_SERVICE_PORT: Port(3002),
  SHIPPING_SERVICE_PORT: Port(3003),
  NOTIFICATION_SERVICE_PORT: Port(3004),
  /** How often service health and queue depths are polled. */
  CONSOLE_POLL_MS: Type.Integer({ default: 2000, minimum: 200, maximum: 60_000 }),
  /** Orders kept in memory for the live view and timelines (oldest forgotten first). */
  CONSOLE_MAX_ORDERS: Type.Integer({ default: 5000, minimum: 10, maximum: 1_000_000 }),
  LOG_LEVEL: Type.Union([Type.Literal('fatal'), Type.Literal('error'), Type.Literal('warn'), Type.Literal('info'), Type.Literal('debug'), Type.Literal('trace')], { default: 'info' }),
});
export type FlowConsoleConfig = Static<typeof FlowConsoleConfig>;

/** The config as a Nest provider token. */
export const FLOW_CONSOLE_CONFIG = Symbol('FLOW_CONSOLE_CONFIG');

export const SERVICE_NAMES = ['order-service', 'payment-service', 'inventory-service', 'shipping-service', 'notification-service'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** Base URL of each service's HTTP API. */
export function serviceUrls(config: FlowConsoleConfig): Record<ServiceName, string> {
  const url = (port: number) => `http://${config.SERVICES_HOST}:${port}`;
  return {
    'order-service': url(config.ORDER_SERVICE_PORT),
    'payment-service': url(config.PAYMENT_SERVICE_PORT),
    'inventory-service': url(config.INVENTORY_SERVICE_PORT),
    'shipping-service': url(config.SHIPPING_SERVICE_PORT),
    'notification-service': url(config.NOTIFICATION_SERVICE_PORT),
  };
}
