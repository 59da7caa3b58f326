import type { CoreDeps } from '../deps.js';
import { chatFor } from '../deps.js';
import { AppError, AppErrorCode, asAppError } from '../errors.js';
import { shortId } from '../ledger-entry.js';
import { plainText } from '../text/plain.js';
import { announce } from './announce.js';

/**
 * Runs an approved entry exactly once: the `approved → executing` claim is a conditional update, so a double
 * click, a retried delivery or a second replica finds nothing left to claim. The intent (executing, with a lease)
 * is written before the side effect and the outcome after it.
 */
export async function executeEntry(deps: CoreDeps, entryId: number): Promise<void> {
  const { ledger } = deps.stores;
  const claimedAt = deps.clock.now();
  const claimed = await ledger.transition(
    entryId,
    { status: ['approved'] },
    { status: 'executing', leaseUntil: new Date(claimedAt.getTime() + deps.settings.executionLeaseMs) },
    { actor: 'teammate' },
    claimedAt,
  );
  if (!claimed) return;
  let outcome: Awaited<ReturnType<typeof ledger.transition>>;
  try {
    const spec = deps.catalogue.get(claimed.kind);
    if (!spec) throw new AppError(AppErrorCode.invalid, { message: `unknown action kind ${claimed.kind}` });
    const receipt = await spec.execute(claimed.params, {
      chat: chatFor(deps, claimed.platform),
      now: deps.clock.now(),
      stores: deps.stores,
    });
    outcome = await ledger.transition(
      entryId,
      { status: ['executing'] },
      { status: 'executed', result: receipt.result, undoHandle: receipt.undo, executedAt: deps.clock.now() },
      { actor: 'teammate', note: plainText(receipt.result.summary) },
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
