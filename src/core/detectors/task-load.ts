import type { TTask } from '../autonomy-ports.js';
import type { CoreDeps } from '../deps.js';
import type { TKey } from '../identity.js';

/** Open tasks per person in a channel, including people whose tasks are all done (they count as free). */
export async function openTasksByPerson(deps: CoreDeps, channel: TKey): Promise<Map<TKey, TTask[]>> {
  const load = new Map<TKey, TTask[]>();
  for (const task of await deps.stores.tasks.doneSince(channel, new Date(0))) {
    if (task.assignee) load.set(task.assignee, []);
  }
  for (const task of await deps.stores.tasks.open(channel)) {
    if (!task.assignee) continue;
    load.set(task.assignee, [...(load.get(task.assignee) ?? []), task]);
  }
  return load;
}

/** Who has the fewest open tasks (ties: alphabetical), other than `except`. */
export function leastLoaded(
  load: ReadonlyMap<string, readonly TTask[]>,
  except: readonly string[],
): string | undefined {
  return [...load.entries()]
    .filter(([person]) => !except.includes(person))
    .sort(([a, x], [b, y]) => x.length - y.length || a.localeCompare(b))[0]?.[0];
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return 0;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}
