import { EventEmitter } from 'node:events';
import { connect, type ChannelModel } from 'amqplib';
import { backoffDelay } from './backoff';
import { coalesceFrameWrites } from './coalesce-frame-writes';

export interface AmqpConnectionOptions {
  /**
   * The broker: one `amqp://` URL, or the nodes of a cluster as a list (or one comma-separated
   * string). A lost or refused connection moves on to the next node.
   */
  url: string | readonly string[];
  /** Shown in the broker's management UI, so an operator can tell the services apart. */
  connectionName: string;
  initialReconnectDelayMs?: number;
  maxReconnectDelayMs?: number;
  heartbeatSeconds?: number;
  /** TLS material for `amqps://` URLs (handed to `tls.connect`); ignored for `amqp://`. */
  tls?: AmqpTlsOptions;
}

/** A private CA to trust, and a client certificate and key for brokers that verify peers (PEM). */
export interface AmqpTlsOptions {
  /** The CA that signed the broker's certificate, when it is not one the system trusts. */
  ca?: string | Buffer;
  /** The client certificate, for a broker that verifies peers (`verify_peer`). */
  cert?: string | Buffer;
  /** The client certificate's private key. */
  key?: string | Buffer;
  /** The key's passphrase, when it is encrypted. */
  passphrase?: string;
}

/** A set-up step run on every (re)connection, in registration order: declare topology, consume. */
export type ConnectionSetup = (connection: ChannelModel) => Promise<void>;

export interface AmqpConnectionEvents {
  connected: [ChannelModel];
  disconnected: [Error | undefined];
  error: [Error];
}

/**
 * One AMQP connection that stays up: it reconnects with backoff after any loss and re-runs its
 * set-up steps, so channels, topology and consumers come back with it.
 */
export class AmqpConnection extends EventEmitter<AmqpConnectionEvents> {
  private current: ChannelModel | undefined;
  private readonly setups: ConnectionSetup[] = [];
  private closing = false;
  private attempt = 0;
  private readonly urls: readonly string[];
  /** Which of `urls` the next connection attempt goes to. */
  private node = 0;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private firstOutcome: Promise<void>;
  private settleFirst!: (error?: Error) => void;

  constructor(private readonly options: AmqpConnectionOptions) {
    super();
    this.urls = brokerUrls(options.url);
    this.firstOutcome = new Promise<void>((resolve, reject) => {
      this.settleFirst = (error) => (error ? reject(error) : resolve());
    });
    // Only `fatal` set-up errors reject it; nobody may be awaiting it yet.
    this.firstOutcome.catch(() => undefined);
  }

  get connected(): boolean {
    return this.current !== undefined;
  }

  /** The node the live connection goes to (its URL without credentials), or undefined while down. */
  get connectedTo(): string | undefined {
    return this.current ? redact(this.urls[this.node % this.urls.length]) : undefined;
  }

  /** The live connection, or undefined while down. */
  get connection(): ChannelModel | undefined {
    return this.current;
  }

  /**
   * Adds a set-up step; runs it now too if already connected. Only a {@link FatalSetupError}
   * escapes: any other failure means the connection is going away (a broker restart, a closed
   * connection), and the loop runs every step again once it is back.
   */
  async addSetup(setup: ConnectionSetup): Promise<void> {
    this.setups.push(setup);
    const connection = this.current;
    if (!connection) return;
    try {
      await setup(connection);
    } catch (error) {
      if (error instanceof FatalSetupError) throw error;
      this.report(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /**
   * Starts connecting in the background. Resolves after the first connection and its set-up
   * succeeded, or after `waitMs` while the broker is still unreachable (the loop keeps trying).
   * Rejects when a set-up step fails with a {@link FatalSetupError}, such as a topology mismatch.
   */
  async start(waitMs = 5_000): Promise<void> {
    this.loop ??= this.run();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)));
    try {
      await Promise.race([this.firstOutcome, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Resolves once connected (or rejects after `timeoutMs`). */
  async waitUntilConnected(timeoutMs: number): Promise<ChannelModel> {
    if (this.current) return this.current;
    return new Promise<ChannelModel>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off('connected', onConnected);
        reject(new Error(`no broker connection within ${timeoutMs} ms`));
      }, timeoutMs);
      const onConnected = (connection: ChannelModel): void => {
        clearTimeout(timer);
        resolve(connection);
      };
      this.once('connected', onConnected);
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    this.wake?.();
    const connection = this.current;
    this.current = undefined;
    if (connection) await connection.close().catch(() => undefined);
    await this.loop;
  }

  /** 'error' without a listener would throw; before anyone listens, errors surface through start(). */
  private report(error: Error): void {
    if (this.listenerCount('error') > 0) this.emit('error', error);
  }

  private async run(): Promise<void> {
    while (!this.closing) {
      let connection: ChannelModel | undefined;
      try {
        connection = await connect(withHeartbeat(this.urls[this.node % this.urls.length], this.options.heartbeatSeconds ?? 10), {
          // amqplib leaves Nagle's algorithm on otherwise: ~20 ms per small message on loopback.
          noDelay: true,
          clientProperties: { connection_name: this.options.connectionName },
          ...this.options.tls,
        });
        const lost = new Promise<Error | undefined>((resolve) => {
          connection?.once('close', (error?: Error) => resolve(error));
        });
        // amqplib emits 'error' before 'close'; without a listener it would crash the process.
        connection.on('error', (error: Error) => this.report(error));
        coalesceFrameWrites(connection);
        for (const setup of this.setups) await setup(connection);
        if (this.closing) break;
        this.current = connection;
        this.attempt = 0;
        this.emit('connected', connection);
        this.settleFirst();
        const error = await lost;
        this.current = undefined;
        if (this.closing) break;
        this.emit('disconnected', error);
      } catch (error) {
        const failure = error instanceof Error ? error : new Error(String(error));
        if (connection) await connection.close().catch(() => undefined);
        if (failure instanceof FatalSetupError) {
          // A declaration the broker refuses needs an operator, not retries: stop here.
          this.closing = true;
          this.settleFirst(failure.cause as Error);
          this.report(failure.cause as Error);
          break;
        } else {
          this.emit('disconnected', failure);
        }
      }
      if (this.closing) break;
      // Next node: a cluster member that went away is the likeliest reason we are here. The
      // backoff grows per round over all nodes, so a failover to a live node is immediate.
      this.node++;
      const round = Math.floor(this.attempt++ / this.urls.length);
      const delay =
        this.attempt % this.urls.length !== 0 && this.urls.length > 1
          ? 0
          : backoffDelay(round, this.options.initialReconnectDelayMs ?? 250, this.options.maxReconnectDelayMs ?? 10_000);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }
}

/** Wraps a set-up failure that retrying will not fix; `start()` rejects with its cause. */
export class FatalSetupError extends Error {
  constructor(cause: Error) {
    super(cause.message, { cause });
    this.name = 'FatalSetupError';
  }
}

/** The broker URLs of `url`: a list, or a comma-separated string (`AMQP_URL=amqp://a,amqp://b`). */
export function brokerUrls(url: string | readonly string[]): string[] {
  const urls = (typeof url === 'string' ? url.split(',') : [...url]).map((u) => u.trim()).filter(Boolean);
  if (urls.length === 0) throw new Error('no broker URL given');
  return urls;
}

function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//');
}

/** amqplib reads the heartbeat from the URL; an explicit one in the URL wins. */
function withHeartbeat(url: string, seconds: number): string {
  if (/[?&]heartbeat=/.test(url)) return url;
  return `${url}${url.includes('?') ? '&' : '?'}heartbeat=${seconds}`;
}
