import assert from 'node:assert/strict';

/**
 * What a validation library says to a developer, and no person should ever read from Teammate (issue 11): zod's
 * own messages ("Invalid input: expected number, received NaN", "Too big: expected number to be <=2592000000"),
 * its issue codes, and internal field names such as expiresAfterMs. The harnesses scan everything the bot said in
 * a test with it when they close, so every suite checks its own replies.
 */
export const RAW_VALIDATION =
  /Invalid (input|option|enum value|type|string|date)|Too (big|small):|expected [a-z]+, received|received (NaN|undefined|null|Date)|\b(invalid_type|invalid_value|too_big|too_small|unrecognized_keys)\b|Unrecognized key|expiresAfterMs|ZodError/;

/** Fails with the offending line when any text holds a raw validation message. */
export function assertNoRawValidation(texts: Iterable<string>, where: string): void {
  for (const text of texts) {
    const match = RAW_VALIDATION.exec(text);
    if (match) {
      const line = text.split('\n').find((l) => RAW_VALIDATION.test(l)) ?? text;
      assert.fail(`${where} said a raw validation message ("${match[0]}"): ${line.slice(0, 300)}`);
    }
  }
}
