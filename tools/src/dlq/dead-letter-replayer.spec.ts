import { replayDeadLetters, type ReplayProgress } from '@ecom/rabbit/dlq';
import { RabbitHeader } from '@ecom/rabbit';
import { createFixture, seedDeadLetter, takeMessages, waitForCount, type Fixture } from './dlq.test-support';

describe('replayDeadLetters, many messages in flight', () => {
  let fixture: Fixture;
  const total = 250;

  beforeAll(async () => {
    fixture = await createFixture('bulk');
    for (let index = 0; index < total; index += 1) {
      // Every 10th cannot be routed; a few ids repeat, so copies with one id must not overlap in flight.
      seedDeadLetter(fixture, {
        id: index % 50 === 1 ? `bulk-${index - 1}` : `bulk-${index}`,
        routingKey: index % 10 === 7 ? 'nobody.listens.here' : 'order.created',
        extraHeaders: { 'test-index': index },
      });
    }
    await waitForCount(fixture, fixture.dlq, total);
  });

  afterAll(async () => {
    await fixture?.cleanup();
  });

  it('dry run: counts without moving anything', async () => {
    const report = await replayDeadLetters(fixture.model, fixture.dlq, { all: true }, { dryRun: true });
    expect(report).toMatchObject({ dryRun: true, wouldReplay: total, replayed: 0, failed: 0, skipped: 0 });
    await waitForCount(fixture, fixture.dlq, total);
  });

  it('replays the routable ones, keeps exactly the unroutable ones, reports progress', async () => {
    const progress: ReplayProgress[] = [];
    const report = await replayDeadLetters(
      fixture.model,
      fixture.dlq,
      { all: true },
      { window: 16, onProgress: (p) => progress.push(p), now: () => new Date('2025-02-03T04:05:06.000Z') },
    );
    const unroutable = Array.from({ length: total }, (_, index) => index).filter((index) => index % 10 === 7);
    expect(report.failed).toBe(unroutable.length);
    expect(report.replayed).toBe(total - unroutable.length);
    expect(report.skipped).toBe(0);
    expect(report.outcomes.filter((o) => o.status === 'failed').every((o) => o.routingKey === 'nobody.listens.here')).toBe(true);
    expect(progress.map((p) => p.scanned)).toEqual([100, 200, total]);
    expect(progress[progress.length - 1]).toMatchObject({ total, replayed: report.replayed, failed: report.failed });

    const copies = await takeMessages(fixture, fixture.target, report.replayed);
    const indexes = copies.map((copy) => (copy.properties.headers as Record<string, unknown>)['test-index'] as number);
    expect(new Set(indexes).size).toBe(report.replayed);
    expect(indexes.some((index) => index % 10 === 7)).toBe(false);
    for (const copy of copies) {
      const headers = copy.properties.headers as Record<string, unknown>;
      expect(headers[RabbitHeader.ReplayedAt]).toBe('2025-02-03T04:05:06.000Z');
      expect(headers[RabbitHeader.Attempt]).toBe(1);
    }

    await waitForCount(fixture, fixture.dlq, unroutable.length);
    const left = await takeMessages(fixture, fixture.dlq, unroutable.length);
    const leftIndexes = left.map((m) => (m.properties.headers as Record<string, unknown>)['test-index'] as number);
    expect([...leftIndexes].sort((a, b) => a - b)).toEqual(unroutable);
    // What stayed is untouched: still the failure headers of its dead-lettering.
    expect((left[0].properties.headers as Record<string, unknown>)[RabbitHeader.DeathReason]).toBe('invalid-schema');
  });
});
