import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { RabbitClient } from './client/rabbit.client';
import { AmqpConnection } from './connection/amqp-connection';
import { RabbitTransport } from './consumer/rabbit.transport';
import { Inbox } from './inbox/inbox';
import { missingStore } from './store/missing-store';
import { RabbitMetrics } from './metrics/rabbit.metrics';
import { Outbox } from './outbox/outbox';
import { OutboxRelay } from './outbox/outbox-relay';
import { RabbitPublisher } from './publisher/rabbit.publisher';
import { RABBIT_OPTIONS } from './rabbit.constants';
import { RabbitLifecycle } from './rabbit.lifecycle';
import {
  RABBIT_ASYNC_OPTIONS_TYPE,
  RABBIT_MODULE_OPTIONS,
  RABBIT_OPTIONS_TYPE,
  RabbitConfigurableModule,
} from './rabbit.module-definition';
import { resolveRabbitOptions, type ResolvedRabbitOptions, type RabbitModuleOptions } from './rabbit.options';

const providers: Provider[] = [
  {
    provide: RABBIT_OPTIONS,
    useFactory: (options: RabbitModuleOptions) => resolveRabbitOptions(options),
    inject: [RABBIT_MODULE_OPTIONS],
  },
  {
    provide: RabbitMetrics,
    useFactory: (o: ResolvedRabbitOptions) => new RabbitMetrics(o.metricsRegistry),
    inject: [RABBIT_OPTIONS],
  },
  {
    provide: AmqpConnection,
    useFactory: (o: ResolvedRabbitOptions) =>
      new AmqpConnection({
        url: o.url,
        connectionName: o.service,
        tls: o.tls,
        initialReconnectDelayMs: o.initialReconnectDelayMs,
        maxReconnectDelayMs: o.maxReconnectDelayMs,
      }),
    inject: [RABBIT_OPTIONS],
  },
  {
    provide: RabbitPublisher,
    useFactory: (o: ResolvedRabbitOptions, connection: AmqpConnection, metrics: RabbitMetrics) =>
      new RabbitPublisher<unknown>(connection, o, metrics),
    inject: [RABBIT_OPTIONS, AmqpConnection, RabbitMetrics],
  },
  {
    provide: OutboxRelay,
    useFactory: (o: ResolvedRabbitOptions, publisher: RabbitPublisher<unknown>) =>
      new OutboxRelay(o.store ?? missingStore(), publisher, { ...o.outbox, exchange: o.exchange, retentionMs: o.retentionMs }),
    inject: [RABBIT_OPTIONS, RabbitPublisher],
  },
  {
    provide: Outbox,
    useFactory: (o: ResolvedRabbitOptions, publisher: RabbitPublisher<unknown>, relay: OutboxRelay) =>
      new Outbox(o.store ?? missingStore(), publisher, relay),
    inject: [RABBIT_OPTIONS, RabbitPublisher, OutboxRelay],
  },
  {
    provide: Inbox,
    useFactory: (o: ResolvedRabbitOptions, outbox: Outbox, metrics: RabbitMetrics) =>
      new Inbox(o.store ?? missingStore(), outbox, metrics),
    inject: [RABBIT_OPTIONS, Outbox, RabbitMetrics],
  },
  {
    provide: RabbitClient,
    useFactory: (publisher: RabbitPublisher<unknown>) => new RabbitClient(publisher),
    inject: [RabbitPublisher],
  },
  RabbitTransport,
  RabbitLifecycle,
];

const exported = [RABBIT_OPTIONS, RabbitMetrics, AmqpConnection, RabbitPublisher, Outbox, Inbox, OutboxRelay, RabbitClient, RabbitTransport];

/**
 * The messaging layer of a Nest service: one managed connection, the validating publisher, the
 * transport behind `@EventPattern` handlers, the inbox and outbox. Configure with `forRoot` or
 * `forRootAsync`; start the transport with `connectRabbitTransport(app)`.
 */
@Module({})
export class RabbitModule extends RabbitConfigurableModule {
  static forRoot(options: typeof RABBIT_OPTIONS_TYPE): DynamicModule {
    return withProviders(super.forRoot(options));
  }

  static forRootAsync(options: typeof RABBIT_ASYNC_OPTIONS_TYPE): DynamicModule {
    return withProviders(super.forRootAsync(options));
  }
}

function withProviders(module: DynamicModule): DynamicModule {
  return {
    ...module,
    providers: [...(module.providers ?? []), ...providers],
    exports: [...(module.exports ?? []), ...exported],
  };
}
