import { brokerUsers, ownedQueues, permissionCommands } from './broker-users';

describe('brokerUsers', () => {
  const users = Object.fromEntries(brokerUsers({}).map((u) => [u.name, u]));
  const matches = (pattern: string, name: string) => new RegExp(pattern).test(name);

  it('lets a service configure and read only its own queues (with their DLQ and retry queue)', () => {
    const shipping = users['ecom-shipping-service'];
    for (const queue of ['shipping.service.queue', 'shipping.service.retry.queue', 'shipping.service.final.dlq']) {
      expect(matches(shipping.configure, queue)).toBe(true);
      expect(matches(shipping.read, queue)).toBe(true);
    }
    expect(matches(shipping.configure, 'payment.service.order.created')).toBe(false);
    expect(matches(shipping.read, 'order.service.order.events')).toBe(false);
    expect(ownedQueues('order-service')).toEqual(['order.service.order.events', 'order.service.order.events.dlq']);
  });

  it('lets a service publish only its own routing keys; notification-service none', () => {
    expect(matches(users['ecom-payment-service'].topicWrite, 'payment.processed.successful')).toBe(true);
    expect(matches(users['ecom-payment-service'].topicWrite, 'order.created')).toBe(false);
    expect(matches(users['ecom-notification-service'].topicWrite, 'payment.processed.successful')).toBe(false);
    expect(matches(users['ecom-order-service'].write, 'amq.default')).toBe(true);
  });

  it('gives the console and the dlq CLI the dead-letter queues to read and nothing to configure', () => {
    const dlq = users['ecom-dlq-cli'];
    expect(matches(dlq.read, 'shipping.service.final.dlq')).toBe(true);
    expect(matches(dlq.read, 'shipping.service.queue')).toBe(false);
    expect(matches(dlq.configure, 'shipping.service.final.dlq')).toBe(false);
    expect(users['ecom-flow-console']).toBeDefined();
  });

  it('takes passwords from BROKER_PASSWORD_<ROLE>, and names the rabbitmqctl calls', () => {
    const [order] = brokerUsers({ BROKER_PASSWORD_ORDER_SERVICE: 's3cret' }, 'x-');
    expect(order).toMatchObject({ name: 'x-order-service', password: 's3cret' });
    expect(permissionCommands(order, 'v')[1]).toEqual(['set_topic_permissions', '-p', 'v', 'x-order-service', 'ecommerce.events', order.topicWrite, '.*']);
  });
});
