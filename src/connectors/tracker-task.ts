import { z } from 'zod';
import type { TToolPerson } from '../core/connector-port.js';
import type { CoreDeps } from '../core/deps.js';
import type { TKey } from '../core/identity.js';
import { chatPersonOf } from '../core/people.js';

/** A tracker's task as GitHub's and Jira's deliveries both become it: what the inbox keeps, tool ids and all. */
export const ZTrackerTask = z.object({
  id: z.string().min(1).max(300),
  title: z.string().max(1000),
  url: z.url({ protocol: /^https?$/ }).optional(),
  /** Absent: the delivery does not say, and the status stays. */
  open: z.boolean().optional(),
  /** Absent: the delivery does not say (Jira's comment events), and what is known stays. */
  assignees: z
    .array(
      z.object({ id: z.string().min(1).max(200), name: z.string().max(200).optional(), email: z.string().optional() }),
    )
    .optional(),
  labels: z.array(z.string()).optional(),
  /** GitHub's milestone (its due date is the task's); absent where the tracker has due dates of its own. */
  milestone: z.string().nullable().optional(),
  dueAt: z.coerce.date().nullable().optional(),
  /** Deleted in the tracker: closed here. */
  deleted: z.boolean().optional(),
});
export type TTrackerTask = z.infer<typeof ZTrackerTask>;

/**
 * Records a tracker's view of a task: its assignees stay as the tracker names them, and the first one linked to
 * someone in chat (or found by e-mail) is the person the task is with. Nobody linked: the task is still tracked,
 * and the cards say whom Teammate could not reach.
 */
export async function applyTrackerTask(
  deps: CoreDeps,
  { source, channel, at, task }: { source: string; channel: TKey; at: Date; task: TTrackerTask },
): Promise<void> {
  let assignee: TKey | null = null;
  for (const person of task.assignees ?? []) {
    assignee = (await chatPersonOf(deps, source, person as TToolPerson, channel)) ?? null;
    if (assignee) break;
  }
  await deps.stores.tasks.apply(
    {
      source,
      externalId: task.id,
      channel,
      title: task.title || task.id,
      ...(task.url ? { url: task.url } : {}),
      ...(task.deleted || task.open === false
        ? { status: 'done' as const }
        : task.open
          ? { status: 'open' as const }
          : {}),
      ...(task.assignees ? { assignee, toolAssignees: task.assignees } : {}),
      ...(task.labels ? { labels: task.labels } : {}),
      ...(task.milestone !== undefined ? { milestone: task.milestone } : {}),
      ...(task.dueAt !== undefined ? { dueAt: task.dueAt } : {}),
    },
    at,
  );
}
