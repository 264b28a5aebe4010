import { performance } from 'node:perf_hooks';
import { AmqpHeader, EXCHANGE } from '@ecom/contracts';
import { connect, type ChannelModel } from 'amqplib';
import { distribution, type Distribution } from './stats';

/** The event that ends an order's run through the flow: where latencies stop. */
export const SHIPPED = 'shipping.shipment.created';
/** What the fixed-rate runs watch of each order: its first event, the payment and the shipment. */
export const HOP_KEYS = ['order.created', 'payment.processed.successful', SHIPPED] as const;

/** An order the bench started, and when (performance.now()): the POST sent, or the raw publish. */
export interface StartedOrder {
  orderId: string;
  sentAt: number;
}

/** How long orders took from their start to the shipment, in all and by hop (ms). */
export interface OrderLatencies {
  latencyMs: Distribution;
  hopsMs: Record<string, Distribution>;
}

export interface Sighting {
  at: number;
  occurredAt?: string;
}

/**
 * The bench's own queue in the system's vhost (classic, exclusive, auto-ack), bound before the
 * services start: when each order's events pass by, keyed by routing key and order id.
 */
export class Spy {
  readonly seen = new Map<string, Map<string, Sighting>>();
  private waiters: { key: string; ids: readonly string[]; resolve: () => void }[] = [];

  private constructor(private readonly connection: ChannelModel) {}

  static async start(url: string, routingKeys: readonly string[]): Promise<Spy> {
    const connection = await connect(url, { noDelay: true });
    const spy = new Spy(connection);
    const channel = await connection.createChannel();
    await channel.assertExchange(EXCHANGE, 'topic', { durable: true });
    const { queue } = await channel.assertQueue('', { exclusive: true, durable: false, autoDelete: true, arguments: { 'x-queue-type': 'classic' } });
    for (const key of routingKeys) {
      spy.seen.set(key, new Map());
      await channel.bindQueue(queue, EXCHANGE, key);
    }
    await channel.consume(
      queue,
      (message) => {
        if (!message) return;
        const at = performance.now();
        const key = message.fields.routingKey;
        const { orderId } = JSON.parse(message.content.toString('utf8')) as { orderId: string };
        const byOrder = spy.seen.get(key);
        if (!byOrder || byOrder.has(orderId)) return;
        const occurred = message.properties.headers?.[AmqpHeader.OccurredAt] as unknown;
        byOrder.set(orderId, { at, occurredAt: occurred === undefined ? undefined : String(occurred) });
        if (spy.waiters.length > 0) spy.check();
      },
      { noAck: true },
    );
    return spy;
  }

  /** When the spy saw `id` on `key` (performance.now()); NaN if it has not. */
  at(key: string, id: string): number {
    return this.seen.get(key)?.get(id)?.at ?? NaN;
  }

  /**
   * Each order's time from `sentAt` to its shipment at the spy, and split by hop (each hop ends at
   * the spy, so each includes one broker delivery); `start` names what `sentAt` is in the hop labels.
   * The spy must have been bound to HOP_KEYS.
   */
  latencies(orders: readonly StartedOrder[], start: 'POST' | 'publish'): OrderLatencies {
    const hop = (from: string | undefined, to: string) =>
      distribution(orders.map((o) => this.at(to, o.orderId) - (from === undefined ? o.sentAt : this.at(from, o.orderId))));
    return {
      latencyMs: hop(undefined, SHIPPED),
      hopsMs: {
        [`${start} → order.created seen`]: hop(undefined, 'order.created'),
        'order.created → payment seen': hop('order.created', 'payment.processed.successful'),
        'payment → shipment seen': hop('payment.processed.successful', SHIPPED),
      },
    };
  }

  count(key: string): number {
    return this.seen.get(key)?.size ?? 0;
  }

  /** Resolves once every id has been seen on `key`; rejects after `timeoutMs` naming how many are missing. */
  waitFor(key: string, ids: readonly string[], timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const byOrder = this.seen.get(key);
        const missing = ids.filter((id) => !byOrder?.has(id)).length;
        reject(new Error(`timed out after ${timeoutMs} ms: ${missing} of ${ids.length} orders never reached ${key}`));
      }, timeoutMs);
      this.waiters.push({ key, ids, resolve: () => (clearTimeout(timer), resolve()) });
      this.check();
    });
  }

  async close(): Promise<void> {
    await this.connection.close().catch(() => undefined);
  }

  private check(): void {
    this.waiters = this.waiters.filter((waiter) => {
      const byOrder = this.seen.get(waiter.key);
      // Ids are checked from the end, where the newest (last to arrive) are.
      for (let i = waiter.ids.length - 1; i >= 0; i--) if (!byOrder?.has(waiter.ids[i])) return true;
      waiter.resolve();
      return false;
    });
  }
}
