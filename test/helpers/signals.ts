import { plainDoc } from '../../src/core/text/plain.js';
import { ZDoc } from '../../src/core/text/rich-text.js';
import type { THarness } from './harness.js';

let counter = 0;

/** A webhook event, as the route hands it to the core once the source type has read the body. */
async function webhookEvent(h: THarness, source: string, kind: string, channel: string, key: string, payload: unknown) {
  counter += 1;
  await h.teammate.receiveAndWait({
    id: `webhook:${source}:test-${counter}`,
    type: 'webhook',
    platform: 'local',
    at: h.clock.now(),
    channel: `local:${channel}`,
    source,
    kind,
    key,
    payload,
  });
}

/** A task tracker's event (the `task` source type, under the name `tasks`). */
export async function taskEvent(
  h: THarness,
  event: 'created' | 'assigned' | 'due' | 'done' | 'updated',
  task: { id: string; title: string; assignee?: string | null; due?: Date | null; status?: 'open' | 'done' },
  channel = 'general',
): Promise<void> {
  const assignee = task.assignee ? `local:${task.assignee}` : task.assignee;
  await webhookEvent(h, 'tasks', 'task', channel, task.id, { event, task: { ...task, assignee } });
}

/** A CRM's event (the `deal` source type, under the name `deals`). */
export async function dealEvent(
  h: THarness,
  deal: { id: string; name: string; stage: string; owner?: string; lastActivityAt: Date; value?: string },
  channel = 'sales',
): Promise<void> {
  const owner = deal.owner ? `local:${deal.owner}` : deal.owner;
  await webhookEvent(h, 'deals', 'deal', channel, deal.id, { deal: { ...deal, owner } });
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
