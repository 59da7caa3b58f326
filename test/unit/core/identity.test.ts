import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../../src/core/errors.js';
import { ownId, qualify } from '../../../src/core/identity.js';

describe('keys', () => {
  it('give an adapter its own id, and refuse another platform’s key in the adapter’s words', () => {
    assert.equal(ownId('teams:19:abc@thread.tacv2', 'teams', 'is not a Teams conversation'), '19:abc@thread.tacv2');
    assert.throws(
      () => ownId('local:general', 'slack', 'is not a Slack user or channel'),
      (error: unknown) =>
        error instanceof AppError &&
        error.code === 'chat_error' &&
        error.message === 'local:general is not a Slack user or channel',
    );
  });

  it('qualify a bare id on the platform it was written on, and keep a key as it is', () => {
    assert.equal(qualify('U123', 'slack'), 'slack:U123');
    assert.equal(qualify('local:alice', 'slack'), 'local:alice');
  });
});
