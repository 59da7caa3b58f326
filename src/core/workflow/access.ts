import type { CoreDeps } from '../deps.js';
import { platformOf, type TKey, type TPlatform } from '../identity.js';
import type { TLedgerEntry } from '../ledger-entry.js';

export async function adminIds(deps: CoreDeps): Promise<Set<string>> {
  return new Set([...deps.settings.admins, ...(await deps.stores.directory.grantedAdmins())]);
}

/** The admins a platform can reach (a Slack card cannot be sent to a Teams user). */
export async function adminsOn(deps: CoreDeps, platform: TPlatform): Promise<TKey[]> {
  return [...(await adminIds(deps))].filter((admin) => platformOf(admin) === platform);
}

export async function isAdmin(deps: CoreDeps, user: string): Promise<boolean> {
  return (await adminIds(deps)).has(user);
}

/** The people an approver list names: `admins`, `group:<name>` members, and user ids. */
export async function expandApprovers(deps: CoreDeps, approvers: readonly string[]): Promise<Set<string>> {
  const people = new Set<string>();
  const groups = approvers.some((a) => a.startsWith('group:'))
    ? new Map((await deps.stores.directory.groups()).map((g) => [g.name, g.members]))
    : new Map<string, string[]>();
  for (const approver of approvers) {
    if (approver === 'admins') for (const id of await adminIds(deps)) people.add(id);
    else if (approver.startsWith('group:')) for (const id of groups.get(approver.slice(6)) ?? []) people.add(id);
    else people.add(approver);
  }
  return people;
}

/** The people who may decide on an entry now, on its platform. */
export async function decidersOf(deps: CoreDeps, entry: TLedgerEntry): Promise<TKey[]> {
  const people = await expandApprovers(deps, entry.approvers);
  return [...people].filter((person) => platformOf(person) === entry.platform);
}

/**
 * The pending entries `user` may decide on a platform, newest first, at most `limit`. Expanding an approver list
 * reads admins and groups; most pending entries share a handful of lists, so each distinct list is expanded once.
 */
export async function pendingFor(
  deps: CoreDeps,
  platform: TPlatform,
  user: string,
  limit: number,
): Promise<TLedgerEntry[]> {
  const pending = (await deps.stores.ledger.recent({ limit: 100, status: ['pending'] })).filter(
    (e) => e.platform === platform,
  );
  const expanded = new Map<string, Set<string>>();
  const mine: TLedgerEntry[] = [];
  for (const entry of pending) {
    if (mine.length === limit) break;
    const key = entry.approvers.join(',');
    let people = expanded.get(key);
    if (!people) {
      people = await expandApprovers(deps, entry.approvers);
      expanded.set(key, people);
    }
    if (people.has(user)) mine.push(entry);
  }
  return mine;
}
