import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatQuietHours, isQuiet, parseQuietHours, startOfLocalDay } from '../../../src/core/quiet-hours.js';

describe('quiet hours', () => {
  it('parses windows and rejects nonsense', () => {
    assert.deepEqual(parseQuietHours('22:00-08:00'), { from: 1320, to: 480 });
    assert.deepEqual(parseQuietHours('9:30-17:00'), { from: 570, to: 1020 });
    for (const bad of ['22-08', '25:00-08:00', '22:00-22:00', '22:00', '22:00-08:00-09:00', '22:60-08:00']) {
      assert.equal(parseQuietHours(bad), undefined, bad);
    }
    assert.equal(formatQuietHours({ from: 1320, to: 480 }), '22:00-08:00');
  });

  it('wraps past midnight in the channel time zone', () => {
    const night = parseQuietHours('22:00-08:00');
    assert.ok(night);
    // 23:30 in Berlin (UTC+1 in November) is 22:30 UTC.
    assert.equal(isQuiet(new Date('2026-11-23T22:30:00Z'), night, 'Europe/Berlin'), true);
    assert.equal(isQuiet(new Date('2026-11-23T22:30:00Z'), night, 'America/New_York'), false);
    assert.equal(isQuiet(new Date('2026-11-23T06:59:00Z'), night, 'Europe/Berlin'), true);
    assert.equal(isQuiet(new Date('2026-11-23T07:00:00Z'), night, 'Europe/Berlin'), false);
  });

  it('handles a daytime window', () => {
    const day = parseQuietHours('12:00-13:00');
    assert.ok(day);
    assert.equal(isQuiet(new Date('2026-11-23T12:15:00Z'), day, 'UTC'), true);
    assert.equal(isQuiet(new Date('2026-11-23T13:00:00Z'), day, 'UTC'), false);
  });

  it('finds local midnight', () => {
    assert.equal(
      startOfLocalDay(new Date('2026-11-23T15:45:12.345Z'), 'UTC').toISOString(),
      '2026-11-23T00:00:00.000Z',
    );
    assert.equal(
      startOfLocalDay(new Date('2026-11-23T00:30:00Z'), 'Europe/Berlin').toISOString(),
      '2026-11-22T23:00:00.000Z',
    );
  });
});
