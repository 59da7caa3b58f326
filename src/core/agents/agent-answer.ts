import type { CoreDeps } from '../deps.js';
import { formatDuration } from '../duration.js';
import { parseShortId, shortId, type TLedgerEntry } from '../ledger-entry.js';
import { plainText } from '../text/plain.js';
import { isQuestionKind } from './agent.js';

/** Where an agent's request stands, as the tools answer it (`structuredContent`), with a sentence for its model. */
export type TAgentAnswer = {
  id: string;
  status:
    | 'pending'
    | 'approved'
    | 'rejected'
    | 'denied'
    | 'expired'
    | 'withdrawn'
    | 'done'
    | 'failed'
    | 'undone'
    | 'answered'
    | 'invalid';
  /** Who decided: an identity key (`slack:U123`), `policy`, or `teammate` (it expired). */
  decided_by?: string;
  /** A rejection's reason, a denial's policy row, a failure. */
  reason?: string;
  /** A question's answer. */
  answer?: string;
  channel: string;
  text: string;
};

export function agentStatus(entry: TLedgerEntry): TAgentAnswer['status'] {
  switch (entry.status) {
    case 'proposed':
    case 'pending':
      return 'pending';
    case 'approved':
    case 'executing':
      return 'approved';
    case 'executed':
      return isQuestionKind(entry.kind) ? 'answered' : 'done';
    case 'shadowed':
      return 'denied';
    default:
      return entry.status;
  }
}

/** The answer for the agent. The reason people gave is theirs, quoted; nothing here is the agent's own text. */
export function agentAnswer(entry: TLedgerEntry): TAgentAnswer {
  const id = shortId(entry.id);
  const status = agentStatus(entry);
  const base = { id, status, channel: entry.channel, ...(entry.decidedBy ? { decided_by: entry.decidedBy } : {}) };
  const by = entry.decidedBy ?? 'someone';
  switch (status) {
    case 'pending': {
      const until = entry.expiresAt ? `; it expires at ${entry.expiresAt.toISOString()}` : '';
      const asked = isQuestionKind(entry.kind) ? 'waiting for an answer' : 'waiting for approval';
      return {
        ...base,
        text: `${id} is ${asked} in ${entry.channel}${until}. Call get_decision with id "${id}" (wait_seconds up to 60) until it is decided; do not go ahead before.`,
      };
    }
    case 'approved': {
      const how =
        entry.decidedBy === 'policy'
          ? `automatically by the policy row ${entry.policy.ruleKey}`
          : `by ${by} (policy row ${entry.policy.ruleKey})`;
      return {
        ...base,
        text: `${id} is approved ${how}. Go ahead, then call report_outcome with id "${id}" and status done or failed.`,
      };
    }
    case 'rejected':
      return {
        ...base,
        ...(entry.reason ? { reason: entry.reason } : {}),
        text: `${id} was rejected by ${by}${entry.reason ? `, who said: "${entry.reason}"` : ''}. Do not do it.`,
      };
    case 'denied': {
      const reason =
        entry.status === 'shadowed'
          ? `the channel is in shadow mode (Teammate records, nobody is asked): not approved`
          : `denied by the policy row ${entry.policy.ruleKey} (${entry.policy.rule.scope} / ${entry.policy.rule.kind} → deny)`;
      return { ...base, reason, text: `${id} is ${reason}. Do not do it.` };
    }
    case 'expired':
      return {
        ...base,
        text: `${id} expired: nobody decided within ${formatDuration(entry.policy.rule.expiresAfterMs)}. Do not do it; ask again if it still matters.`,
      };
    case 'answered': {
      const answer = entry.reason ?? '';
      return { ...base, answer, text: `${id} was answered by ${by}: "${answer}".` };
    }
    case 'done':
    case 'failed':
    case 'undone': {
      const result = entry.result ? plainText(entry.result.summary) : '';
      const reason = status === 'failed' ? entry.error : undefined;
      const undone = status === 'undone' ? ` It was undone by ${entry.undoneBy ?? 'someone'}.` : '';
      return {
        ...base,
        ...(reason ? { reason } : {}),
        text: `${id} is ${status}: ${reason ?? result}.${undone}`,
      };
    }
    default:
      return {
        ...base,
        ...((entry.reason ?? entry.error) ? { reason: entry.reason ?? entry.error } : {}),
        text: `${id} is ${status}${(entry.reason ?? entry.error) ? `: ${entry.reason ?? entry.error}` : ''}. Do not do it.`,
      };
  }
}

/**
 * The answer for a request whose card could not be posted (Teammate is not in the channel, the platform refused): the
 * entry still waits, and people can still decide with /teammate approve, so the agent hears both.
 */
export async function withCardCheck(
  deps: Pick<CoreDeps, 'stores'>,
  answer: TAgentAnswer,
  what: 'request' | 'question' = 'request',
): Promise<TAgentAnswer> {
  if (answer.status !== 'pending') return answer;
  const id = parseShortId(answer.id);
  if (id === undefined || (await deps.stores.ledger.cards(id)).length > 0) return answer;
  const where = `Teammate could not post its card in ${answer.channel} (is it a member of that channel?)`;
  return {
    ...answer,
    text:
      what === 'question'
        ? `${answer.text} ${where}, so nobody can answer it there: ask again in another channel.`
        : `${answer.text} ${where}; people can still answer with /teammate approve ${answer.id} or reject ${answer.id}.`,
  };
}
