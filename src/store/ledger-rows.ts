import { z } from 'zod';
import { ZPlatform } from '../core/identity.js';
import { type TLedgerEntry, ZActionResult } from '../core/ledger-entry.js';
import { ZStatus, ZUndoStatus } from '../core/lifecycle.js';
import { ZMessageRef } from '../core/message-ref.js';
import { ZPolicyDecision } from '../core/policy/gate.js';
import { ZOnExpiry } from '../core/policy/policy-rule.js';
import { ZEvidence, ZOrigin, ZTrigger } from '../core/proposal.js';
import type { TEntryPatch, TNewEntry } from '../core/store-ports.js';
import { ZRich } from '../core/text/rich-text.js';
import type { LedgerEntry } from './generated/sqlite/client.js';
import { fromJson, toJson } from './json-column.js';

const where = (id: number, field: string) => `LedgerEntry ${id}.${field}`;
const opt = <T>(value: T | null): T | undefined => value ?? undefined;

/** A database row → the domain entry, every JSON column parsed by its schema. */
export function toEntry(row: LedgerEntry): TLedgerEntry {
  return {
    id: row.id,
    dedupeKey: row.dedupeKey,
    platform: ZPlatform.parse(row.platform),
    channel: row.channel,
    thread: opt(row.thread),
    kind: row.kind,
    params: fromJson(z.unknown(), row.params, where(row.id, 'params')),
    summary: fromJson(ZRich, row.summary, where(row.id, 'summary')),
    origin: fromJson(ZOrigin, row.origin, where(row.id, 'origin')),
    trigger: fromJson(ZTrigger, row.trigger, where(row.id, 'trigger')),
    evidence: fromJson(z.array(ZEvidence), row.evidence, where(row.id, 'evidence')),
    rationale: fromJson(ZRich, row.rationale, where(row.id, 'rationale')),
    requestedBy: opt(row.requestedBy),
    policy: fromJson(ZPolicyDecision, row.policy, where(row.id, 'policy')),
    mode: z.enum(['auto', 'approve', 'deny']).parse(row.mode),
    status: ZStatus.parse(row.status),
    approvers: fromJson(z.array(z.string()), row.approvers, where(row.id, 'approvers')),
    approvalsNeeded: row.approvalsNeeded,
    allowSelfApproval: row.allowSelfApproval,
    expiresAt: opt(row.expiresAt),
    onExpiry: ZOnExpiry.parse(row.onExpiry),
    escalated: row.escalated,
    decidedBy: opt(row.decidedBy),
    decidedAt: opt(row.decidedAt),
    executedAt: opt(row.executedAt),
    leaseUntil: opt(row.leaseUntil),
    result: row.result === null ? undefined : fromJson(ZActionResult, row.result, where(row.id, 'result')),
    undoHandle:
      row.undoHandle === null ? undefined : fromJson(z.unknown(), row.undoHandle, where(row.id, 'undoHandle')),
    undoStatus: ZUndoStatus.parse(row.undoStatus),
    undoneBy: opt(row.undoneBy),
    undoneAt: opt(row.undoneAt),
    error: opt(row.error),
    reason: opt(row.reason),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function resultColumns(result: TEntryPatch['result']) {
  const ref = result?.ref ? ZMessageRef.parse(result.ref) : undefined;
  return {
    result: result ? toJson(result) : null,
    resultChannel: ref?.conversation ?? null,
    resultMessageId: ref?.id ?? null,
  };
}

export function newEntryData(entry: TNewEntry, at: Date) {
  return {
    dedupeKey: entry.dedupeKey,
    platform: entry.platform,
    channel: entry.channel,
    thread: entry.thread ?? null,
    kind: entry.kind,
    params: toJson(entry.params),
    summary: toJson(entry.summary),
    origin: toJson(entry.origin),
    trigger: toJson(entry.trigger),
    evidence: toJson(entry.evidence),
    rationale: toJson(entry.rationale),
    requestedBy: entry.requestedBy ?? null,
    policy: toJson(entry.policy),
    ruleKey: entry.policy.ruleKey,
    mode: entry.mode,
    status: entry.status,
    approvers: toJson(entry.approvers),
    approvalsNeeded: entry.approvalsNeeded,
    allowSelfApproval: entry.allowSelfApproval,
    expiresAt: entry.expiresAt ?? null,
    onExpiry: entry.onExpiry,
    escalated: entry.escalated,
    decidedBy: entry.decidedBy ?? null,
    decidedAt: entry.decidedAt ?? null,
    executedAt: entry.executedAt ?? null,
    leaseUntil: entry.leaseUntil ?? null,
    ...resultColumns(entry.result),
    undoHandle: entry.undoHandle === undefined ? null : toJson(entry.undoHandle),
    undoStatus: entry.undoStatus,
    error: entry.error ?? null,
    reason: entry.reason ?? null,
    createdAt: at,
    updatedAt: at,
  };
}

/** Only the fields present in the patch are written. */
export function patchData(patch: TEntryPatch, at: Date) {
  const { result, undoHandle, approvers, ...plain } = patch;
  return {
    ...plain,
    ...('result' in patch ? resultColumns(result) : {}),
    ...('undoHandle' in patch ? { undoHandle: undoHandle === undefined ? null : toJson(undoHandle) } : {}),
    ...(approvers ? { approvers: toJson(approvers) } : {}),
    updatedAt: at,
  };
}
