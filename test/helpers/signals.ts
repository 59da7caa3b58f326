import type { TSignal } from '../../src/core/signal.js';
import { plainDoc } from '../../src/core/text/plain.js';
import { ZDoc } from '../../src/core/text/rich-text.js';
import type { THarness } from './harness.js';

let counter = 0;

/** A task tracker's event, as the webhook route turns it into a signal. */
export async function taskEvent(
  h: THarness,
  event: Extract<TSignal, { type: 'task' }>['event'],
  task: { id: string; title: string; assignee?: string | null; due?: Date | null; status?: 'open' | 'done' },
  channel = 'general',
): Promise<void> {
  const assignee = task.assignee ? `local:${task.assignee}` : task.assignee;
  counter += 1;
  await h.teammate.receiveAndWait({
    id: `webhook:tasks:test-${counter}`,
    type: 'task',
    platform: 'local',
    at: h.clock.now(),
    channel: `local:${channel}`,
    source: 'tasks',
    event,
    task: { ...task, assignee },
  });
}

/** A CRM's event. */
export async function dealEvent(
  h: THarness,
  deal: { id: string; name: string; stage: string; owner?: string; lastActivityAt: Date; value?: string },
  channel = 'sales',
): Promise<void> {
  counter += 1;
  await h.teammate.receiveAndWait({
    id: `webhook:deals:test-${counter}`,
    type: 'deal',
    platform: 'local',
    at: h.clock.now(),
    channel: `local:${channel}`,
    source: 'deals',
    deal: { ...deal, owner: deal.owner ? `local:${deal.owner}` : deal.owner },
  });
}

/** The ledger's entries of one kind, oldest first. */
export async function entriesOf(h: THarness, kind: string) {
  return (await h.deps.stores.ledger.recent({ limit: 200 })).filter((e) => e.kind === kind).reverse();
}

/** The words an entry would post (its params' `text`, plain or composed), or '' when it has none. */
export function textOf(entry: { params: unknown } | undefined): string {
  const params = entry?.params as { text?: unknown } | undefined;
  if (typeof params?.text === 'string') return params.text;
  const body = ZDoc.safeParse(params?.text);
  return body.success ? plainDoc(body.data) : '';
}
