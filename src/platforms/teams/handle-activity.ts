import { setTimeout as sleep } from 'node:timers/promises';
import type { z } from 'zod';
import type { Background } from '../../core/background.js';
import type { ChatPort, TCard, TChatTarget, TOutbound } from '../../core/chat-port.js';
import { looksLikeCommand } from '../../core/commands/grammar.js';
import { asAppError } from '../../core/errors.js';
import { type TKey, toKey } from '../../core/identity.js';
import { shortId } from '../../core/ledger-entry.js';
import type { Logger } from '../../core/logger.js';
import type { TSignal } from '../../core/signal.js';
import type { Teammate } from '../../core/teammate.js';
import { code, doc, rich, text } from '../../core/text/build.js';
import { saidTo, startsWithMention } from '../../core/text/inbound.js';
import { formatIssues } from '../../core/zod-issues.js';
import {
  splitConversation,
  type TAccount,
  type TCardData,
  type TInvoke,
  type TMessageActivity,
  ZAnyActivity,
  type ZBase,
  ZCardData,
  ZConversationUpdate,
  ZExecute,
  ZInvoke,
  ZMessageActivity,
  ZMessageDelete,
  ZMessageUpdate,
  ZReactionActivity,
} from './activities.js';
import type { TAnswer, TReference } from './connector.js';
import type { TeamsDirectory } from './directory.js';
import { fromTeamsText, mentionTargets } from './inbound-text.js';
import type { TeamsRenderer } from './render.js';

/** How long a click may work before its invoke is answered anyway (Teams waits 5 s); the work goes on after. */
export const INVOKE_BUDGET_MS = 3_500;

const CARD = 'application/vnd.microsoft.card.adaptive';
const MESSAGE = 'application/vnd.microsoft.activity.message';

