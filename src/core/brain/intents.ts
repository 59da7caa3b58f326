import type { TMode } from '../policy/policy-rule.js';

/** What people call each action kind when they talk; used to read requests and questions without a model. */
const KIND_WORDS: Record<string, readonly string[]> = {
  post_message: ['post', 'posts', 'message', 'messages', 'nudge', 'nudges', 'reply', 'replies'],
  send_dm: ['dm', 'dms', 'direct message', 'direct messages'],
  add_reaction: ['reaction', 'reactions', 'react', 'emoji'],
  pin_message: ['pin', 'pins', 'pinned'],
  set_topic: ['topic', 'topics'],
  schedule_message: ['reminder', 'reminders', 'remind', 'scheduled message', 'scheduled messages', 'schedule'],
  reassign_task: ['reassign', 'reassignment', 'reassignments', 'reassigned'],
  cancel_occurrence: ['cancel', 'cancelled', 'canceled', 'cancellation', 'cancellations', 'meeting', 'meetings'],
  post_roundup: ['roundup', 'roundups', 'summary', 'summaries'],
};

/** The kinds a phrase names ("reminders", "the standup cancellation"), most specific first. */
export function kindsNamed(text: string, kinds: readonly string[]): string[] {
  const lower = text.toLowerCase();
  const exact = kinds.filter((k) => lower.includes(k));
  if (exact.length > 0) return exact;
  return Object.entries(KIND_WORDS)
    .filter(([kind, words]) => kinds.includes(kind) && words.some((w) => new RegExp(`\\b${w}\\b`).test(lower)))
    .map(([kind]) => kind);
}

/** "why did you cancel the standup?" → the words after "why did you". */
export function whyIntent(text: string): string | undefined {
  const match = /\bwhy\s+(?:did|do|have|would)\s+you\b\s*(.*)$/is.exec(text.trim());
  return match ? (match[1] ?? '').replace(/[?!.\s]+$/, '') : undefined;
}

export function waitingIntent(text: string): boolean {
  return /\bwhat(?:'s|’s| is)?\s+(?:waiting|pending)\s+(?:for|on)\s+me\b|\bmy\s+(?:pending\s+)?approvals\b|\bwhat\s+(?:do|should)\s+i\s+(?:approve|decide)\b/i.test(
    text,
  );
}

const MODES: [RegExp, TMode][] = [
  [/^(?:need|needs|require|requires)\s+approval$|^approval$|^ask(?:\s+first)?$/i, 'approve'],
  [/^(?:run\s+)?automatic(?:ally)?$|^auto$/i, 'auto'],
  [/^never(?:\s+run)?$|^deny$|^denied$|^off$/i, 'deny'],
];

/**
 * "set reminders to need approval in #eng" → the policy command an admin would type. Undefined when the sentence
 * is not such a request or names no kind. The channel comes back as written (a key when the adapter knew it).
 */
export function policyIntent(
  text: string,
  kinds: readonly string[],
): { kinds: string[]; mode: TMode; channel?: string } | undefined {
  const match =
    /\b(?:set|make|let)\s+(.+?)\s+(?:to\s+)?((?:need|needs|require|requires)\s+approval|approval|ask first|run automatically|automatic(?:ally)?|auto|never run|never|deny)(?:\s+in\s+#?([\w.:@;-]+|here))?\s*[.!]?\s*$/i.exec(
      text.trim(),
    );
  if (!match) return undefined;
  const [, what = '', modeText = '', where] = match;
  const mode = MODES.find(([pattern]) => pattern.test(modeText.trim()))?.[1];
  // Every kind named ("pins and topics"), or all of them.
  const named = /\b(?:everything|all actions|anything)\b/i.test(what) ? ['*'] : kindsNamed(what, kinds);
  if (!mode || named.length === 0) return undefined;
  return { kinds: named, mode, channel: where === 'here' ? undefined : where };
}
