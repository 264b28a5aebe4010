import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { MessageStore } from '../store/message-store';
import type { OutgoingMessage } from '../publisher/outgoing-message';
import type { RabbitPublisher } from '../publisher/rabbit.publisher';
import { CoalescedWrites } from './coalesced-writes';
import type { OutboxRecord } from '../store/outbox.store';

export interface OutboxRelayOptions {
  /** The exchange every event of this service is published to. */
  exchange: string;
  pollIntervalMs: number;
  batchSize: number;
  leaseTtlMs: number;
  retentionMs: number;
  /**
   * How old an unsent row must be before the relay sends it: younger rows belong to the process
   * that committed them, which sends them itself.
   */
  recoverAfterMs: number;
}

/** A committed outbox row and the message it holds. */
export interface CommittedEvent {
  seq: number;
  message: OutgoingMessage;
}

const MAX_RETRY_DELAY_MS = 5_000;

/**
 * How long confirmed rows wait to be marked sent together. At a low rate each confirm would cost a
 * commit of its own; a row waiting here is in `sending`, so recovery leaves it alone, and a crash
 * meanwhile only means it is sent again (absorbed by the consumer's inbox).
 */
const MARK_LINGER_MS = 200;

/**
 * Sends the outbox. The process that commits rows sends them itself, right after the commit
 * (`sendCommitted`): no poll on the hot path, many confirms in flight, and the marks of rows sent
 * meanwhile written together in one statement. The relay loop is the recovery path: it sends, in
 * `seq` order and with confirms, rows older than `recoverAfterMs` that are still unsent (a crash
 * between commit and confirm, a broker outage, a row written outside `Outbox.transaction`) and
 * the ones whose own send failed. A database lease makes one instance of a service the
 * recovering sender at a time. Every row is marked sent only after its confirm; a row that is
 * sent twice (its mark lost with a crash) is absorbed by the consumers' inbox.
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
  /** Rows this process is sending now: the recovery pass leaves them alone. */
  private readonly sending = new Set<number>();
  /** Rows whose send after commit failed; the next pass sends them first. */
  private handedBack: CommittedEvent[] = [];
  private readonly directSends = new Set<Promise<void>>();
  private readonly marks: CoalescedWrites<number>;

  constructor(
    private readonly store: MessageStore<unknown>,
    private readonly publisher: RabbitPublisher<unknown>,
    private readonly options: OutboxRelayOptions,
  ) {
    this.marks = new CoalescedWrites((seqs) => this.store.outbox.markSent(seqs, new Date()), MARK_LINGER_MS);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /**
   * Wakes the recovery pass now rather than at the next poll, unless it is backing off after
   * failed passes: then what it would send waits for its next try. Waking it on each failed send
   * would resend every row handed back for every new commit while the broker refuses them (a
   * batch's worth of publishes per request).
   */
  nudge(): void {
    if (this.failures > 0) return;
    this.nudged = true;
    this.wake?.();
  }

  /** Rows a transaction of this process just committed: publish them now, mark them sent on their confirms. */
  sendCommitted(events: readonly CommittedEvent[]): void {
    if (events.length === 0) return;
    if (!this.running || !this.publisher.ready) {
      // No broker (or stopping): the rows are safe in the outbox, and recovery sends them.
      this.handBack(events);
      return;
    }
    const sent = this.send(events).then(
      ({ failed }) => this.handBack(failed),
      () => this.nudge(),
    );
    this.directSends.add(sent);
    void sent.finally(() => this.directSends.delete(sent));
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await Promise.allSettled([...this.directSends]);
    if (this.leaseUntil > 0) await this.store.outbox.releaseLease(this.owner).catch(() => undefined);
  }

  /**
   * Keeps rows whose send failed for the next pass, up to one batch: past that (a long broker
   * outage while requests keep committing) they wait in the table only, and recovery sends them.
   */
  private handBack(events: readonly CommittedEvent[]): void {
    if (events.length === 0) return;
    const room = this.options.batchSize - this.handedBack.length;
    if (room > 0) this.handedBack.push(...events.slice(0, room));
    this.nudge();
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
        // A nudge that came while this pass failed does not cut its backoff short.
        this.nudged = false;
        // Capped low: rows committed before an outage must go out within seconds of its end.
        delay = Math.min(this.options.pollIntervalMs * 2 ** this.failures, MAX_RETRY_DELAY_MS);
        // The first failure of a run says why; the rest of an outage would only repeat it.
        if (this.failures === 1) this.logger.warn({ msg: 'outbox relay pass failed; retrying with backoff', err: error, retryInMs: delay });
      }
      if (delay > 0 && this.running) await this.sleep(delay);
    }
  }

  /** One recovery pass: this process's failed sends, then (holding the lease) old unsent rows. Returns rows sent. */
  private async pass(): Promise<number> {
    this.nudged = false;
    if (!this.publisher.ready) return 0;
    const own = this.handedBack.splice(0);
    if (own.length > 0) {
      const { failed, error } = await this.send(own);
      if (failed.length > 0) {
        this.handedBack = [...failed, ...this.handedBack].slice(0, this.options.batchSize);
        throw error;
      }
    }
    const now = Date.now();
    if (now > this.leaseUntil - this.options.leaseTtlMs / 2) {
      const held = await this.store.outbox.claimLease(this.owner, this.options.leaseTtlMs);
      this.leaseUntil = held ? now + this.options.leaseTtlMs : 0;
      if (!held) return own.length;
    }
    if (now >= this.nextPruneAt) await this.prune(now);
    const rows = await this.store.outbox.nextBatch(this.options.batchSize, new Date(now - this.options.recoverAfterMs));
    const batch = rows.filter((row) => !this.sending.has(row.seq)).map((row) => ({ seq: row.seq, message: this.toMessage(row) }));
    if (batch.length > 0) {
      const { error } = await this.send(batch);
      if (error !== undefined) throw error;
    }
    // What was sent, not what was read: rows still in this process's own sends are skipped, and
    // counting them would make a page of them look like a full batch and the loop re-read at once.
    return own.length + batch.length;
  }

  /**
   * Publishes in order on the publisher's one channel with all confirms in flight and marks the
   * confirmed rows sent; returns the ones not confirmed, with the first failure. A failed mark
   * throws: those rows stay unsent in the table and recovery sends them again.
   */
  private async send(events: readonly CommittedEvent[]): Promise<{ failed: CommittedEvent[]; error?: unknown }> {
    for (const event of events) this.sending.add(event.seq);
    try {
      const results = await Promise.allSettled(events.map((event) => this.publisher.publishMessage(event.message)));
      const confirmed = events.filter((_, i) => results[i].status === 'fulfilled').map((event) => event.seq);
      if (confirmed.length > 0) await this.marks.write(confirmed);
      const failed = events.filter((_, i) => results[i].status === 'rejected');
      const rejection = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      return { failed, error: rejection?.reason };
    } finally {
      for (const event of events) this.sending.delete(event.seq);
    }
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
