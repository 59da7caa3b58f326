import type { ChatPort, TChatTarget, TOutbound } from '../../core/chat-port.js';
import { AppError, AppErrorCode } from '../../core/errors.js';
import { ownId, type TKey, toKey } from '../../core/identity.js';
import type { TMessageRef } from '../../core/message-ref.js';
import type { TConnector, TReference } from './connector.js';
import type { TeamsDirectory } from './directory.js';
import type { Outbound } from './outbound.js';
import type { TeamsRenderer } from './render.js';

/** A Teams id out of a key; a key of another platform is refused with a clear error, never sent to Teams. */
export const teamsId = (key: TKey): string => ownId(key, 'teams', 'is not a Teams user or conversation');

export type TTeamsPortDeps = {
  connector: TConnector;
  directory: TeamsDirectory;
  render: TeamsRenderer;
  outbound: Outbound;
  /** The bot's own Teams id (28:…), known from the app id or from the first activity. */
  botId(): string;
};

/**
 * The ChatPort over the Bot Connector: posts, replies in threads, updates and deletes its own messages, and direct
 * messages (opening the personal chat in the tenant when there is none). Teams bots cannot pin, set topics, react,
 * schedule messages or read history, so those capabilities are absent and the core never asks for them.
 */
export function teamsChatPort(deps: TTeamsPortDeps): ChatPort {
  const { connector, directory, render, outbound } = deps;

  const reach = async (conversation: string): Promise<TReference> => {
    const reference = await directory.conversation(conversation);
    if (!reference) {
      throw new AppError(AppErrorCode.chat, {
        message: `I cannot reach teams:${conversation} yet: Teams lets a bot post only in teams and chats it was added to, after it has heard from them`,
      });
    }
    return reference;
  };
  /** Channel messages can be replies in a thread; chats have no threads. */
  const inThread = (reference: TReference, thread: string | undefined): TReference =>
    thread && reference.conversationType === 'channel'
      ? { ...reference, conversationId: `${reference.conversationId};messageid=${thread}` }
      : reference;
  const activity = async (message: TOutbound) =>
    render.activity(message, { deciders: await directory.teamsIds(message.card?.deciders) });

  const postTo = async (reference: TReference, target: TChatTarget, message: TOutbound): Promise<TMessageRef> => {
    const to = inThread(reference, target.thread);
    const body = await activity(message);
    const { id } = await outbound.run(reference.conversationId, 'a message', () => connector.send(to, body));
    if (!id) throw new AppError(AppErrorCode.chat, { message: 'Teams answered a message without its id' });
    const thread = reference.conversationType === 'channel' ? target.thread : undefined;
    return { platform: 'teams', conversation: target.channel, id, ...(thread ? { thread } : {}) };
  };

  return {
    platform: 'teams',
    get botUser() {
      return toKey('teams', deps.botId());
    },
    async post(target, message) {
      return postTo(await reach(teamsId(target.channel)), target, message);
    },
    async update(ref, message) {
      const reference = inThread(await reach(teamsId(ref.conversation)), ref.thread);
      const body = await activity(message);
      await outbound.run(reference.conversationId, 'an update', () => connector.update(reference, ref.id, body));
    },
    async remove(ref) {
      const reference = inThread(await reach(teamsId(ref.conversation)), ref.thread);
      await outbound.run(reference.conversationId, 'a deletion', () => connector.remove(reference, ref.id));
    },
    async sendDm(user, message) {
      const aadObjectId = teamsId(user);
      const person = await directory.person(aadObjectId);
      if (!person) {
        throw new AppError(AppErrorCode.chat, {
          message: `I cannot write to ${user} yet: Teams tells a bot who someone is only after they wrote where the bot is, or the bot was added where they are`,
        });
      }
      let personal = person.personal ? await directory.conversation(person.personal) : undefined;
      if (!personal) {
        const base: TReference = {
          serviceUrl: person.serviceUrl,
          conversationId: person.personal ?? person.teamsId,
          conversationType: 'personal',
          ...(person.tenantId ? { tenantId: person.tenantId } : {}),
          botId: deps.botId(),
        };
        personal = await outbound.run(`@${aadObjectId}`, 'opening a personal chat', () =>
          connector.createPersonal(base, person.teamsId),
        );
        await directory.rememberConversation(personal);
        await directory.rememberPerson(aadObjectId, { ...person, personal: personal.conversationId });
      }
      return postTo(personal, { channel: toKey('teams', personal.conversationId) }, message);
    },
  };
}
