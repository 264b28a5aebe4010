import type { ConfirmChannel, Message, Options } from 'amqplib';
import { publishConfirmed } from '../publisher/confirm-publish';

export type PublishResult =
  | { status: 'confirmed' }
  | { status: 'returned'; replyCode: number; replyText: string }
  | { status: 'nacked'; error: string };

interface Pending {
  returned?: { replyCode: number; replyText: string };
  settled: Promise<PublishResult>;
}

/**
 * Mandatory publishes on a confirm channel, a bounded number in flight. An unroutable message comes
 * back as `basic.return` *before* the broker's ack for it, so each publish is keyed by its message
 * id (never two in flight with the same id) and a return seen before its confirm marks it returned.
 */
export class ConfirmingPublisher {
  private readonly inFlight = new Map<string, Pending>();

  constructor(
    private readonly channel: ConfirmChannel,
    private readonly window = 50,
  ) {
    channel.on('return', (message: Message) => {
      const pending = this.inFlight.get(keyOf(message.properties.messageId));
      if (pending) {
        const fields = message.fields as unknown as { replyCode?: number; replyText?: string };
        pending.returned = { replyCode: fields.replyCode ?? 312, replyText: fields.replyText ?? 'NO_ROUTE' };
      }
    });
  }

  /**
   * Publishes once there is room; resolves (then) to `settled`, the outcome's promise, which never
   * rejects. The caller decides what to do with the source message when it settles.
   */
  async send(
    exchange: string,
    routingKey: string,
    content: Buffer,
    options: Options.Publish,
  ): Promise<{ settled: Promise<PublishResult> }> {
    const key = keyOf(options.messageId);
    for (;;) {
      const sameKey = this.inFlight.get(key);
      if (sameKey) await sameKey.settled;
      else if (this.inFlight.size >= this.window) await Promise.race([...this.inFlight.values()].map((p) => p.settled));
      else break;
    }
    const pending = {} as Pending;
    pending.settled = new Promise<PublishResult>((resolve) => {
      try {
        publishConfirmed(this.channel, exchange, routingKey, content, { ...options, mandatory: true }, (error) => {
          if (error) resolve({ status: 'nacked', error: error.message });
          else if (pending.returned) resolve({ status: 'returned', ...pending.returned });
          else resolve({ status: 'confirmed' });
        });
      } catch (error) {
        resolve({ status: 'nacked', error: (error as Error).message });
      }
    }).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, pending);
    return { settled: pending.settled };
  }

  /** Waits until every publish has settled. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight.values()].map((p) => p.settled));
  }
}

function keyOf(messageId: unknown): string {
  return typeof messageId === 'string' ? messageId : '';
}
