import type { ActionIO, ActionSpec, TReceipt } from '../actions/action-spec.js';
import { specFor } from '../actions/catalogue.js';
import { noConnectors } from '../connector-port.js';
import type { CoreDeps } from '../deps.js';
import { chatFor } from '../deps.js';
import { AppError, AppErrorCode, asAppError } from '../errors.js';
import { shortId, type TLedgerEntry } from '../ledger-entry.js';
import { plainText } from '../text/plain.js';
import { announce } from './announce.js';

/**
 * Runs an approved entry exactly once: the `approved → executing` claim is a conditional update, so a double
 * click, a retried delivery or a second replica finds nothing left to claim. The intent (executing, with a lease)
 * is written before the side effect and the outcome after it.
 */
export async function executeEntry(deps: CoreDeps, entryId: number): Promise<void> {
  const claimedAt = deps.clock.now();
  const claimed = await deps.stores.ledger.transition(
    entryId,
    { status: ['approved'] },
    { status: 'executing', leaseUntil: new Date(claimedAt.getTime() + deps.settings.executionLeaseMs) },
    { actor: 'teammate' },
    claimedAt,
  );
  if (!claimed) return;
  await carryOut(deps, claimed, async (spec, io) => ({ receipt: await spec.execute(claimed.params, io) }));
}

/** What the action may use: the chat of its platform, the records, the connectors, and its own entry id. */
export function actionIo(deps: CoreDeps, entry: TLedgerEntry): ActionIO {
  return {
    chat: chatFor(deps, entry.platform),
    now: deps.clock.now(),
    stores: deps.stores,
    connectors: deps.connectors ?? noConnectors,
    entryId: entry.id,
    kind: entry.kind,
    ...(entry.policy.rule.notify ? { notify: entry.policy.rule.notify } : {}),
  };
}

/**
 * Runs a claimed (executing) entry and records the outcome: executed with its receipt, or failed with the reason.
 * `run` is the action itself, or (after an interruption) looking for its effect first; its note goes in the history.
 */
export async function carryOut(
  deps: CoreDeps,
  claimed: TLedgerEntry,
  run: (spec: ActionSpec, io: ActionIO) => Promise<{ receipt: TReceipt; note?: string }>,
): Promise<void> {
  const { ledger } = deps.stores;
  const entryId = claimed.id;
  let outcome: Awaited<ReturnType<typeof ledger.transition>>;
  try {
    const spec = specFor(deps.catalogue, claimed.kind);
    if (!spec) throw new AppError(AppErrorCode.invalid, { message: `unknown action kind ${claimed.kind}` });
    const { receipt, note } = await run(spec, actionIo(deps, claimed));
    const summary = plainText(receipt.result.summary);
    outcome = await ledger.transition(
      entryId,
      { status: ['executing'] },
      { status: 'executed', result: receipt.result, undoHandle: receipt.undo, executedAt: deps.clock.now() },
      { actor: 'teammate', note: note ? `${note}: ${summary}` : summary },
      deps.clock.now(),
    );
    deps.metrics.execution(claimed.kind, 'executed');
  } catch (error) {
    const failure = asAppError(error);
    deps.log.warn({ err: failure, entry: shortId(entryId), kind: claimed.kind }, 'action failed');
    outcome = await ledger.transition(
      entryId,
      { status: ['executing'] },
      { status: 'failed', error: failure.userMessage },
      { actor: 'teammate', note: failure.userMessage },
      deps.clock.now(),
    );
    deps.metrics.execution(claimed.kind, 'failed');
  }
  if (!outcome) {
    // The lease ran out and recovery marked the entry failed while we were still running: say so loudly.
    deps.log.error({ entry: shortId(entryId) }, 'execution outlived its lease; the ledger shows it as failed');
    return;
  }
  await announce(deps, outcome);
}
