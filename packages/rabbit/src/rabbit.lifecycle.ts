import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { AmqpConnection } from './connection/amqp-connection';
import { OutboxRelay } from './outbox/outbox-relay';
import { RabbitPublisher } from './publisher/rabbit.publisher';
import { RABBIT_OPTIONS } from './rabbit.constants';
import type { ResolvedRabbitOptions } from './rabbit.options';

/**
 * Opens the connection at start-up and closes in order at shutdown. Nest closes the transport
 * (consumers drained) between the before-shutdown and shutdown hooks, so by the time the
 * publisher and connection close no handler publishes any more.
 */
@Injectable()
export class RabbitLifecycle implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('RabbitModule');

  constructor(
    @Inject(RABBIT_OPTIONS) private readonly options: ResolvedRabbitOptions,
    private readonly connection: AmqpConnection,
    private readonly publisher: RabbitPublisher,
    private readonly relay: OutboxRelay,
  ) {}

  async onModuleInit(): Promise<void> {
    this.connection.on('disconnected', (error) =>
      this.logger.warn({ msg: 'broker connection lost; reconnecting', err: error?.message }),
    );
    this.connection.on('connected', () => this.logger.log('broker connected'));
    this.connection.on('error', (error) => this.logger.error({ msg: 'broker connection error', err: error.message }));
    await this.publisher.start();
    await this.connection.start(this.options.startupWaitMs);
    if (this.options.store) this.relay.start();
  }

  /** The relay stops first: rows it has not sent stay in the outbox for the next start. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.publisher.close(this.options.shutdownTimeoutMs);
    await this.connection.close();
  }
}
