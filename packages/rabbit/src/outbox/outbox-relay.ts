import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { MessageStore } from '../inbox/inbox.store';
import type { OutgoingMessage } from '../publisher/outgoing-message';
import type { RabbitPublisher } from '../publisher/rabbit.publisher';
import type { OutboxRecord } from './outbox.store';

export interface OutboxRelayOptions {
  /** The exchange every event of this service is published to. */
  exchange: string;
  pollIntervalMs: number;
  batchSize: number;
  leaseTtlMs: number;
  retentionMs: number;
}

const MAX_RETRY_DELAY_MS = 5_000;

/**
 * Sends outbox rows in `seq` order with publisher confirms and marks each sent only after its
 * confirm. A database lease makes one instance of a service the sender at a time, so two
 * instances never both send a row. A commit wakes it at once; a slow poll covers the rest.
 */
export class OutboxRelay {
  private readonly logger = new Logger('OutboxRelay');
  private readonly owner = `${process.pid}-${randomUUID()}`;
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private nudged = false;
  private leaseUntil = 0;
  private nextPruneAt = 0;
  private failures = 0;

  constructor(
    private readonly store: MessageStore<unknown>,
    private readonly publisher: RabbitPublisher<unknown>,
    private readonly options: OutboxRelayOptions,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Called after a commit that wrote outbox rows: send them now rather than at the next poll. */
  nudge(): void {
    this.nudged = true;
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    if (this.leaseUntil > 0) await this.store.outbox.releaseLease(this.owner).catch(() => undefined);
  }

  private async run(): Promise<void> {
    while (this.running) {
      let delay = this.options.pollIntervalMs;
      try {
        const sent = await this.pass();
        if (this.failures > 0) this.logger.log({ msg: `outbox relay running again after ${this.failures} failed passes` });
        this.failures = 0;
        if (sent === this.options.batchSize || this.nudged) delay = 0;
      } catch (error) {
        this.failures++;
        // Capped low: rows committed before an outage must go out within seconds of its end.
        delay = Math.min(this.options.pollIntervalMs * 2 ** this.failures, MAX_RETRY_DELAY_MS);
        // The first failure of a run says why; the rest of an outage would only repeat it.
        if (this.failures === 1) this.logger.warn({ msg: 'outbox relay pass failed; retrying with backoff', err: error, retryInMs: delay });
      }
      if (delay > 0 && this.running) await this.sleep(delay);
    }
  }

  /** One pass: hold the lease, send a batch, mark what was confirmed. Returns rows sent. */
  private async pass(): Promise<number> {
    this.nudged = false;
    if (!this.publisher.ready) return 0;
    const now = Date.now();
    if (now > this.leaseUntil - this.options.leaseTtlMs / 2) {
      const held = await this.store.outbox.claimLease(this.owner, this.options.leaseTtlMs);
      this.leaseUntil = held ? now + this.options.leaseTtlMs : 0;
      if (!held) return 0;
    }
    if (now >= this.nextPruneAt) await this.prune(now);
    const batch = await this.store.outbox.nextBatch(this.options.batchSize);
    if (batch.length === 0) return 0;
    // One channel keeps publish order; confirms for the whole batch are awaited together.
    const results = await Promise.allSettled(batch.map((record) => this.publisher.publishMessage(this.toMessage(record))));
    const confirmed = batch.filter((_, i) => results[i].status === 'fulfilled').map((r) => r.seq);
    if (confirmed.length > 0) await this.store.outbox.markSent(confirmed, new Date());
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    return batch.length;
  }

  private async prune(now: number): Promise<void> {
    const before = new Date(now - this.options.retentionMs);
    await this.store.outbox.pruneSent(before);
    await this.store.inbox.prune(before);
    this.nextPruneAt = now + 60_000;
  }

  private toMessage(record: OutboxRecord): OutgoingMessage {
    const properties = JSON.parse(record.properties) as OutgoingMessage['properties'];
    return { exchange: this.options.exchange, routingKey: record.routingKey, body: Buffer.from(record.body), properties };
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
      if (this.nudged) done();
    });
  }
}
