import { defaultRule } from '../../src/core/policy/policy-rule.js';
import type { TNewEntry } from '../../src/core/store-ports.js';
import { channelRef, quoted, rich } from '../../src/core/text/build.js';
import { START } from './harness.js';

/** A plausible ledger entry, as submitProposal would write it, for store-level tests. */
export function newEntry(overrides: Partial<TNewEntry> = {}): TNewEntry {
  return {
    dedupeKey: `test:${Math.random().toString(36).slice(2)}`,
    platform: 'local',
    channel: 'local:general',
    thread: 'm1',
    kind: 'post_message',
    params: { channel: 'local:general', thread: 'm1', text: 'hello' },
    summary: rich`post in a thread in ${channelRef('local:general')}: ${quoted('hello')}`,
    origin: { type: 'detector', name: 'test' },
    trigger: { signalId: 'local:m1', type: 'message', summary: rich`bob asked`, at: START, user: 'local:bob' },
    evidence: [{ label: 'question', message: { platform: 'local', conversation: 'local:general', id: 'm1' } }],
    rationale: rich`because a test said so`,
    policy: { ruleKey: 'default', builtIn: true, rule: defaultRule, mode: 'approve', notes: [], timeZone: 'UTC' },
    mode: 'approve',
    status: 'pending',
    approvers: ['admins'],
    approvalsNeeded: 1,
    allowSelfApproval: false,
    expiresAt: new Date(START.getTime() + 86_400_000),
    onExpiry: 'deny',
    escalated: false,
    undoStatus: 'none',
    ...overrides,
  };
}
