import type { ChannelModel, GetMessage } from 'amqplib';
import { awaitReadyCount, checkQueueExists, closeQuietly, openChannel, openConfirmChannel } from './channels';
import { ConfirmingPublisher } from './confirming-publisher';
import { replayPublishOptions, replayTargetOf } from './replay-message';

export type ReplaySelection = { all: true } | { ids: readonly string[] };

export type ReplayStatus = 'replayed' | 'would-replay' | 'skipped' | 'failed';

export interface ReplayOutcome {
  position: number;
  messageId?: string;
  exchange?: string;
  routingKey?: string;
  status: ReplayStatus;
  /** Why it was skipped or failed. */
  detail?: string;
}

export interface ReplayProgress {
  scanned: number;
  /** Messages in the queue when the replay started (the most it will look at). */
  total: number;
  replayed: number;
  skipped: number;
  failed: number;
}

export interface ReplayOptions {
  dryRun?: boolean;
  /** Look at no more than this many messages. Default: every message in the queue at the start. */
  limit?: number;
  /** Publishes awaiting their confirm at once. */
  window?: number;
  now?: () => Date;
  /** Called every `progressEvery` messages looked at, and once at the end. */
  onProgress?: (progress: ReplayProgress) => void;
  progressEvery?: number;
}

export interface ReplayReport {
  queue: string;
  dryRun: boolean;
  outcomes: ReplayOutcome[];
  replayed: number;
  /** Would be replayed (dry run). */
  wouldReplay: number;
  skipped: number;
  failed: number;
  /** Requested ids that no message in the queue has. */
  notFound: string[];
}

/**
 * Sends selected dead-lettered messages back to the exchange and routing key they failed on.
 *
 * Each message is taken with `basic.get` (unacked), republished on a confirm channel as mandatory,
 * and acked in the DLQ only once the broker confirmed the copy: a crash in between leaves the
 * message in the DLQ (at worst it is delivered twice, which the consumers' inbox absorbs). A copy
 * that no queue would take (basic.return), or that the broker nacks, leaves the message where it
 * was. Messages not selected, skipped or failed stay unacked until the end and are then given back
 * by closing the channel, so they are neither fetched twice nor moved.
 *
 * Only the messages present at the start are looked at, so a replayed message that fails again
 * straight away and comes back to this DLQ is not replayed a second time in the same run.
 */
export async function replayDeadLetters(
  model: ChannelModel,
  queue: string,
  selection: ReplaySelection,
  options: ReplayOptions = {},
): Promise<ReplayReport> {
  const dryRun = options.dryRun ?? false;
  const now = options.now ?? (() => new Date());
  const progressEvery = options.progressEvery ?? 100;
  const { messageCount } = await checkQueueExists(model, queue);
  const total = Math.min(options.limit ?? Number.POSITIVE_INFINITY, messageCount);
  const wanted = 'ids' in selection ? new Set(selection.ids) : undefined;
  const found = new Set<string>();
  const outcomes: ReplayOutcome[] = [];
  const counts = { replayed: 0, skipped: 0, failed: 0 };
  let scanned = 0;
  const progress = (): void => options.onProgress?.({ scanned, total, ...counts });

  // Every ack (or failure record) that follows a confirm; the channel closes only after all ran.
  const settling: Promise<void>[] = [];
  const source = await openChannel(model);
  const confirmChannel = dryRun ? undefined : await openConfirmChannel(model);
  const publisher = confirmChannel ? new ConfirmingPublisher(confirmChannel, options.window) : undefined;
  try {
    while (scanned < total) {
      const message = await source.get(queue, { noAck: false });
      if (!message) break;
      scanned += 1;
      if (scanned % progressEvery === 0) progress();
      const messageId = typeof message.properties.messageId === 'string' ? message.properties.messageId : undefined;
      if (wanted && !(messageId !== undefined && wanted.has(messageId))) continue;
      if (messageId !== undefined) found.add(messageId);

      const outcome: ReplayOutcome = { position: scanned, messageId, status: 'skipped' };
      outcomes.push(outcome);
      const target = replayTargetOf(message);
      if (!target.ok) {
        outcome.detail = target.reason;
        counts.skipped += 1;
        continue;
      }
      outcome.exchange = target.exchange;
      outcome.routingKey = target.routingKey;
      if (!publisher) {
        outcome.status = 'would-replay';
        continue;
      }
      const { done } = await replayOne(publisher, source, message, target, now(), outcome, counts);
      settling.push(done);
    }
    await publisher?.drain();
    await Promise.all(settling);
    progress();
  } finally {
    // Everything still unacked (not selected, skipped, failed) goes back with the channel, in its
    // order; a nack-requeue would move it behind the rest of a quorum queue. Close it only after
    // every confirmed copy's original was acked, or a replayed message would stay in the DLQ too.
    await publisher?.drain();
    await Promise.all(settling);
    await closeQuietly(source);
    await closeQuietly(confirmChannel);
  }
  await awaitReadyCount(model, queue, messageCount - counts.replayed);
  return {
    queue,
    dryRun,
    outcomes,
    ...counts,
    wouldReplay: outcomes.filter((o) => o.status === 'would-replay').length,
    notFound: wanted ? [...wanted].filter((id) => !found.has(id)) : [],
  };
}

async function replayOne(
  publisher: ConfirmingPublisher,
  source: { ack(message: GetMessage): void },
  message: GetMessage,
  target: { exchange: string; routingKey: string },
  now: Date,
  outcome: ReplayOutcome,
  counts: { replayed: number; failed: number },
): Promise<{ done: Promise<void> }> {
  const { settled } = await publisher.send(target.exchange, target.routingKey, message.content, replayPublishOptions(message, now));
  // Wrapped: awaiting a bare promise of a promise would wait for the confirm, one message at a time.
  const done = settled.then((result) => {
    if (result.status === 'confirmed') {
      try {
        source.ack(message);
      } catch (error) {
        // The copy is out; the original comes back with the channel. A second replay duplicates it.
        outcome.status = 'failed';
        outcome.detail = `replayed, but could not remove it from the DLQ: ${(error as Error).message}`;
        counts.failed += 1;
        return;
      }
      outcome.status = 'replayed';
      counts.replayed += 1;
      return;
    }
    outcome.status = 'failed';
    outcome.detail =
      result.status === 'returned'
        ? `unroutable: no queue is bound to '${target.routingKey}' on '${target.exchange || '(default)'}' (${result.replyCode} ${result.replyText})`
        : `broker refused the copy: ${result.error}`;
    counts.failed += 1;
  });
  return { done };
}

