import type { z } from 'zod';
import type { TChatTarget, TOutbound } from '../../core/chat-port.js';
import { looksLikeCommand } from '../../core/commands/grammar.js';
import { asAppError } from '../../core/errors.js';
import { type TKey, toKey } from '../../core/identity.js';
import type { TSignal } from '../../core/signal.js';
import { doc, rich, text } from '../../core/text/build.js';
import { mentions, saidTo, startsWithMention } from '../../core/text/inbound.js';
import { formatIssues } from '../../core/zod-issues.js';
import {
  splitConversation,
  type TAccount,
  type TMessageActivity,
  ZAnyActivity,
  type ZBase,
  ZCardData,
  ZConversationUpdate,
  ZInvoke,
  ZMessageActivity,
  ZMessageDelete,
  ZMessageUpdate,
  ZReactionActivity,
} from './activities.js';
import { cardActions, type TCardActionDeps } from './card-actions.js';
import type { TAnswer, TReference } from './connector.js';
import { hello } from './hello.js';
import { fromTeamsText, mentionTargets } from './inbound-text.js';

export type TActivityDeps = TCardActionDeps & {
  now(): Date;
  /** A single-tenant bot's tenant: activities from any other are refused. */
  tenant?: string;
  /** The bot's Teams id, learned from an activity when no app id says it. */
  learnBotId(id: string): void;
  /** Asks Teams who a Teams id is (for a mention of someone not seen yet). */
  lookupMember(to: TReference, teamsId: string): Promise<TAccount | undefined>;
  /** Everyone in a team or chat, page by page. */
  listMembers(to: TReference): AsyncIterable<TAccount[]>;
};

type TBase = z.infer<typeof ZBase>;

const teams = (id: string) => toKey('teams', id);
/** A person's key: their AAD object id, which is the same for every bot and in TEAMMATE_ADMINS. */
const personKey = (account: TAccount) => teams(account.aadObjectId ?? account.id);

const REACTIONS: Record<string, string> = {
  like: '+1',
  heart: 'heart',
  laugh: 'laughing',
  surprised: 'open_mouth',
  sad: 'cry',
  angry: 'angry',
  '✅': 'white_check_mark',
  '✔️': 'heavy_check_mark',
};

/**
 * Every activity Teams sends, once it is authenticated: the conversation and the person are remembered (for
 * proactive messages after a restart), messages become signals in the durable inbox (deduplicated by activity id),
 * commands and clicks are answered. Nothing here waits longer than Teams allows: invokes are answered within the
 * budget, and slow work continues in the background.
 */
