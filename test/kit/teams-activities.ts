import { readFileSync } from 'node:fs';

// Activities as Teams sends them, built from real captures in ../shared/fixtures/teams/ (see its README):
// - teams.net/captured/TeamsActivityTests.json.channel_message_mention.json: a REAL channel message with an <at>
//   mention (2025-10), the base of every channel message here;
// - teams.net/captured/TeamsActivityTests.jsonInvoke.adaptiveCard_action.json: a REAL Action.Execute invoke (2026-01);
// - msteams-docs/conversationUpdate.teamMemberAdded.bot_added_to_team.json: Microsoft's example of the bot being
//   added to a team.
// Only ids, text, people and the serviceUrl are replaced (the serviceUrl with the connector stand-in's).

const FIXTURES = new URL('../../../shared/fixtures/teams/', import.meta.url);
const fixture = (path: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(path, FIXTURES), 'utf8')) as Record<string, unknown>;

const CHANNEL_MESSAGE = fixture('teams.net/captured/TeamsActivityTests.json.channel_message_mention.json');
const EXECUTE = fixture('teams.net/captured/TeamsActivityTests.jsonInvoke.adaptiveCard_action.json');
const BOT_ADDED = fixture('msteams-docs/conversationUpdate.teamMemberAdded.bot_added_to_team.json');

export type TTeamsPerson = { id: string; name: string; aadObjectId: string };

export const APP_ID = '0b6fe6d1-fece-44f7-9a48-56465e2d5ab8';
export const BOT = { id: `28:${APP_ID}`, name: 'Teammate' };
export const TENANT = '50612dbb-0237-4969-b378-8d42590f9c00';
export const TEAM = '19:66P469zibfbsGI-_a0aN_toLTZpyzS6u7CT3TsXdgPw1@thread.tacv2';
export const CHANNEL = '19:6848757105754c8981c67612732d9aa7@thread.tacv2';

const person = (name: string, aad: string): TTeamsPerson => ({
  id: `29:1${name.toLowerCase()}-teams-id-${aad.slice(0, 8)}`,
  name,
  aadObjectId: aad,
});
export const ALICE = person('Alice', 'a11ce000-0000-4000-8000-000000000001');
export const BOB = person('Bob', 'b0b00000-0000-4000-8000-000000000002');
export const CAROL = person('Carol', 'ca201000-0000-4000-8000-000000000003');
export const DANA = person('Dana', 'da1a0000-0000-4000-8000-000000000004');

let counter = 1_759_944_781_430;
export const nextId = () => String(counter++);

const clone = <T>(value: T): T => structuredClone(value);

/** A message in a channel (a new post, or a reply when `thread` names the post). */
export function channelMessage(options: {
  serviceUrl: string;
  from: TTeamsPerson;
  text: string;
  id?: string;
  thread?: string;
  /** Put the bot's mention in front, with its entity, as Teams does for "@Teammate …". */
  mentionBot?: boolean;
  /** People mentioned in `text` as `<at>Name</at>`: their entities, as Teams sends them (Teams id and name only). */
  mentions?: TTeamsPerson[];
  channel?: string;
  timestamp?: Date;
}): Record<string, unknown> {
  const activity = clone(CHANNEL_MESSAGE);
  const id = options.id ?? nextId();
  const channel = options.channel ?? CHANNEL;
  const at = `<at>${BOT.name}</at>`;
  Object.assign(activity, {
    id,
    serviceUrl: options.serviceUrl,
    text: options.mentionBot ? `${at} ${options.text}` : options.text,
    from: options.from,
    recipient: BOT,
    conversation: { ...(activity.conversation as object), id: `${channel};messageid=${options.thread ?? id}` },
    entities: [
      ...(options.mentionBot ? [{ type: 'mention', text: at, mentioned: BOT }] : []),
      ...(options.mentions ?? []).map((p) => ({
        type: 'mention',
        text: `<at>${p.name}</at>`,
        mentioned: { id: p.id, name: p.name },
      })),
      ...(activity.entities as { type: string }[]).filter((e) => e.type !== 'mention'),
    ],
    timestamp: (options.timestamp ?? new Date()).toISOString(),
  });
  (activity.channelData as Record<string, unknown>).teamsChannelId = channel;
  delete activity.attachments;
  return activity;
}

/** A message in the bot's personal chat with someone. */
export function personalMessage(options: {
  serviceUrl: string;
  from: TTeamsPerson;
  text: string;
  conversation?: string;
}): Record<string, unknown> {
  const activity = clone(EXECUTE);
  for (const key of ['name', 'value', 'replyToId']) delete activity[key];
  Object.assign(activity, {
    type: 'message',
    id: nextId(),
    serviceUrl: options.serviceUrl,
    text: options.text,
    textFormat: 'plain',
    from: options.from,
    recipient: BOT,
    conversation: {
      conversationType: 'personal',
      tenantId: TENANT,
      id: options.conversation ?? `a:personal-${options.from.aadObjectId}`,
    },
    channelData: { tenant: { id: TENANT } },
    timestamp: new Date().toISOString(),
  });
  return activity;
}

/** A click on an Action.Execute button of the card `cardId`, posted in `conversation` (with its thread). */
export function executeInvoke(options: {
  serviceUrl: string;
  from: TTeamsPerson;
  cardId: string;
  conversation: string;
  verb: string;
  data: unknown;
  trigger?: 'manual' | 'automatic';
}): Record<string, unknown> {
  const activity = clone(EXECUTE);
  Object.assign(activity, {
    id: `f:${nextId()}`,
    serviceUrl: options.serviceUrl,
    from: options.from,
    recipient: BOT,
    conversation: { isGroup: true, conversationType: 'channel', tenantId: TENANT, id: options.conversation },
    channelData: { tenant: { id: TENANT }, source: { name: 'message' }, channel: { id: CHANNEL }, team: { id: TEAM } },
    replyToId: options.cardId,
    value: {
      action: { type: 'Action.Execute', title: options.verb, verb: options.verb, data: options.data },
      trigger: options.trigger ?? 'manual',
    },
    timestamp: new Date().toISOString(),
  });
  return activity;
}

/** Teammate added to a team (its General channel is the conversation). */
export function botAddedToTeam(options: { serviceUrl: string; by: TTeamsPerson; channel?: string }) {
  const activity = clone(BOT_ADDED);
  const channel = options.channel ?? CHANNEL;
  Object.assign(activity, {
    id: `f:${nextId()}`,
    serviceUrl: options.serviceUrl,
    membersAdded: [{ id: BOT.id }],
    from: { id: options.by.id, aadObjectId: options.by.aadObjectId },
    recipient: BOT,
    conversation: { isGroup: true, conversationType: 'channel', tenantId: TENANT, id: channel, name: 'General' },
    channelData: {
      ...(activity.channelData as object),
      settings: { selectedChannel: { id: channel } },
      team: { aadGroupId: 'f3ec8cd2-e704-4344-8c47-9a3a21d683c0', name: 'Platform', id: TEAM },
      tenant: { id: TENANT },
    },
    timestamp: new Date().toISOString(),
  });
  return activity;
}
