import type { ChatPort } from './chat-port.js';
import type { Clock } from './clock.js';
import type { CoreDeps } from './deps.js';
import { chatFor } from './deps.js';
import { AppError, AppErrorCode, asAppError } from './errors.js';
import type { ScheduledMessageStore } from './store-ports.js';

/**
 * Scheduled messages for a platform that has none (Teams, or any adapter without the capability): Teammate keeps
 * them in its database and posts each one when it is due (postDueMessages, on every tick), so `schedule_message`
 * works, and is undone, the same on every platform. Ports that schedule for themselves (Slack) are left as they are.
 */
export function withOwnScheduling(chat: ChatPort, store: ScheduledMessageStore, clock: Clock): ChatPort {
  if (chat.scheduling) return chat;
  // The port's own members stay its own (some are getters, such as a bot id learned late); only scheduling is added.
  const port: ChatPort = Object.create(chat);
  Object.defineProperty(port, 'scheduling', {
    enumerable: true,
    value: {
      async schedule(target, message, postAt) {
        const id = await store.add(
          {
            platform: chat.platform,
            channel: target.channel,
            ...(target.thread ? { thread: target.thread } : {}),
            body: message.body,
            postAt,
          },
          clock.now(),
        );
        return { id: String(id) };
      },
      async cancel(_channel, id) {
        if (!(await store.cancel(Number(id), clock.now()))) {
          throw new AppError(AppErrorCode.conflict, { message: 'the message was already sent, or is being sent' });
        }
      },
    } satisfies NonNullable<ChatPort['scheduling']>,
  });
  return port;
}

/** A post takes seconds; a message still being posted after this was interrupted. */
const POSTING_LEASE_MS = 10 * 60_000;

/**
 * Posts the messages that are due, each once; one that cannot be posted is recorded as failed, with the reason,
 * and so is one a stopped process was posting (at most once: it is never posted again).
 */
export async function postDueMessages(deps: CoreDeps): Promise<void> {
  const now = deps.clock.now();
  const interrupted = await deps.stores.scheduled.abandon(new Date(now.getTime() - POSTING_LEASE_MS), now);
  if (interrupted > 0) {
    deps.log.warn({ count: interrupted }, 'scheduled messages were interrupted while being posted; not posted again');
  }
  for (const message of await deps.stores.scheduled.claimDue(now, 50)) {
    try {
      const ref = await chatFor(deps, message.platform).post(
        { channel: message.channel, ...(message.thread ? { thread: message.thread } : {}) },
        { body: message.body },
      );
      await deps.stores.scheduled.settle(message.id, { messageId: ref.id }, deps.clock.now());
    } catch (error) {
      const failure = asAppError(error);
      deps.log.error({ err: failure, scheduled: message.id }, 'could not post a scheduled message');
      await deps.stores.scheduled.settle(message.id, { error: failure.message }, deps.clock.now());
    }
  }
}
