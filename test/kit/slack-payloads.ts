import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Slack payloads built from the public fixtures in ../shared/fixtures/slack (their provenance is listed in
// ../shared/fixtures/README.md): the real wire shapes, with ids and texts set per test.

export const fixtures = join(fileURLToPath(new URL('../../..', import.meta.url)), 'shared', 'fixtures', 'slack');
export const fixture = <T = Record<string, unknown>>(path: string): T =>
  JSON.parse(readFileSync(join(fixtures, path), 'utf8'));
const clone = <T>(value: T): T => structuredClone(value);

let eventCounter = 0;
export const nextEventId = () => `EvTEST${String(++eventCounter).padStart(6, '0')}`;

type TMessage = { channel: string; user: string; text: string; ts: string; threadTs?: string; eventId?: string };

/** An Events API delivery of a channel message (from java-slack-sdk's EventTest.messagePayload). */
export function messageEvent(m: TMessage): Record<string, unknown> {
  const body = clone(
    fixture<Record<string, unknown> & { event: Record<string, unknown> }>(
      'java-slack-sdk-bolt-tests/EventTest.messagePayload.json',
    ),
  );
  body.event_id = m.eventId ?? nextEventId();
  body.event_time = Math.floor(Number(m.ts));
  body.team_id = 'T0TEST';
  Object.assign(body.event, { channel: m.channel, user: m.user, text: m.text, ts: m.ts, event_ts: m.ts, blocks: [] });
  if (m.threadTs) body.event.thread_ts = m.threadTs;
  return body;
}

/** reaction_added (from python-slack-events-api), given an envelope id and time Slack always sets. */
export function reactionEvent(r: {
  channel: string;
  user: string;
  ts: string;
  reaction: string;
}): Record<string, unknown> {
  const body = clone(
    fixture<Record<string, unknown> & { event: Record<string, unknown> }>(
      'python-slack-events-api/reaction_added.json',
    ),
  );
  Object.assign(body, { event_id: nextEventId(), event_time: Math.floor(Date.now() / 1000), team_id: 'T0TEST' });
  Object.assign(body.event, {
    user: r.user,
    reaction: r.reaction,
    item: { type: 'message', channel: r.channel, ts: r.ts },
  });
  return body;
}

/** Any inner event wrapped as Slack wraps it (the envelope of EventTest.messagePayload). */
export function envelope(event: Record<string, unknown>): Record<string, unknown> {
  const body = clone(fixture<Record<string, unknown>>('java-slack-sdk-bolt-tests/EventTest.messagePayload.json'));
  return { ...body, event_id: nextEventId(), event_time: Math.floor(Date.now() / 1000), team_id: 'T0TEST', event };
}

/** The form fields of a slash command (from java-slack-sdk's SlashCommandTest form-urlencoded body). */
export function commandFields(c: {
  text: string;
  user: string;
  channel: string;
  responseUrl: string;
}): Record<string, string> {
  const raw = readFileSync(
    join(fixtures, 'java-slack-sdk-bolt-tests/SlashCommandTest.slashCommandPayload.form-urlencoded.txt'),
    'utf8',
  ).trim();
  const fields = Object.fromEntries(new URLSearchParams(raw));
  return {
    ...fields,
    command: '/teammate',
    text: c.text,
    user_id: c.user,
    channel_id: c.channel,
    team_id: 'T0TEST',
    response_url: c.responseUrl,
  };
}

type TClick = {
  user: string;
  channel: string;
  messageTs: string;
  threadTs?: string;
  actionId: string;
  value: string;
  responseUrl: string;
  blocks?: unknown[];
};

/** A Block Kit block as the tests read it: its type, its buttons, its text. */
export type TBlock = { type: string; elements?: { action_id: string; value: string }[]; text?: { text: string } };

/** The value of the button `actionId` in a message's blocks (what a click sends back), or '' when there is none. */
export const buttonValue = (blocks: unknown, actionId: string): string =>
  ((blocks as TBlock[] | undefined) ?? []).flatMap((b) => b.elements ?? []).find((e) => e.action_id === actionId)
    ?.value ?? '';

/** A button click in a message (the block_actions payload of java-slack-sdk's Socket Mode interactive envelope). */
export function blockAction(c: TClick): Record<string, unknown> {
  const payload = clone(
    fixture<{ payload: Record<string, unknown> }>(
      'java-slack-sdk-bolt-tests/socket-mode/MockSocketMode.interactiveEnvelope.json',
    ).payload,
  );
  Object.assign(payload, {
    user: { id: c.user, username: c.user, name: c.user, team_id: 'T0TEST' },
    team: { id: 'T0TEST', domain: 'teammate-test' },
    container: {
      type: 'message',
      message_ts: c.messageTs,
      channel_id: c.channel,
      is_ephemeral: false,
      ...(c.threadTs ? { thread_ts: c.threadTs } : {}),
    },
    channel: { id: c.channel, name: 'general' },
    message: { ...(payload.message as object), ts: c.messageTs, ...(c.blocks ? { blocks: c.blocks } : {}) },
    response_url: c.responseUrl,
    actions: [
      {
        action_id: c.actionId,
        block_id: 'entry_actions',
        type: 'button',
        value: c.value,
        text: { type: 'plain_text', text: 'x' },
        action_ts: '1.2',
      },
    ],
  });
  return payload;
}

/** A button click in App Home (java-slack-sdk's BlockActionTest home payload: container of type view). */
export function homeAction(c: { user: string; actionId: string; value: string }): Record<string, unknown> {
  const payload = clone(
    fixture<Record<string, unknown>>(
      'java-slack-sdk-bolt-tests/BlockActionTest.realPayload.block_actions_home_button.json',
    ),
  );
  Object.assign(payload, {
    user: { id: c.user, username: c.user, name: c.user, team_id: 'T0TEST' },
    actions: [
      {
        action_id: c.actionId,
        block_id: 'home_1_actions',
        type: 'button',
        value: c.value,
        text: { type: 'plain_text', text: 'x' },
        action_ts: '1.2',
      },
    ],
  });
  return payload;
}

/** The Reject form submitted (java-slack-sdk's ViewSubmissionTest real payload, with our callback and field). */
export function rejectSubmission(s: {
  user: string;
  privateMetadata: string;
  reason?: string;
}): Record<string, unknown> {
  const payload = clone(
    fixture<Record<string, unknown> & { view: Record<string, unknown> }>(
      'java-slack-sdk-bolt-tests/ViewSubmissionTest.realPayload.view_submission.json',
    ),
  );
  Object.assign(payload, { user: { id: s.user, username: s.user, name: s.user, team_id: 'T0TEST' } });
  Object.assign(payload.view, {
    callback_id: 'teammate_reject',
    private_metadata: s.privateMetadata,
    state: { values: { reason: { reason: { type: 'plain_text_input', value: s.reason ?? null } } } },
  });
  return payload;
}
