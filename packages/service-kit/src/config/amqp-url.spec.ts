import { amqpUrlOf } from './amqp-url';
import { ConfigError } from './service-config';

describe('amqpUrlOf', () => {
  it("prefers the service's own AMQP_URL_<SERVICE>, else the shared AMQP_URL", () => {
    expect(amqpUrlOf('order-service', 'amqp://shared', { AMQP_URL_ORDER_SERVICE: 'amqp://own:pw@host' })).toBe('amqp://own:pw@host');
    expect(amqpUrlOf('payment-service', 'amqp://shared', { AMQP_URL_ORDER_SERVICE: 'amqp://own' })).toBe('amqp://shared');
  });

  it('refuses a value that is not an AMQP URL', () => {
    expect(() => amqpUrlOf('order-service', 'amqp://shared', { AMQP_URL_ORDER_SERVICE: 'http://x' })).toThrow(ConfigError);
  });
});
