import type { MessageStore } from '../store/message-store';
import type { OutgoingMessage } from '../publisher/outgoing-message';
import type { RabbitPublisher } from '../publisher/rabbit.publisher';
import { waitFor } from '../testing/wait-for';
import { OutboxRelay, type CommittedEvent } from './outbox-relay';
import type { OutboxRecord } from '../store/outbox.store';

const POLL_MS = 300;

function message(seq: number): OutgoingMessage {
  return { exchange: 'x', routingKey: 'order.created', body: Buffer.from('{}'), properties: { messageId: `evt-${seq}`, headers: {} } };
}

function record(seq: number): OutboxRecord {
  return { seq, eventId: `evt-${seq}`, routingKey: 'order.created', body: '{}', properties: JSON.stringify(message(seq).properties), createdAt: new Date(0) };
}

/** A store that holds the lease and reads `nextBatch` for old rows; nothing else does anything. */
function fakeStore(nextBatch: () => Promise<OutboxRecord[]>): MessageStore<unknown> {
  return {
    transaction: async () => undefined,
    inbox: { tryRecord: async () => true, prune: async () => 0 },
    outbox: {
      add: async () => [],
      claimLease: async () => true,
      releaseLease: async () => undefined,
      nextBatch,
      markSent: async () => undefined,
      pruneSent: async () => 0,
      countPending: async () => 0,
    },
  } as MessageStore<unknown>;
}

describe('OutboxRelay (fake store and publisher)', () => {
  it('waits for the next poll when every old row it reads is still being sent by this process', async () => {
    // A broker that takes the publishes but confirms none (blocked): the committing process's own
    // sends stay in flight, and their rows are older than the recovery cut-off.
    const unconfirmed: ((error: Error) => void)[] = [];
    const publisher = {
      ready: true,
      publishMessage: () => new Promise<void>((_, reject) => unconfirmed.push(reject)),
    } as unknown as RabbitPublisher<unknown>;
    const reads: number[] = [];
    const rows = [record(1), record(2), record(3)];
    const store = fakeStore(async () => {
      reads.push(Date.now());
      return rows;
    });
    const relay = new OutboxRelay(store, publisher, { exchange: 'x', pollIntervalMs: POLL_MS, batchSize: rows.length, leaseTtlMs: 60_000, retentionMs: 60_000, recoverAfterMs: 0 });
    relay.start();
    // The first pass is waiting for its lease now; these rows go out directly meanwhile.
    relay.sendCommitted(rows.map((row): CommittedEvent => ({ seq: row.seq, message: message(row.seq) })));
    try {
      await waitFor(() => reads.length >= 2, { timeoutMs: 5_000, what: 'a second recovery pass' });
      // A page of rows skipped as in flight is not a full batch sent: no immediate re-read.
      expect(reads[1] - reads[0]).toBeGreaterThanOrEqual(POLL_MS - 20);
      expect(unconfirmed).toHaveLength(rows.length);
    } finally {
      for (const reject of unconfirmed) reject(new Error('spec over'));
      await relay.stop();
    }
  });

  it('leaves the rows of failed sends for its backoff, instead of resending them all on each new commit', async () => {
    // A broker that refuses every publish (as it returns a mandatory message no queue takes, before
    // the consumers' queues exist): each commit's own send fails, and its rows wait for recovery.
    let attempts = 0;
    const publisher = {
      ready: true,
      publishMessage: () => {
        attempts++;
        return Promise.reject(new Error('unroutable'));
      },
    } as unknown as RabbitPublisher<unknown>;
    const store = fakeStore(async () => []);
    const relay = new OutboxRelay(store, publisher, { exchange: 'x', pollIntervalMs: POLL_MS, batchSize: 100, leaseTtlMs: 60_000, retentionMs: 60_000, recoverAfterMs: 60_000 });
    relay.start();
    const commits = 60;
    try {
      for (let seq = 1; seq <= commits; seq++) {
        relay.sendCommitted([{ seq, message: message(seq) }]);
        await new Promise((resolve) => setImmediate(resolve));
      }
      await waitFor(() => attempts >= commits, { timeoutMs: 5_000, what: 'every commit to try its own send' });
      // Each commit's own try, and a pass or two of the rows handed back: a failing broker must not
      // take a batch's worth of publishes per commit (60 commits would make about 1,800).
      expect(attempts).toBeLessThan(commits * 3);
    } finally {
      await relay.stop();
    }
  });
});
