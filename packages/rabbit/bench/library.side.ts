/**
 * @ecom/rabbit as a service uses it: RabbitModule in a Nest hybrid app (HTTP listening too), the
 * publisher awaiting each confirm, the transport acking after the @EventPattern handler returned.
 * It is given this flow's contracts, as the services are, so order.created is validated on publish
 * and again on consume: the work the contenders do not do, and what this bench puts a price on.
 */
import type { EventData } from '@ecom/contracts';
import { ecomContracts } from '@ecom/contracts/validation';
import { Controller, Injectable, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern, Payload } from '@nestjs/microservices';
import { Registry } from 'prom-client';
import { connectRabbitTransport, RabbitModule, RabbitPublisher } from '../src';
import { Countdown, DATA, DELIVERY_LIMIT, measure, ROUTING_KEY, type Side, type SideSetup } from './bench-kit';

@Injectable()
class LibrarySink extends Countdown {}

@Controller()
class LibraryBenchController {
  constructor(private readonly sink: LibrarySink) {}

  @EventPattern(ROUTING_KEY)
  onOrderCreated(@Payload() _data: EventData<'order.created'>): void {
    this.sink.hit();
  }
}

export async function librarySide(setup: SideSetup): Promise<Side> {
  @Module({
    imports: [
      RabbitModule.forRoot({
        url: setup.url,
        service: 'rabbit-bench',
        exchange: setup.exchange,
        queues: [setup.queue],
        queueType: 'quorum',
        deliveryLimit: DELIVERY_LIMIT,
        prefetch: setup.prefetch,
        contracts: ecomContracts,
        metricsRegistry: new Registry(),
      }),
    ],
    controllers: [LibraryBenchController],
    providers: [LibrarySink],
  })
  class LibraryBenchModule {}

  const app: INestApplication = await NestFactory.create(LibraryBenchModule, { logger: ['error'] });
  try {
    connectRabbitTransport(app);
    await app.startAllMicroservices();
    await app.listen(0, '127.0.0.1');
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  const publisher = app.get(RabbitPublisher);
  const sink = app.get(LibrarySink);
  const publishOne = () => publisher.publish(ROUTING_KEY, DATA);
  return {
    run: (messages) => measure(messages, setup.window, sink, publishOne),
    close: () => app.close(),
  };
}
