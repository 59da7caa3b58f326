import type { CoreDeps } from '../deps.js';

export async function adminIds(deps: CoreDeps): Promise<Set<string>> {
  return new Set([...deps.settings.admins, ...(await deps.stores.directory.grantedAdmins())]);
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
