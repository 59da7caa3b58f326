import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Batcher } from '../../../src/store/batcher.js';

describe('the batcher (group commit)', () => {
  it('writes calls made together in one batch, each caller getting its own result', async () => {
    const batches: number[][] = [];
    const batcher = new Batcher<number, number>(async (items) => {
      batches.push(items);
      return items.map((n) => n * 2);
    });
    assert.deepEqual(await Promise.all([1, 2, 3].map((n) => batcher.add(n))), [2, 4, 6]);
    assert.deepEqual(batches, [[1, 2, 3]]);
  });

  it('when a batch fails, writes each item alone: only the poisoned one fails', async () => {
    const batches: number[][] = [];
    const batcher = new Batcher<number, number>(async (items) => {
      batches.push(items);
      if (items.includes(13)) throw new Error('13 cannot be stored');
      return items.map((n) => n * 2);
    });
    const results = await Promise.allSettled([1, 13, 3].map((n) => batcher.add(n)));
    assert.deepEqual(
      results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message)),
      [2, '13 cannot be stored', 6],
    );
    assert.deepEqual(batches, [[1, 13, 3], [1], [13], [3]]);
  });
});
