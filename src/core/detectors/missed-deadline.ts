import type { TTask } from '../autonomy-ports.js';
import { settingsOf } from '../channel-settings.js';
import type { CoreDeps } from '../deps.js';
import type { TKey } from '../identity.js';
import { formatTime } from '../present/format.js';
import type { TProposal } from '../proposal.js';
import { channelRef, code, doc, link, mention, person, quoted, rich } from '../text/build.js';
import type { TRich } from '../text/rich-text.js';
import type { Detector } from './detector.js';
import { mayPropose, option } from './detector-settings.js';
import { leastLoaded, openTasksByPerson } from './task-load.js';

const NAME = 'missed-deadline';

/** A tracker's assignees nobody in chat is linked to, by the names the tracker gives (shown inert, as quotes). */
const unlinkedNames = (task: TTask): TRich => [
  quoted((task.toolAssignees ?? []).map((a) => a.name ?? a.id).join(', '), 80),
];

/** Who the task is with: a person, a tracker's assignee Teammate cannot reach in chat, or nobody. */
const owner = (task: TTask) =>
  task.assignee
    ? [person(task.assignee)]
    : task.toolAssignees?.length
      ? rich`${unlinkedNames(task)} (${task.source})`
      : rich`nobody`;

/** Said on the card when the task's assignee has no chat identity: whom Teammate could not reach, and the fix. */
const unreached = (task: TTask): TRich =>
  !task.assignee && task.toolAssignees?.length
    ? rich`; could not reach ${unlinkedNames(task)}: no one in chat is linked to them in ${task.source} (${code(`/teammate people link @someone ${task.source}:${task.toolAssignees[0]?.id ?? ''}`)})`
    : [];

function base(task: TTask, due: Date) {
  return {
    evidence: [
      {
        label: 'the task',
        url: task.url,
        excerpt: `${task.title} · due ${due.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
      },
    ],
    origin: { type: 'detector' as const, name: NAME },
    trigger: {
      signalId: `task:${task.source}:${task.externalId}:due:${due.toISOString()}`,
      type: 'deadline_missed',
      summary: rich`${quoted(task.title, 60)}, assigned to ${owner(task)}, passed its due date`,
      at: due,
      user: task.assignee,
    },
    platform: task.platform,
    channel: task.channel,
  };
}

/** The start of the dedupe keys of one task's nudges or reassignments (one per missed due date). */
const taskPrefix = (what: 'nudge' | 'reassign', task: Pick<TTask, 'source' | 'externalId'>) =>
  `${NAME}:${what}:${task.source}:${task.externalId}:`;

function nudge(task: TTask, due: Date, misses: number): TProposal {
  const again = misses > 1 ? ` This is the ${misses === 2 ? 'second' : `${misses}th`} due date it has missed.` : '';
  return {
    ...base(task, due),
    kind: 'post_message',
    params: {
      channel: task.channel,
      text: doc(
        rich`${task.assignee ? rich`${mention(task.assignee)}, ` : task.toolAssignees?.length ? rich`${unlinkedNames(task)} (in ${task.source}), ` : ''}${quoted(task.title, 100)} was due ${due.toISOString().slice(0, 10)} and is still open.${again} Is it blocked, or does it need a new date?${task.url ? rich` ${link(task.url, 'Open the task')}` : ''}`,
      ),
    },
    rationale: rich`the task passed its due date while still open (miss ${misses}); its owner is asked for a status${unreached(task)}`,
    dedupeKey: `${taskPrefix('nudge', task)}${due.toISOString()}`,
  };
}

function reassign(task: TTask, due: Date, misses: number, to: string, load: number): TProposal {
  return {
    ...base(task, due),
    kind: 'reassign_task',
    params: {
      channel: task.channel,
      source: task.source,
      taskId: task.externalId,
      title: task.title,
      ...(task.assignee ? { from: task.assignee } : {}),
      ...(task.toolAssignees ? { fromTool: task.toolAssignees.map((a) => ({ id: a.id, name: a.name })) } : {}),
      to,
    },
    rationale: rich`${quoted(task.title, 60)} missed ${misses} due dates with ${owner(task)}; ${person(to)} has the fewest open tasks in ${channelRef(task.channel)} (${load})${unreached(task)}`,
    dedupeKey: `${taskPrefix('reassign', task)}${due.toISOString()}`,
  };
}

async function reachableIn(deps: CoreDeps, tool: string, load: Map<TKey, TTask[]>): Promise<Map<TKey, TTask[]>> {
  const reachable = new Map<TKey, TTask[]>();
  for (const [who, tasks] of load) {
    if ((await deps.stores.people.identities(who, tool)).length > 0) reachable.set(who, tasks);
  }
  return reachable;
}

/** Tasks past due: nudge the owner each time; after repeated misses, propose the least-loaded teammate instead. */
export const missedDeadline: Detector = {
  name: NAME,
  description: 'a task passed its due date → nudge its owner; after repeated misses, propose reassigning it',
  options: [{ key: 'repeat', kind: 'count', default: 2, help: 'missed due dates before a reassignment is proposed' }],
  async onSignal(signal, { deps, withdraw }) {
    // What the tracker says now, once recorded: a closed task, or one with another due date, makes the pending
    // proposals about the missed one moot.
    if (signal.type !== 'webhook' || deps.sources.get(signal.kind)?.records !== 'task') return;
    // The event is about one task, or (a GitHub milestone that moved) about the tasks that take its due date.
    const task = await deps.stores.tasks.get(signal.source, signal.key);
    const tasks = task ? [task] : await deps.stores.tasks.inMilestone(signal.source, signal.key);
    for (const each of tasks) {
      const prefixes = [taskPrefix('nudge', each), taskPrefix('reassign', each)];
      if (each.status === 'done') {
        for (const prefix of prefixes) await withdraw({ prefix }, 'the task was closed');
        continue;
      }
      const due = each.dueAt;
      const reason = due
        ? `the task has a new due date: ${formatTime(due, (await settingsOf(deps, each.channel)).timeZone)}`
        : 'the task has no due date any more';
      for (const prefix of prefixes) {
        await withdraw({ prefix, except: due ? [`${prefix}${due.toISOString()}`] : [] }, reason);
      }
    }
  },
  async onTick({ deps, now, propose }) {
    for (const task of await deps.stores.tasks.newlyOverdue(now, 100)) {
      const due = task.dueAt;
      if (!due || !deps.chats.has(task.platform)) continue;
      const config = (await mayPropose(deps, missedDeadline, task.channel, now))?.config;
      if (!config) continue;
      // Proposals first (their dedupe keys make them once per due date), then the miss is counted: a crash in
      // between repeats nothing and loses nothing.
      const misses = task.misses + 1;
      await propose(nudge(task, due, misses));
      // A tracker Teammate may only read (no token) gets nudges, never a reassignment it could not carry out.
      if (misses >= option(config, 'repeat') && !deps.connectors?.readOnly?.has(task.source)) {
        const load = await openTasksByPerson(deps, task.channel);
        const tracker = deps.connectors?.trackers.get(task.source);
        // In a tracker, only someone with an account linked there can be given the task.
        const candidates = tracker ? await reachableIn(deps, tracker.tool, load) : load;
        const to = leastLoaded(candidates, [task.assignee ?? '']);
        if (to) await propose(reassign(task, due, misses, to, load.get(to)?.length ?? 0));
      }
      await deps.stores.tasks.countMiss(task.id, due);
    }
  },
};
