import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chunk } from '../../../src/core/brain/write.js';

describe('packing text for the model', () => {
  it('fills chunks up to the size, never splits an item, and cuts one that is too long on its own', () => {
    assert.deepEqual(chunk(['aaaa', 'bbbb', 'cccc'], 9), ['aaaa\nbbbb', 'cccc']);
    assert.deepEqual(chunk(['x'.repeat(12)], 5), ['xxxx…']);
    assert.deepEqual(chunk([], 10), []);
  });
});
