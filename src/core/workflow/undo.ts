import { specFor } from '../actions/catalogue.js';
import { agentUndoGap } from '../agents/agent-request.js';
import type { CoreDeps } from '../deps.js';
import { AppErrorCode, asAppError } from '../errors.js';
import type { TPlatform } from '../identity.js';
import { shortId } from '../ledger-entry.js';
import { describeActor } from '../present/describe-entry.js';
import { formatTime } from '../present/format.js';
import { rich } from '../text/build.js';
import type { TRich } from '../text/rich-text.js';
import { expandApprovers, isAdmin } from './access.js';
import { announce } from './announce.js';
import { actionIo } from './execute.js';

/**
 * Runs the inverse of an executed action and records who asked. The `undoing` claim is a conditional update, so
 * two clicks undo once; a failed undo is recorded and reported, and may be tried again.
 */
export async function undoEntry(
  deps: CoreDeps,
  input: { platform: TPlatform; entryId: number; user: string },
): Promise<TRich> {
  const { ledger } = deps.stores;
  const id = shortId(input.entryId);
  const entry = await ledger.get(input.entryId);
  if (!entry || entry.platform !== input.platform) return rich`There is no action ${id}.`;
  if (entry.status === 'undone') {
    const when = entry.undoneAt ? ` at ${formatTime(entry.undoneAt, entry.policy.timeZone)}` : '';
    return rich`${id} is already undone (by ${entry.undoneBy ? describeActor(entry.undoneBy) : 'someone'}${when}).`;
  }
  if (entry.status !== 'executed')
    return rich`${id} was not carried out (it is ${entry.status}), so there is nothing to undo.`;
  const spec = specFor(deps.catalogue, entry.kind);
  if (!spec) return rich`${id} cannot be undone: ${entry.kind} is not an action this version knows.`;
  const irreversible = spec.irreversible(entry.params) ?? agentUndoGap(entry);
  if (irreversible) return rich`${id} cannot be undone: ${irreversible}.`;
  const allowed = (await expandApprovers(deps, entry.approvers)).has(input.user) || (await isAdmin(deps, input.user));
  if (!allowed) return rich`Only the approvers of ${id} or an admin can undo it.`;
  const now = deps.clock.now();
  const claimed = await ledger.transition(
    entry.id,
    { status: ['executed'], undoStatus: ['none', 'failed', 'refused'] },
    { undoStatus: 'undoing', leaseUntil: new Date(now.getTime() + deps.settings.executionLeaseMs) },
    { actor: input.user, to: 'undo:started' },
    now,
  );
  if (!claimed) {
    const latest = await ledger.get(entry.id);
    return latest?.status === 'undone' ? rich`${id} is already undone.` : rich`${id} is being undone right now.`;
  }
  try {
    await spec.undo(entry.undoHandle, {
      ...actionIo(deps, entry),
      now,
      executedAt: entry.executedAt,
      undoneBy: input.user,
    });
    const undone = await ledger.transition(
      entry.id,
      { status: ['executed'], undoStatus: ['undoing'] },
      { status: 'undone', undoStatus: 'undone', undoneBy: input.user, undoneAt: deps.clock.now() },
      { actor: input.user, note: 'undone' },
      deps.clock.now(),
    );
    deps.metrics.undo(entry.kind, 'undone');
    if (undone) await announce(deps, undone);
    return rich`Undid ${id}.`;
  } catch (error) {
    const failure = asAppError(error);
    // Someone changed it after us: their change stands, and the refusal is recorded with what changed. Anything
    // else is a failed undo, which may be tried again.
    const outcome = failure.code === AppErrorCode.changedSince ? 'refused' : 'failed';
    if (outcome === 'failed') deps.log.warn({ err: failure, entry: id }, 'undo failed');
    const settled = await ledger.transition(
      entry.id,
      { undoStatus: ['undoing'] },
      { undoStatus: outcome, error: failure.userMessage },
      { actor: input.user, to: `undo:${outcome}`, note: failure.userMessage },
      deps.clock.now(),
    );
    deps.metrics.undo(entry.kind, outcome);
    if (settled) await announce(deps, settled);
    if (outcome === 'refused')
      return rich`Did not undo ${id}: ${failure.userMessage}. Their change stands; this is recorded in the ledger.`;
    return rich`Could not undo ${id}: ${failure.userMessage}. This is recorded in the ledger; you can try again.`;
  }
}
