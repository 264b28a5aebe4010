import { connect, type ChannelModel } from 'amqplib';
import { brokerUsers, type BrokerUsers } from './support/secured-system';

/**
 * Least privilege on the broker, with the users `npm run broker:setup` makes: a service may publish
 * only its own routing keys (topic permissions on ecommerce.events) and touch only its own queues.
 */
describe('broker least privilege', () => {
  let broker: BrokerUsers;
  const connections: ChannelModel[] = [];

  beforeAll(async () => {
    broker = await brokerUsers('brokerperm');
    // The exchange and payment's queues exist as the services declare them (as payment-service itself).
    const payment = await open(broker.urls['payment-service']);
    const channel = await payment.createChannel();
    await channel.assertExchange('ecommerce.events', 'topic', { durable: true });
    await channel.close();
  });

  afterAll(async () => {
    for (const connection of connections) await connection.close().catch(() => undefined);
    await broker?.remove();
  });

  async function open(url: string): Promise<ChannelModel> {
    const connection = await connect(url);
    connection.on('error', () => undefined); // a refused operation closes the channel, which the test awaits
    connections.push(connection);
    return connection;
  }

  /** Publishes with confirms; the broker's answer (a channel closed with ACCESS_REFUSED) or 'ok'. */
  async function publishAs(url: string, routingKey: string): Promise<string> {
    const channel = await (await open(url)).createConfirmChannel();
    const closed = new Promise<string>((resolve) => channel.once('error', (error: Error) => resolve(error.message)));
    channel.publish('ecommerce.events', routingKey, Buffer.from('{}'));
    const confirmed = channel.waitForConfirms().then(() => 'ok', (error: Error) => error.message);
    const outcome = await Promise.race([closed, confirmed]);
    if (outcome === 'ok') await channel.close();
    return outcome;
  }

  it('refuses notification-service publishing payment.processed.successful (ACCESS_REFUSED)', async () => {
    expect(await publishAs(broker.urls['notification-service'], 'payment.processed.successful')).toMatch(/ACCESS_REFUSED/);
  });

  it("refuses order-service publishing payment's routing key, and lets payment-service publish it", async () => {
    expect(await publishAs(broker.urls['order-service'], 'payment.processed.successful')).toMatch(/ACCESS_REFUSED/);
    expect(await publishAs(broker.urls['payment-service'], 'payment.processed.successful')).toBe('ok');
  });

  it("refuses a service reading or declaring another service's queue", async () => {
    const channel = await (await open(broker.urls['notification-service'])).createChannel();
    const closed = new Promise<string>((resolve) => channel.once('error', (error: Error) => resolve(error.message)));
    await channel.assertQueue('payment.service.order.created', { durable: true }).catch(() => undefined);
    expect(await closed).toMatch(/ACCESS_REFUSED/);
  });

  it('lets the dlq CLI user configure nothing', async () => {
    const channel = await (await open(broker.urls['dlq-cli'])).createChannel();
    const closed = new Promise<string>((resolve) => channel.once('error', (error: Error) => resolve(error.message)));
    await channel.assertQueue('anything.new', { durable: true }).catch(() => undefined);
    expect(await closed).toMatch(/ACCESS_REFUSED/);
  });
});
