import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseShortId, shortId } from '../../../src/core/ledger-entry.js';
import { canMove, finalStatuses, ZStatus } from '../../../src/core/lifecycle.js';

describe('the action lifecycle', () => {
  it('allows the documented paths', () => {
    const paths = [
      ['proposed', 'pending', 'approved', 'executing', 'executed', 'undone'],
      ['proposed', 'approved', 'executing', 'failed'],
      ['proposed', 'pending', 'rejected'],
      ['proposed', 'pending', 'pending', 'expired'],
      ['proposed', 'denied'],
    ] as const;
    for (const path of paths) {
      for (let i = 1; i < path.length; i++)
        assert.ok(canMove(path[i - 1] as never, path[i] as never), `${path[i - 1]} → ${path[i]}`);
    }
  });

  it('never leaves a final state and never skips approval or execution', () => {
    for (const final of finalStatuses)
      for (const to of ZStatus.options) assert.equal(canMove(final, to), false, `${final} → ${to}`);
    assert.equal(canMove('pending', 'executing'), false);
    assert.equal(canMove('denied', 'approved'), false);
    assert.equal(canMove('approved', 'executed'), false);
  });

  it('short ids', () => {
    assert.equal(shortId(42), 'A-42');
    assert.equal(parseShortId('A-42'), 42);
    assert.equal(parseShortId('a42'), 42);
    assert.equal(parseShortId('42'), 42);
    assert.equal(parseShortId('A-'), undefined);
    assert.equal(parseShortId('B-4'), undefined);
  });
});
