import type { z } from 'zod';

// One mapping from validation issues to words, for every message a person reads: a field is named as they typed it,
// a bound in their units, and what they gave is quoted back. Messages the schemas word themselves are kept.

type TIssue = z.core.$ZodIssue;

/** Zod's own wording (as opposed to a message a schema of ours gave), which people should never read. */
const JARGON = /^(Invalid|Too (big|small)|Unrecognized)/;

/** An issue in words: the schema's own message when it has one, else words for its code. */
export function issueWords(issue: TIssue): string {
  if (!JARGON.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'invalid_type': {
      const expected: Record<string, string> = {
        number: 'a number',
        int: 'a whole number',
        string: 'text',
        boolean: 'yes or no',
        date: 'a date and time such as 2026-12-01T17:00:00Z',
        array: 'a list',
        object: 'an object',
      };
      // Zod leaves the input out of its issues; its message still says when there was none.
      return /received undefined$/.test(issue.message)
        ? 'is missing'
        : `expected ${expected[issue.expected] ?? issue.expected}`;
    }
    case 'too_big':
      return issue.origin === 'string'
        ? `at most ${issue.maximum} characters`
        : issue.origin === 'array'
          ? `at most ${issue.maximum} items`
          : `at most ${issue.maximum}`;
    case 'too_small':
      if (issue.origin === 'string')
        return Number(issue.minimum) <= 1 ? 'must not be empty' : `at least ${issue.minimum} characters`;
      if (issue.origin === 'array')
        return Number(issue.minimum) <= 1 ? 'name at least one' : `at least ${issue.minimum} items`;
      return `at least ${issue.minimum}`;
    case 'invalid_value':
      return `expected ${issue.values.map(String).join(' or ')}`;
    case 'unrecognized_keys':
      return `unknown ${issue.keys.length === 1 ? 'option' : 'options'} ${issue.keys.join(', ')}`;
    case 'invalid_format':
      return 'is not in the expected format';
    case 'invalid_union':
      return 'is not one of the accepted values';
    default:
      return 'is not valid';
  }
}

export type TIssueContext = {
  /** What the person wrote, by field (option=value pairs, a parsed body): quoted back after the words. */
  input?: Readonly<Record<string, unknown>>;
  /** A field's name as people write it (`approvalsNeeded` → `needs`). */
  names?: Readonly<Record<string, string>>;
};

/** "needs: expected a whole number from 1 to 20 (got "abc"); on-expiry: expected deny or escalate (got "later")". */
export function formatIssues(error: z.ZodError, context: TIssueContext = {}): string {
  return error.issues
    .map((issue) => {
      const [head, ...rest] = issue.path.map(String);
      const field = head === undefined ? '' : [context.names?.[head] ?? head, ...rest].join('.');
      const given = head === undefined ? undefined : context.input?.[head];
      const got = typeof given === 'string' || typeof given === 'number' ? ` (got "${String(given)}")` : '';
      const words = `${issueWords(issue)}${got}`;
      return field ? `${field}: ${words}` : words;
    })
    .join('; ');
}