export function activityHandler(deps: TActivityDeps): (body: unknown) => Promise<TAnswer | undefined> {
  const { teammate, chat, directory, background, log } = deps;
  const clicks = cardActions(deps);

  const conversationType = (activity: TBase) =>
    activity.conversation.conversationType ?? (activity.conversation.isGroup ? 'groupChat' : 'personal');
  const tenantOf = (activity: TBase) => activity.conversation.tenantId ?? activity.channelData?.tenant?.id;

  /** A conversation's name, when the activity says it: a channel's (the team's own id is its General channel). */
  const nameOf = (activity: TBase, conversation: string): string | undefined => {
    const { channel, team } = activity.channelData ?? {};
    if (channel?.id === conversation && channel.name) return channel.name;
    if (team?.id === conversation) return 'General';
    return activity.conversation.name || undefined;
  };

  /** Remembers where the activity came from and who sent it. */
  async function learn(activity: TBase): Promise<TReference> {
    deps.learnBotId(activity.recipient.id);
    const tenantId = tenantOf(activity);
    const conversationId = splitConversation(activity.conversation.id).conversation;
    const name = nameOf(activity, conversationId);
    const type = conversationType(activity);
    const team = activity.channelData?.team;
    if (team?.aadGroupId) await directory.rememberTeam(team.id, team.aadGroupId);
    const reference: TReference = {
      serviceUrl: activity.serviceUrl,
      conversationId,
      conversationType: type,
      ...(name ? { name } : {}),
      ...(type === 'channel' && team ? { teamId: team.id } : {}),
      ...(tenantId ? { tenantId } : {}),
      botId: activity.recipient.id,
      ...(activity.recipient.name ? { botName: activity.recipient.name } : {}),
    };
    await directory.rememberConversation(reference);
    await rememberPeople(activity, [activity.from], reference);
    return reference;
  }

  async function rememberPeople(activity: TBase, people: readonly TAccount[], reference: TReference): Promise<void> {
    const tenantId = tenantOf(activity);
    for (const person of people) {
      if (!person.aadObjectId || person.id === activity.recipient.id) continue;
      await directory.rememberPerson(person.aadObjectId, {
        teamsId: person.id,
        ...(person.name ? { name: person.name } : {}),
        serviceUrl: activity.serviceUrl,
        ...(tenantId ? { tenantId } : {}),
        ...(reference.conversationType === 'personal' ? { personal: reference.conversationId } : {}),
      });
    }
  }

  /**
   * Whom a mention means: the bot, or a person by AAD object id, from the entity, from who the bot has seen, or
   * asked of Teams (once; a lookup that fails leaves the Teams id, and the message is taken all the same).
   */
  async function resolver(activity: TMessageActivity | z.infer<typeof ZMessageUpdate>, reference: TReference) {
    const keys = new Map<string, TKey>();
    for (const entity of activity.entities) {
      const mentioned = entity.mentioned;
      if (entity.type !== 'mention' || !mentioned) continue;
      if (mentioned.id === activity.recipient.id) {
        keys.set(mentioned.id, chat.botUser);
        continue;
      }
      let aad = mentioned.aadObjectId ?? (await directory.aadIdOf(mentioned.id));
      if (!aad) {
        try {
          const member = await deps.lookupMember(reference, mentioned.id);
          if (member?.aadObjectId) {
            await rememberPeople(activity, [{ ...member, name: member.name ?? mentioned.name }], reference);
            aad = member.aadObjectId;
          }
        } catch (error) {
          log.warn({ err: asAppError(error), member: mentioned.id }, 'could not ask Teams who a mention means');
        }
      }
      keys.set(mentioned.id, teams(aad ?? mentioned.id));
    }
    return (teamsId: string) => keys.get(teamsId) ?? teams(teamsId);
  }

  const place = (activity: TBase) => {
    const { conversation, thread } = splitConversation(activity.conversation.id);
    return {
      channel: teams(conversation),
      messageId: activity.id,
      ...(thread && thread !== activity.id ? { thread } : {}),
    };
  };
  const signalBase = (activity: TBase, id: string) => ({
    id,
    platform: 'teams' as const,
    at: activity.timestamp ? new Date(activity.timestamp) : deps.now(),
  });

  async function receive(signal: TSignal, activity: TBase): Promise<void> {
    const result = await teammate.receive(signal);
    log.debug({ activity: activity.id, signal: signal.type, result }, 'received a Teams activity');
  }

  /** A command's answer goes where it was asked (the thread in a channel, the chat otherwise); a refusal privately. */
  function answerCommand(where: TChatTarget, user: TKey, commandText: string): void {
    background.run('a Teams command', async () => {
      let out: TOutbound;
      try {
        out = await teammate.handleCommand({ platform: 'teams', channel: where.channel, user, text: commandText });
        if (/^\s*help\b/i.test(commandText) || commandText.trim() === '') {
          out = {
            body: out.body,
            card: { title: rich`Teammate: what you can ask`, body: out.body, fields: [], buttons: [] },
          };
        }
      } catch (error) {
        const failure = asAppError(error);
        log.error({ err: failure, command: commandText }, 'Teams command failed');
        out = { body: doc([text(failure.userMessage)]) };
      }
      if (out.refusal && where.thread) {
        // Teams bots cannot reply privately in a channel: a refusal goes to the asker's personal chat.
        try {
          await chat.sendDm(user, out);
          return;
        } catch (error) {
          log.warn({ err: asAppError(error) }, 'could not send a refusal privately; answering in the thread');
        }
      }
      await chat.post(where, out);
    });
  }

  async function onMessage(activity: TMessageActivity): Promise<void> {
    const reference = await learn(activity);
    if (activity.from.id === activity.recipient.id) return;
    const user = personKey(activity.from);
    const clicked = ZCardData.safeParse(activity.value);
    if (clicked.success) return clicks.submit(clicked.data, user);
    const content = fromTeamsText(
      activity.text,
      mentionTargets(activity.entities, await resolver(activity, reference)),
    );
    const where = place(activity);
    const personal = reference.conversationType === 'personal';
    const addressed = personal || startsWithMention(content, chat.botUser);
    const said = saidTo(content, chat.botUser);
    if (addressed && looksLikeCommand(said)) {
      return answerCommand(
        { channel: where.channel, ...(personal ? {} : { thread: where.thread ?? where.messageId }) },
        user,
        said,
      );
    }
    const base = { ...where, user, text: content };
    // What people say in the personal chat is said to the bot alone: a request, not a channel's conversation for the
    // detectors to watch.
    if (!personal) {
      await receive(
        {
          ...signalBase(activity, `teams:${activity.id}`),
          type: 'message',
          ...base,
          // Bot Framework bots have 28: ids; the core reads their messages only with TEAMMATE_READ_BOT_MESSAGES.
          fromBot: activity.from.id.startsWith('28:'),
        },
        activity,
      );
    }
    if (addressed || mentions(content, chat.botUser)) {
      await receive({ ...signalBase(activity, `teams:${activity.id}:mention`), type: 'mention', ...base }, activity);
    }
  }

  async function onConversationUpdate(activity: z.infer<typeof ZConversationUpdate>): Promise<void> {
    const reference = await learn(activity);
    await rememberPeople(activity, activity.membersAdded, reference);
    const channel = teams(reference.conversationId);
    for (const member of activity.membersAdded) {
      if (member.id === activity.recipient.id) {
        log.info(
          { conversation: reference.conversationId, type: reference.conversationType },
          'Teammate was added in Teams',
        );
        background.run('saying hello in Teams', async () => {
          await chat.post({ channel }, hello(reference.conversationType === 'personal'));
        });
        // Who is there, so that the bot can name, mention and write to people before they have said anything
        // (admins and approvers from the configuration among them).
        if (reference.conversationType !== 'personal') {
          background.run('learning who is in a Teams conversation', async () => {
            let count = 0;
            for await (const page of deps.listMembers(reference)) {
              await rememberPeople(activity, page, reference);
              count += page.length;
            }
            log.info(
              { conversation: reference.conversationId, members: count },
              'learned the members of a Teams conversation',
            );
          });
        }
      } else if (reference.conversationType !== 'personal') {
        await receive(
          {
            ...signalBase(activity, `teams:${activity.id}:joined:${member.id}`),
            type: 'member_joined',
            channel,
            user: personKey(member),
          },
          activity,
        );
      }
    }
    for (const member of activity.membersRemoved) {
      log.info({ conversation: reference.conversationId, member: member.id }, 'a member left a Teams conversation');
    }
  }

  return async (body) => {
    const any = ZAnyActivity.safeParse(body);
    if (!any.success) return { status: 400, body: { error: 'not a Bot Framework activity' } };
    const tenant = any.data.conversation?.tenantId ?? any.data.channelData?.tenant?.id;
    if (deps.tenant && tenant && tenant !== deps.tenant) {
      log.warn({ activity: any.data.id, tenant }, 'refused a Teams activity from another tenant');
      return { status: 403, body: { error: 'forbidden', message: 'this bot serves one Microsoft 365 tenant only' } };
    }
    const parse = <T>(schema: z.ZodType<T>): T | undefined => {
      const parsed = schema.safeParse(body);
      if (parsed.success) return parsed.data;
      log.warn(
        { activity: any.data.id, type: any.data.type, error: formatIssues(parsed.error) },
        'ignored a malformed Teams activity',
      );
      return undefined;
    };
    switch (any.data.type) {
      case 'message': {
        const activity = parse(ZMessageActivity);
        if (activity) await onMessage(activity);
        return activity ? undefined : { status: 400 };
      }
      case 'messageUpdate': {
        const activity = parse(ZMessageUpdate);
        if (!activity) return { status: 400 };
        const reference = await learn(activity);
        const content = fromTeamsText(
          activity.text,
          mentionTargets(activity.entities, await resolver(activity, reference)),
        );
        await receive(
          {
            ...signalBase(activity, `teams:${activity.id}:edited:${activity.timestamp ?? deps.now().toISOString()}`),
            type: 'message_edited',
            ...place(activity),
            user: personKey(activity.from),
            text: content,
          },
          activity,
        );
        return undefined;
      }
      case 'messageDelete': {
        const activity = parse(ZMessageDelete);
        if (!activity) return { status: 400 };
        await learn(activity);
        const where = place(activity);
        await receive(
          {
            ...signalBase(activity, `teams:${activity.id}:deleted`),
            type: 'message_deleted',
            channel: where.channel,
            messageId: activity.id,
          },
          activity,
        );
        return undefined;
      }
      case 'messageReaction': {
        const activity = parse(ZReactionActivity);
        if (!activity) return { status: 400 };
        await learn(activity);
        const channel = place(activity).channel;
        const reactions = [
          ...activity.reactionsAdded.map((r) => ({ ...r, added: true })),
          ...activity.reactionsRemoved.map((r) => ({ ...r, added: false })),
        ];
        for (const reaction of reactions) {
          await receive(
            {
              ...signalBase(activity, `teams:${activity.id}:${reaction.added ? '+' : '-'}${reaction.type}`),
              type: 'reaction',
              channel,
              messageId: activity.replyToId,
              user: personKey(activity.from),
              emoji: REACTIONS[reaction.type] ?? reaction.type,
              added: reaction.added,
            },
            activity,
          );
        }
        return undefined;
      }
      case 'conversationUpdate': {
        const activity = parse(ZConversationUpdate);
        if (!activity) return { status: 400 };
        await onConversationUpdate(activity);
        return undefined;
      }
      case 'invoke': {
        const activity = parse(ZInvoke);
        if (!activity) return { status: 400 };
        if (activity.name === 'adaptiveCard/action') {
          await learn(activity);
          return clicks.execute(activity, personKey(activity.from));
        }
        log.debug({ name: activity.name }, 'ignored a Teams invoke');
        return { status: 200 };
      }
      default:
        log.debug({ type: any.data.type }, 'ignored a Teams activity');
        return undefined;
    }
  };
}
