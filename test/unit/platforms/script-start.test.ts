import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scriptStart } from '../../../src/platforms/local/script.js';

describe("a script's own start time (/start-at on its first line)", () => {
  it('is read before anything but comments and blank lines', () => {
    assert.deepEqual(
      scriptStart('# a demo\n\n/start-at 2026-11-23T09:00:00Z\n/user bob\n'),
      new Date('2026-11-23T09:00:00Z'),
    );
    assert.deepEqual(scriptStart('/start-at 2026-11-23T09:00:00+01:00'), new Date('2026-11-23T08:00:00Z'));
  });

  it('is not looked for after the first line that does something, or when there is none', () => {
    assert.equal(scriptStart('/user bob\n/start-at 2026-11-23T09:00:00Z\n'), undefined);
    assert.equal(scriptStart('hello?\n'), undefined);
    assert.equal(scriptStart(''), undefined);
  });

  it('says which line is wrong when its time does not parse', () => {
    assert.throws(() => scriptStart('/start-at monday'), /"\/start-at monday" needs an ISO date-time/);
    assert.throws(() => scriptStart('/start-at'), /needs an ISO date-time/);
  });
});
