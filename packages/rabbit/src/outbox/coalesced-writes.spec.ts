import { CoalescedWrites } from './coalesced-writes';

describe('CoalescedWrites', () => {
  it('writes the items that arrive while it lingers in one go, and resolves each caller with that write', async () => {
    const writes: number[][] = [];
    const marks = new CoalescedWrites<number>(async (items) => void writes.push(items), 20);
    const callers = [marks.write([1]), marks.write([2, 3])];
    await new Promise((resolve) => setTimeout(resolve, 5));
    callers.push(marks.write([4]));
    await Promise.all(callers);
    expect(writes).toEqual([[1, 2, 3, 4]]);
  });

  it('runs one write at a time: items arriving during a write go in the next one', async () => {
    const writes: number[][] = [];
    let release!: () => void;
    const first = new Promise<void>((resolve) => (release = resolve));
    const marks = new CoalescedWrites<number>(async (items) => {
      writes.push(items);
      if (writes.length === 1) await first;
    });
    const a = marks.write([1]);
    await new Promise((resolve) => setImmediate(resolve));
    const b = marks.write([2]);
    const c = marks.write([3]);
    expect(writes).toEqual([[1]]);
    release();
    await Promise.all([a, b, c]);
    expect(writes).toEqual([[1], [2, 3]]);
  });

  it('rejects the callers of a failed write and goes on with the next', async () => {
    let fail = true;
    const written: number[][] = [];
    const marks = new CoalescedWrites<number>(async (items) => {
      if (fail) throw new Error('database away');
      written.push(items);
    });
    await expect(marks.write([1])).rejects.toThrow('database away');
    fail = false;
    await expect(marks.write([2])).resolves.toBeUndefined();
    expect(written).toEqual([[2]]);
  });
});
