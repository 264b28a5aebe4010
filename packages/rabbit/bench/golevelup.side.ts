/**
 * @golevelup/nestjs-rabbitmq used the usual way: RabbitMQModule.forRoot, a @RabbitSubscribe
 * handler on a provider, AmqpConnection.publish. Its defaults give the same guarantees as the other
 * sides: it publishes on an amqp-connection-manager ChannelWrapper, which opens a confirm channel
 * unless told otherwise and resolves `publish` only on the broker's confirm; and a subscriber is
 * acked after its handler returned (the ack comes from the library, not the handler). One managed
 * channel carries both publishes and deliveries, as golevelup's default does. It validates nothing:
 * the body is JSON.parse'd and handed over.
 */
import { randomUUID } from 'node:crypto';
import type { EventData } from '@ecom/contracts';
import { AmqpConnection, RabbitMQModule, RabbitSubscribe } from '@golevelup/nestjs-rabbitmq';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Countdown, DATA, declareSideTopologyAlone, measure, ROUTING_KEY, type Side, type SideSetup } from './bench-kit';

export async function golevelupSide(setup: SideSetup): Promise<Side> {
  const workQueue = await declareSideTopologyAlone(setup);

  // Declared here because @RabbitSubscribe takes this run's queue and exchange names.
  @Injectable()
  class GolevelupSink extends Countdown {
    @RabbitSubscribe({
      exchange: setup.exchange,
      routingKey: ROUTING_KEY,
      queue: workQueue.name,
      // The arguments the topology was declared with, so golevelup's own assertQueue matches it.
      queueOptions: { durable: true, arguments: workQueue.arguments },
    })
    onOrderCreated(_data: EventData<'order.created'>): void {
      this.hit();
    }
  }

  @Module({
    imports: [
      RabbitMQModule.forRoot({
        uri: setup.url,
        prefetchCount: setup.prefetch,
        connectionManagerOptions: { connectionOptions: { noDelay: true } },
        connectionInitOptions: { wait: true, timeout: 10_000 },
        // No RPC here: no consumer on amq.rabbitmq.reply-to.
        enableDirectReplyTo: false,
      }),
    ],
    providers: [GolevelupSink],
  })
  class GolevelupBenchModule {}

  const app = await NestFactory.createApplicationContext(GolevelupBenchModule, { logger: ['error'] });
  try {
    // Bootstrapping registers the @RabbitSubscribe handlers; it resolves once they consume.
    await app.init();
    const connection = app.get(AmqpConnection);
    // `channel` is the amqplib channel under the default ChannelWrapper, the one publishes go out on.
    if (!('waitForConfirms' in connection.channel)) {
      throw new Error('@golevelup/nestjs-rabbitmq does not publish on a confirm channel: its publishes would not await confirms');
    }
    let returned = 0;
    connection.channel.on('return', () => returned++);
    const sink = app.get(GolevelupSink);
    const publishOne = () =>
      connection.publish(setup.exchange, ROUTING_KEY, DATA, {
        persistent: true,
        mandatory: true,
        messageId: randomUUID(),
        contentType: 'application/json',
        timestamp: Math.floor(Date.now() / 1000),
      });
    return {
      run: async (messages) => {
        const result = await measure(messages, setup.window, sink, publishOne);
        if (returned) throw new Error(`${returned} golevelup messages were returned unroutable`);
        return result;
      },
      close: () => app.close(),
    };
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
}
