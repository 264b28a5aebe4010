import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { connect, type Channel, type ChannelModel } from 'amqplib';
import { FLOW_CONSOLE_CONFIG, type FlowConsoleConfig } from '../flow-console.config';

type Listener = (model: ChannelModel) => Promise<void>;

/**
 * The console's own AMQP connection: it reconnects with backoff (trying every node of a
 * comma-separated AMQP_URL in turn) and runs each `onConnected` set-up again after every reconnect.
 * Start-up never waits for it: the console shows a broker that is away instead of refusing to start.
 */
@Injectable()
export class BrokerConnection implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('BrokerConnection');
  private readonly listeners: Listener[] = [];
  private current?: ChannelModel;
  private closing = false;
  private attempt = 0;

  constructor(@Inject(FLOW_CONSOLE_CONFIG) private readonly config: FlowConsoleConfig) {}

  onModuleInit(): void {
    // Detached on purpose: reconnecting is a loop of its own, and start-up must not wait for a broker.
    void this.connectLoop();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    await this.current?.close().catch(() => undefined);
  }

  get connected(): boolean {
    return this.current !== undefined;
  }

  /** Runs `setUp` now if connected, and after every (re)connect. */
  onConnected(setUp: Listener): void {
    this.listeners.push(setUp);
    if (this.current) void this.runListener(setUp, this.current);
  }

  /** The live connection, or an error saying the broker is away. */
  model(): ChannelModel {
    if (!this.current) throw new BrokerUnavailableError();
    return this.current;
  }

  /** A channel whose errors (a 404 on a passive declare closes it) never crash the process. */
  async channel(): Promise<Channel> {
    const channel = await this.model().createChannel();
    channel.on('error', () => undefined);
    return channel;
  }

  private async connectLoop(): Promise<void> {
    const urls = this.config.AMQP_URL.split(',').map((url) => url.trim());
    while (!this.closing && !this.current) {
      const url = urls[this.attempt % urls.length];
      this.attempt += 1;
      try {
        const model = await connect(url, { clientProperties: { connection_name: 'flow-console' } });
        model.on('error', (error: Error) => this.logger.warn(`broker connection error: ${error.message}`));
        model.on('close', () => {
          this.current = undefined;
          if (!this.closing) {
            this.logger.warn('broker connection closed; reconnecting');
            void this.connectLoop();
          }
        });
        this.current = model;
        this.attempt = 0;
        this.logger.log('connected to the broker');
        for (const listener of this.listeners) await this.runListener(listener, model);
      } catch (error) {
        const delay = Math.min(5_000, 250 * 2 ** Math.min(this.attempt, 5));
        this.logger.warn(`cannot reach the broker (${(error as Error).message}); next try in ${delay} ms`);
        // Unref: a console shutting down must not wait out the backoff.
        await new Promise((resolve) => setTimeout(resolve, delay).unref());
      }
    }
  }

  private async runListener(listener: Listener, model: ChannelModel): Promise<void> {
    try {
      await listener(model);
    } catch (error) {
      this.logger.error(`set-up after connecting failed: ${(error as Error).message}`);
    }
  }
}

/** The broker connection is down right now (503 on the HTTP side). */
export class BrokerUnavailableError extends Error {
  constructor() {
    super('the broker is not reachable right now');
    this.name = 'BrokerUnavailableError';
  }
}
