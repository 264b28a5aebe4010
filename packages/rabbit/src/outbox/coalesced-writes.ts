/**
 * One write at a time for items that arrive while one runs: they wait and go together in the next
 * write, so a burst of confirms costs one statement rather than one per row. `write` resolves
 * (or rejects) with the write that carried its items.
 */
export class CoalescedWrites<T> {
  private next: { items: T[]; done: Promise<void> } | undefined;
  private previous: Promise<void> = Promise.resolve();

  constructor(private readonly flush: (items: T[]) => Promise<void>) {}

  write(items: readonly T[]): Promise<void> {
    if (!this.next) {
      const batch: { items: T[]; done: Promise<void> } = { items: [], done: Promise.resolve() };
      batch.done = this.previous.then(() => {
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
