import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertNoRawValidation, RAW_VALIDATION } from '../helpers/raw-validation.js';

// The scan every harness runs on what the bot said; it must catch what issue 11 found, and pass our own words.
describe('the raw validation scan', () => {
  it('catches what zod says to developers', () => {
    for (const raw of [
      'needs: Invalid input: expected number, received NaN',
      'needs: expected int, received number',
      'expiresAfterMs: Too big: expected number to be <=2592000000',
      'due: Invalid input: expected date, received Date',
      'Unrecognized key: "extra"',
      '{"code":"invalid_type","path":["due"]}',
    ]) {
      assert.match(raw, RAW_VALIDATION, raw);
      assert.throws(() => assertNoRawValidation(['fine', raw], 'a test'), /a test said a raw validation message/);
    }
  });

  it('passes the words people read', () => {
    assertNoRawValidation(
      [
        'needs: expected a whole number from 1 to 20 (got "abc")',
        'expires: at most 30d (got "31d")',
        'due: expected a date such as 2026-12-01 or 2026-12-01T17:00:00Z (got "tomorrow")',
        'quiet-deal in #general: after=14d.',
        'Approvers: admins · 0 of 1 approvals',
      ],
      'a test',
    );
  });
});
