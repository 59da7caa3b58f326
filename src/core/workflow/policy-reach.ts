import type { CoreDeps } from '../deps.js';
import type { TPolicyRule } from '../policy/policy-rule.js';
import { joinRich, person, rich } from '../text/build.js';
import type { TRich } from '../text/rich-text.js';
import { expandApprovers } from './access.js';

/** Who could approve under a rule as things stand, and the groups it names that do not exist. */
export type TReach = { people: string[]; missingGroups: string[] };

export async function reachOf(deps: CoreDeps, rule: TPolicyRule): Promise<TReach> {
  const groups = new Set((await deps.stores.directory.groups()).map((g) => g.name));
  const missingGroups = rule.approvers
    .filter((a) => a.startsWith('group:') && !groups.has(a.slice('group:'.length)))
    .map((a) => a.slice('group:'.length));
  return { people: [...(await expandApprovers(deps, rule.approvers))].sort(), missingGroups };
}

/**
 * Why nobody could ever approve what a rule gates, as things stand (undefined when someone can). A `deny` row never
 * asks; an `auto` row asks in quiet hours and past its cap, so it is checked like `approve`.
 */
export function unreachable(rule: TPolicyRule, reach: TReach): TRich | undefined {
  if (rule.mode === 'deny') return undefined;
  const missing = reach.missingGroups.map((g) => `group:${g}`).join(', ');
  if (reach.people.length >= rule.approvalsNeeded) return undefined;
  const who = joinRich(
    reach.people.map((p) => [person(p)]),
    ', ',
  );
  const count =
    reach.people.length === 0
      ? rich`nobody can approve it`
      : rich`it needs ${rule.approvalsNeeded} approvals, but only ${reach.people.length} ${reach.people.length === 1 ? 'person' : 'people'} can approve (${who})`;
  return missing ? rich`${count}; ${missing} does not exist` : count;
}
