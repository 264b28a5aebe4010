import { EXCHANGE } from '@ecom/contracts';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { ChannelModel, ConsumeMessage } from 'amqplib';
import { FlowStore } from '../flow/flow.store';
import { BrokerConnection } from './broker-connection';

/** Most messages the tap queue holds; beyond that the oldest are dropped, never the flow held up. */
const TAP_MAX_LENGTH = 20_000;

/**
 * Sees every event as a foreign consumer would: a server-named, exclusive, auto-delete classic queue
 * of its own bound to `#` on the events exchange. It is not durable and not quorum (nothing of the
 * flow depends on it), it drops its oldest messages when the console falls behind (so the broker
 * never applies flow control to the services' publishes on its account), and it disappears with the
 * console's connection.
 */
@Injectable()
export class FlowTap implements OnModuleInit {
  private readonly logger = new Logger('FlowTap');
  /** True while the tap's consumer is up (readiness: no event is missed from then on). */
  active = false;

  constructor(
    private readonly broker: BrokerConnection,
    private readonly store: FlowStore,
  ) {}

  onModuleInit(): void {
    this.broker.onConnected((model) => this.start(model));
  }

  private async start(model: ChannelModel): Promise<void> {
    const channel = await model.createChannel();
    channel.on('error', (error: Error) => this.logger.warn(`tap channel error: ${error.message}`));
    channel.on('close', () => (this.active = false));
    await channel.checkExchange(EXCHANGE).catch(async () => {
      // The services declare it; a console started first declares the same exchange so the tap can bind.
      const again = await model.createChannel();
      await again.assertExchange(EXCHANGE, 'topic', { durable: true });
      await again.close();
    });
    const { queue } = await channel.assertQueue('', {
      exclusive: true,
      autoDelete: true,
      durable: false,
      arguments: { 'x-queue-type': 'classic', 'x-max-length': TAP_MAX_LENGTH, 'x-overflow': 'drop-head' },
    });
    await channel.bindQueue(queue, EXCHANGE, '#');
    // Acked (not noAck) with a bounded prefetch: a slow console makes its own queue grow, never the
    // broker's socket buffer, which would push back on the services' channels.
    await channel.prefetch(1000);
    await channel.consume(queue, (message: ConsumeMessage | null) => {
      if (!message) return;
      try {
        this.store.record(message);
      } catch (error) {
        this.logger.warn(`could not read an event (${message.fields.routingKey}): ${(error as Error).message}`);
      }
      channel.ack(message);
    });
    this.active = true;
    this.logger.log(`tapping ${EXCHANGE} '#' through ${queue}`);
  }
}
