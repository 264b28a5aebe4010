/**
 * One write at a time for items that arrive while one runs or lingers: they go together in the next
 * write, so a burst of confirms costs one statement rather than one per row. A write waits
 * `lingerMs` before it starts, to gather the items of a slow trickle too. `write` resolves (or
 * rejects) with the write that carried its items.
 */
export class CoalescedWrites<T> {
  private next: { items: T[]; done: Promise<void> } | undefined;
  private previous: Promise<void> = Promise.resolve();

  constructor(
    private readonly flush: (items: T[]) => Promise<void>,
    private readonly lingerMs = 0,
  ) {}

  write(items: readonly T[]): Promise<void> {
    if (!this.next) {
      const batch: { items: T[]; done: Promise<void> } = { items: [], done: Promise.resolve() };
      const lingered = this.lingerMs > 0 ? new Promise<void>((resolve) => setTimeout(resolve, this.lingerMs)) : Promise.resolve();
      batch.done = Promise.all([this.previous, lingered]).then(() => {
        // From here on, new items start the batch after this one.
        if (this.next === batch) this.next = undefined;
        return this.flush(batch.items);
      });
      this.previous = batch.done.catch(() => undefined);
      this.next = batch;
    }
    this.next.items.push(...items);
    return this.next.done;
  }
}
