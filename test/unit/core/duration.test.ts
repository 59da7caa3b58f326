import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDuration, parseDuration } from '../../../src/core/duration.js';

describe('durations', () => {
  it('parses what people type', () => {
    assert.equal(parseDuration('90s'), 90_000);
    assert.equal(parseDuration('15m'), 900_000);
    assert.equal(parseDuration('2h'), 7_200_000);
    assert.equal(parseDuration('1d'), 86_400_000);
    assert.equal(parseDuration('1h30m'), 5_400_000);
    assert.equal(parseDuration(' 2H '), 7_200_000);
    assert.equal(parseDuration('1w'), 604_800_000);
  });

  it('rejects what is not a positive duration', () => {
    for (const bad of ['', 'h', '2', '2x', '-1h', '0s', '1.5h', 'soon', '1h 30m']) {
      assert.equal(parseDuration(bad), undefined, bad);
    }
  });

  it('formats the shortest exact spelling', () => {
    assert.equal(formatDuration(5_400_000), '1h30m');
    assert.equal(formatDuration(86_400_000), '1d');
    assert.equal(formatDuration(90_000), '1m30s');
    assert.equal(formatDuration(500), '500ms');
    for (const text of ['90s', '2h', '1d2h3m4s'])
      assert.equal(parseDuration(formatDuration(parseDuration(text) ?? 0)), parseDuration(text));
  });
});