export type TActivityDeps = {
  teammate: Teammate;
  chat: ChatPort;
  directory: TeamsDirectory;
  render: TeamsRenderer;
  background: Background;
  log: Logger;
  now(): Date;
  /** The bot's Teams id, learned from an activity when no app id says it. */
  learnBotId(id: string): void;
  /** Asks Teams who a Teams id is (for a mention of someone not seen yet). */
  lookupMember(to: TReference, teamsId: string): Promise<TAccount | undefined>;
  /** Everyone in a team or chat, page by page. */
  listMembers(to: TReference): AsyncIterable<TAccount[]>;
  invokeBudgetMs?: number;
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

const cardAnswer = (card: unknown): TAnswer => ({ status: 200, body: { statusCode: 200, type: CARD, value: card } });
const messageAnswer = (message: string): TAnswer => ({
  status: 200,
  body: { statusCode: 200, type: MESSAGE, value: message.slice(0, 1_000) },
});

/**
 * Every activity Teams sends, once it is authenticated: the conversation and the person are remembered (for
 * proactive messages after a restart), messages become signals in the durable inbox (deduplicated by activity id),
 * commands and clicks are answered. Nothing here waits longer than Teams allows: invokes are answered within the
 * budget, and slow work continues in the background.
 */
export function activityHandler(deps: TActivityDeps): (body: unknown) => Promise<TAnswer | undefined> {
  const { teammate, chat, directory, render, background, log } = deps;
  const budget = deps.invokeBudgetMs ?? INVOKE_BUDGET_MS;

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
    const reference: TReference = {
      serviceUrl: activity.serviceUrl,
      conversationId,
      conversationType: conversationType(activity),
      ...(name ? { name } : {}),
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
    if (clicked.success) return onSubmit(clicked.data, user);
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
    if (addressed || content.some((node) => node.type === 'mention' && node.user === chat.botUser)) {
      await receive({ ...signalBase(activity, `teams:${activity.id}:mention`), type: 'mention', ...base }, activity);
    }
  }

  /** A click from a client without universal actions (Action.Submit): the answer goes privately, by direct message. */
  function onSubmit(data: TCardData, user: TKey): void {
    if (data.action === 'refresh') return;
    const action = data.action;
    background.run('a Teams card click', async () => {
      const out = await teammate.handleInteraction({
        platform: 'teams',
        user,
        action,
        entryId: data.entryId,
        ...(data.reason?.trim() ? { reason: data.reason.trim() } : {}),
      });
      await chat.sendDm(user, out);
    });
  }

  /** Runs slow work for at most the budget; afterwards it goes on in the background. */
  async function withinBudget<T>(what: string, work: Promise<T>): Promise<{ done: true; value: T } | { done: false }> {
    const tracked = work.then((value) => ({ done: true as const, value }));
    const timeout = new AbortController();
    const timer = sleep(budget, undefined, { signal: timeout.signal }).then(
      () => ({ done: false as const }),
      () => ({ done: false as const }),
    );
    try {
      const first = await Promise.race([tracked, timer]);
      if (!first.done) background.run(what, async () => void (await tracked));
      return first;
    } finally {
      timeout.abort();
    }
  }

  async function onExecute(activity: TInvoke): Promise<TAnswer> {
    await learn(activity);
    const execute = ZExecute.safeParse(activity.value);
    const data = ZCardData.safeParse(execute.success ? execute.data.action.data : undefined);
    if (!execute.success || !data.success) {
      log.warn({ activity: activity.id }, 'ignored a card action that is not ours');
      return {
        status: 400,
        body: {
          statusCode: 400,
          type: 'application/vnd.microsoft.error',
          value: { code: 'BadRequest', message: 'not a Teammate card action' },
        },
      };
    }
    const user = personKey(activity.from);
    const { entryId, action } = data.data;
    const id = shortId(entryId);
    if (action === 'refresh') {
      const current = await teammate.currentCard('teams', entryId);
      return current?.card ? cardAnswer(await renderCard(current.card)) : messageAnswer(`${id} is not a Teams action.`);
    }
    if (action === 'approve' || action === 'reject') {
      const refusal = await teammate.decisionRefusal('teams', entryId, user);
      if (refusal) return messageAnswer(await render.plain(flatten(refusal)));
    }
    const reason = data.data.reason?.trim();
    const run = teammate.handleInteraction({ platform: 'teams', user, action, entryId, ...(reason ? { reason } : {}) });
    if (action === 'why') {
      // The answer goes to the person's personal chat (opened if need be), within the budget if it can.
      let answer: TOutbound | undefined;
      const sent = await withinBudget(
        `why ${id}`,
        run.then(async (out) => {
          answer = out;
          await chat.sendDm(user, out);
        }),
      ).catch((error: unknown) => {
        log.warn({ err: asAppError(error), entry: id }, 'could not send the answer to why by direct message');
        return undefined;
      });
      if (sent?.done) return messageAnswer(`I sent you why ${id} happened in our chat.`);
      if (sent) return messageAnswer(`I am sending you why ${id} happened in our chat.`);
      // The personal chat could not be reached: the answer itself, as short text.
      return messageAnswer(
        answer ? await render.plain(flatten(answer)) : `I could not explain ${id} just now; ask me "why ${id}" again.`,
      );
    }
    const result = await withinBudget(`${action} ${id}`, run);
    if (!result.done) return messageAnswer(`Working on ${id}; its card will show the outcome.`);
    if (action === 'undo') return messageAnswer(await render.plain(flatten(result.value)));
    const current = await teammate.currentCard('teams', entryId);
    return current?.card
      ? cardAnswer(await renderCard(current.card))
      : messageAnswer(await render.plain(flatten(result.value)));
  }

  const renderCard = async (card: TCard) => render.card(card, { deciders: await directory.teamsIds(card.deciders) });

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
        if (activity.name === 'adaptiveCard/action') return onExecute(activity);
        log.debug({ name: activity.name }, 'ignored a Teams invoke');
        return { status: 200 };
      }
      default:
        log.debug({ type: any.data.type }, 'ignored a Teams activity');
        return undefined;
    }
  };
}

/** The rich text of a one-paragraph answer (refusals, outcomes), for the short message an invoke answer shows. */
function flatten(out: TOutbound) {
  return out.body.flatMap((block, i) => {
    const content =
      block.type === 'paragraph' ? block.content : block.type === 'list' ? block.items.flat() : [text(block.text)];
    return i === 0 ? content : [text(' '), ...content];
  });
}

/** What Teammate says when it is added to a team, a chat or someone's personal scope. */
export function hello(personal: boolean): TOutbound {
  const ask = personal ? code('help') : code('@Teammate help');
  const body = doc(
    rich`Hi, I'm Teammate. I notice what needs doing (questions nobody answered, deadlines slipping, meetings nobody comes to) and propose actions; your team's policy decides which I may do alone and which need someone to approve them.`,
    rich`Every action is recorded with why I took it, and can be undone. Type ${ask} for what you can ask me.`,
  );
  return { body, card: { title: rich`Teammate is here`, body, fields: [], buttons: [] } };
}
