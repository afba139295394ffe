import { describe, expect, it } from 'vitest';
import { SerialQueue } from './serial-queue.ts';

describe('SerialQueue', () => {
  it('runs tasks in arrival order even when earlier ones are slower, and survives failures', async () => {
    const q = new SerialQueue();
    const order: number[] = [];
    const delays = [30, 0, 10, 0];
    const runs = delays.map((ms, i) =>
      q.run(async () => {
        await new Promise((r) => setTimeout(r, ms));
        order.push(i);
        if (i === 1) throw new Error('boom');
        return i;
      }),
    );
    const settled = await Promise.allSettled(runs);
    expect(order).toEqual([0, 1, 2, 3]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    await q.drain();
    expect(q.size).toBe(0);
  });
});
