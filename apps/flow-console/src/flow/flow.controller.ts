import { Controller, Get, Query, Sse, type MessageEvent } from '@nestjs/common';
import { bufferTime, filter, map, merge, Observable, of } from 'rxjs';
import { ServiceHealthPoller } from '../services/service-health';
import { FlowStore, type OrderSummary } from './flow.store';

/** How often a page gets the orders that moved (batched: one message per tick, not per event). */
const TICK_MS = 500;
/** Orders in the page's first paint. */
const FIRST_PAINT = 50;

/** The live view's data: a first snapshot, then SSE updates. */
@Controller('api')
export class FlowController {
  constructor(
    private readonly store: FlowStore,
    private readonly health: ServiceHealthPoller,
  ) {}

  @Get('flow')
  snapshot(@Query('limit') limit?: string) {
    const wanted = Math.min(Math.max(Number.parseInt(limit ?? '', 10) || FIRST_PAINT, 1), 1000);
    return { counts: this.store.counts(), orders: this.store.latest(wanted) };
  }

  /**
   * `flow`: counts and the orders that changed in the last tick; `health`: each poll's services and
   * queues. Every page has its own subscription; a closed page unsubscribes (Nest ends the stream).
   */
  @Sse('stream')
  stream(): Observable<MessageEvent> {
    const flow = this.store.changes.pipe(
      bufferTime(TICK_MS),
      map((changed) => ({ counts: this.store.counts(), orders: latestOfEach(changed) })),
      map((data) => ({ type: 'flow', data }) as MessageEvent),
    );
    const health = this.health.snapshots.pipe(
      filter((snapshot) => snapshot !== undefined),
      map((data) => ({ type: 'health', data }) as MessageEvent),
    );
    return merge(of({ type: 'flow', data: this.snapshot() } as MessageEvent), flow, health);
  }
}

function latestOfEach(changed: OrderSummary[]): OrderSummary[] {
  const byId = new Map<string, OrderSummary>();
  for (const summary of changed) byId.set(summary.orderId, { ...summary, path: [...summary.path] });
  return [...byId.values()];
}
