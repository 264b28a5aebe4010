/**
 * Nest's own RMQ transport from @nestjs/microservices: a microservice on ServerRMQ (noAck false,
 * prefetchCount, the quorum queue's arguments as queueOptions) and a ClientRMQ that `emit`s.
 * `wildcards` with `exchange` makes both go through this side's topic exchange with the pattern as
 * routing key, as the other sides do, instead of straight to the queue.
 *
 * Confirms: ClientRMQ sends through an amqp-connection-manager ChannelWrapper and creates it
 * without `confirm: false`, so the wrapper opens a confirm channel and calls back only on the
 * broker's confirm; `dispatchEvent` resolves from that callback, and `emit` emits when it does. So
 * awaiting `emit` awaits the confirm. The client below checks that its channel is a confirm channel
 * and refuses to run otherwise, rather than count unconfirmed publishes as confirmed.
 *
 * Differences Nest's transport brings, not faked away: the body on the wire is Nest's
 * `{"pattern", "data"}` envelope around the same data; the client and the server hold a connection
 * each; nothing is validated. `mandatory` is set on each message, but ClientRMQ does not listen
 * for basic.return: the client below counts returns on its channel so an unroutable message
 * fails the run, as it does for the other sides.
 */
import { randomUUID } from 'node:crypto';
import type { EventData } from '@ecom/contracts';
import { Controller, Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  ClientRMQ,
  Ctx,
  EventPattern,
  Payload,
  RmqContext,
  RmqRecordBuilder,
  Transport,
  type MicroserviceOptions,
  type RmqOptions,
} from '@nestjs/microservices';
import type { ConfirmChannel } from 'amqplib';
import { lastValueFrom } from 'rxjs';
import { Countdown, DATA, declareSideTopologyAlone, measure, ROUTING_KEY, type Side, type SideSetup } from './bench-kit';

/** ClientRMQ as it is, plus what the bench checks on the channel it publishes on. */
class CheckedClientRMQ extends ClientRMQ {
  confirmChannel = false;
  returned = 0;

  override setupChannel(...args: Parameters<ClientRMQ['setupChannel']>): Promise<void> {
    const [channel] = args as [ConfirmChannel, ...unknown[]];
    this.confirmChannel = typeof channel.waitForConfirms === 'function';
    channel.on('return', () => this.returned++);
    return super.setupChannel(...args);
  }
}

@Injectable()
class NestRmqSink extends Countdown {}

@Controller()
class NestRmqBenchController {
  constructor(private readonly sink: NestRmqSink) {}

  @EventPattern(ROUTING_KEY)
  onOrderCreated(@Payload() _data: EventData<'order.created'>, @Ctx() context: RmqContext): void {
    // With noAck false Nest leaves the ack to the handler: it is the handler's last step, so the
    // message is acked after the handler's work, as on the other sides.
    (context.getChannelRef() as ConfirmChannel).ack(context.getMessage() as Parameters<ConfirmChannel['ack']>[0]);
    this.sink.hit();
  }
}

@Module({ controllers: [NestRmqBenchController], providers: [NestRmqSink] })
class NestRmqBenchModule {}

export async function nestRmqSide(setup: SideSetup): Promise<Side> {
  const workQueue = await declareSideTopologyAlone(setup);
  const shared: RmqOptions['options'] = {
    urls: [setup.url],
    queue: workQueue.name,
    queueOptions: { durable: true, arguments: workQueue.arguments },
    exchange: setup.exchange,
    exchangeType: 'topic',
    wildcards: true,
    socketOptions: { connectionOptions: { noDelay: true } },
  };
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(NestRmqBenchModule, {
    transport: Transport.RMQ,
    options: { ...shared, noAck: false, prefetchCount: setup.prefetch },
    logger: ['error'],
  });
  const client = new CheckedClientRMQ({ ...shared, persistent: true });
  try {
    // Resolves once ServerRMQ consumes.
    await app.listen();
    await client.connect();
    if (!client.confirmChannel) {
      throw new Error("Nest's ClientRMQ does not publish on a confirm channel: emit would not await confirms");
    }
    const sink = app.get(NestRmqSink);
    const publishOne = () =>
      lastValueFrom(
        client.emit(
          ROUTING_KEY,
          new RmqRecordBuilder(DATA)
            .setOptions({ mandatory: true, messageId: randomUUID(), contentType: 'application/json', timestamp: Math.floor(Date.now() / 1000) })
            .build(),
        ),
        { defaultValue: undefined },
      );
    return {
      run: async (messages) => {
        const result = await measure(messages, setup.window, sink, publishOne);
        if (client.returned) throw new Error(`${client.returned} Nest RMQ messages were returned unroutable`);
        return result;
      },
      close: async () => {
        await client.close().catch(() => undefined);
        await app.close();
      },
    };
  } catch (error) {
    await client.close().catch(() => undefined);
    await app.close().catch(() => undefined);
    throw error;
  }
}
