import type { CoreDeps } from '../deps.js';
import type { TKey } from '../identity.js';
import type { TPolicyRule } from '../policy/policy-rule.js';
import { adminIds, expandApprovers } from './access.js';

// Asking for something and approving it yourself: not allowed unless the policy row says so, with one default a team
// of one can live with (the words for the way out otherwise are in present/self-approval.ts).

export const SOLE_ADMIN_NOTE = 'self-approval allowed: the only admin asked for it';

/** Whether the one admin there is asked for this, and nobody but them could approve it. */
export async function soleAdminAsks(
  deps: CoreDeps,
  rule: TPolicyRule,
  requestedBy: TKey | undefined,
): Promise<boolean> {
  if (!requestedBy) return false;
  const admins = await adminIds(deps);
  if (admins.size !== 1 || !admins.has(requestedBy)) return false;
  const others = [...(await expandApprovers(deps, rule.approvers))].filter((p) => p !== requestedBy);
  return others.length < rule.approvalsNeeded;
}
