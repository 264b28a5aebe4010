import { connect, type Channel, type ChannelModel, type ConfirmChannel, type ConsumeMessage } from 'amqplib';
import { EXCHANGE, RoutingKey } from '@ecom/contracts';
import { orderConfirmed, paymentSucceeded, shipmentCreated, stockReserved, type WireMessage } from './raw-messages';
import { rawRoles, type RawMode, type RawReply, type RawRole } from './raw-topology';

export interface RoleOptions {
  role: RawRole;
  mode: RawMode;
  url: string;
  prefetch: number;
}

/**
 * One raw consumer "service": its own connection (noDelay), a channel per queue with the
 * prefetch, and a confirm channel for what it publishes. Each delivery: parse the JSON (as every
 * consumer must), publish the role's reply to its routing key with a confirm if it has one, then ack.
 */
export class RawRoleRunner {
  private connection!: ChannelModel;
  private publisher!: ConfirmChannel;
  private readonly consumers: Channel[] = [];
  private count = 0;
  private target = Infinity;
  private onTarget: (() => void) | undefined;
  /** The order role's paid orders, by id, until their order.confirmed is sent. */
  private readonly paid = new Map<string, Parameters<typeof orderConfirmed>[0]>();
  private keepsPayments = false;

  constructor(private readonly options: RoleOptions) {}

  async start(): Promise<void> {
    const spec = rawRoles(this.options.mode)[this.options.role];
    if (!spec) throw new Error(`role ${this.options.role} has no part in mode ${this.options.mode}`);
    this.keepsPayments = spec.keepsPayments ?? false;
    this.connection = await connect(this.options.url, { noDelay: true });
    this.publisher = await this.connection.createConfirmChannel();
    this.publisher.on('return', (message: ConsumeMessage) => console.error(`raw ${this.options.role}: returned ${message.fields.routingKey}`));
    for (const queue of spec.queues) {
      const channel = await this.connection.createChannel();
      await channel.prefetch(this.options.prefetch);
      await channel.consume(queue, (message) => message && this.onMessage(channel, message, spec.replies?.[message.fields.routingKey]), { noAck: false });
      this.consumers.push(channel);
    }
  }

  /** Resolves once the role has seen `target` deliveries in all (cumulative). */
  reach(target: number): Promise<void> {
    this.target = target;
    if (this.count >= target) return Promise.resolve();
    return new Promise((resolve) => (this.onTarget = resolve));
  }

  async close(): Promise<void> {
    await this.connection?.close().catch(() => undefined);
  }

  private onMessage(channel: Channel, message: ConsumeMessage, reply: RawReply | undefined): void {
    const data = JSON.parse(message.content.toString('utf8'));
    const correlationId = String(message.properties.correlationId);
    const causationId = String(message.properties.messageId);
    // order-service keeps the paid order: order.confirmed, later, carries its details.
    if (this.keepsPayments && message.fields.routingKey === RoutingKey.PaymentSucceeded) this.paid.set(data.orderId, data);
    if (!reply) return this.done(channel, message);
    let next: WireMessage;
    if (reply === 'payment') next = paymentSucceeded(data, correlationId, causationId);
    else if (reply === 'stock') next = stockReserved(data, correlationId, causationId);
    else if (reply === 'shipment') next = shipmentCreated(data, correlationId, causationId);
    else {
      const payment = this.paid.get(data.orderId);
      if (!payment) throw new Error(`raw order: stock reserved for ${data.orderId} before its payment was seen`);
      this.paid.delete(data.orderId);
      next = orderConfirmed(payment, correlationId, causationId);
    }
    this.publisher.publish(EXCHANGE, next.routingKey, next.body, next.options, (error) => {
      if (error) {
        console.error(`raw ${this.options.role}: publish not confirmed: ${String(error)}`);
        channel.nack(message, false, true);
        return;
      }
      this.done(channel, message);
    });
  }

  private done(channel: Channel, message: ConsumeMessage): void {
    channel.ack(message);
    if (++this.count >= this.target && this.onTarget) {
      const resolve = this.onTarget;
      this.onTarget = undefined;
      resolve();
    }
  }
}
