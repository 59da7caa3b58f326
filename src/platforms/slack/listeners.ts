import type { App } from '@slack/bolt';
import { z } from 'zod';
import type { Background } from '../../core/background.js';
import { type ChatPort, type TChatTarget, type TOutbound, ZButtonValue } from '../../core/chat-port.js';
import { asAppError } from '../../core/errors.js';
import { type TKey, toKey } from '../../core/identity.js';
import type { Logger } from '../../core/logger.js';
import type { Teammate } from '../../core/teammate.js';
import { code, doc, rich, text } from '../../core/text/build.js';
import { formatIssues } from '../../core/zod-issues.js';
import { ACTION_PREFIX, REJECT_VIEW, rejectView } from './blocks.js';
import { toSignal, ZEnvelope } from './events.js';
import { commandText } from './inbound-text.js';
import type { SlackRenderer } from './render.js';

export const SLACK_EVENTS = [
  'message',
  'app_mention',
  'reaction_added',
  'reaction_removed',
  'member_joined_channel',
  'app_home_opened',
] as const;

export type TListenerDeps = {
  teammate: Teammate;
  chat: ChatPort;
  botUserId: string;
  render: SlackRenderer;
  background: Background;
  log: Logger;
};

// What Bolt hands a button listener, as far as we use it (parsed, not trusted).
const ZBlockAction = z.object({
  user: z.object({ id: z.string().min(1) }),
  trigger_id: z.string().min(1),
  channel: z.object({ id: z.string().min(1) }).optional(),
  container: z.object({ type: z.string(), channel_id: z.string().optional(), thread_ts: z.string().optional() }),
  message: z
    .object({
      blocks: z.array(z.looseObject({ type: z.string(), text: z.object({ text: z.string() }).optional() })).optional(),
    })
    .optional(),
});
const ZRejectMetadata = z.object({
  entryId: z.number().int().positive(),
  channel: z.string().optional(),
  threadTs: z.string().optional(),
});
const ZRejectSubmission = z.object({
  user: z.object({ id: z.string().min(1) }),
  view: z.object({
    private_metadata: z.string(),
    state: z.object({
      values: z.object({ reason: z.object({ reason: z.object({ value: z.string().nullish() }) }).optional() }),
    }),
  }),
});

const slack = (id: string) => toKey('slack', id);

/** Where a private reply goes, as the core names it: the clicked card's channel and thread, or none (App Home). */
function target(origin: { channel: string; threadTs?: string } | undefined): TChatTarget | undefined {
  if (!origin) return undefined;
  return { channel: slack(origin.channel), ...(origin.threadTs ? { thread: origin.threadTs } : {}) };
}

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/**
 * Bolt listeners. Everything answers Slack at once (events only after they are stored in the inbox) and does the
 * work afterwards in the background: with processBeforeResponse, the response leaves when the listener returns.
 */
export function registerListeners(app: App, deps: TListenerDeps): void {
  const { teammate, chat, background, log } = deps;
  const reply = async (where: TChatTarget | undefined, user: TKey, message: TOutbound) => {
    if (where && chat.postPrivate) await chat.postPrivate(where, user, message);
    else await chat.sendDm(user, message);
  };

  // One listener for every event type we consume (one middleware chain per delivery instead of one per type).
  app.event(new RegExp(`^(${SLACK_EVENTS.join('|')})$`), async ({ body, event: { type } }) => {
    const envelope = ZEnvelope.safeParse(body);
    if (!envelope.success) {
      log.warn({ error: formatIssues(envelope.error) }, 'ignored a malformed Slack event envelope');
      return;
    }
    const result = toSignal(envelope.data, deps.botUserId);
    const event = { eventId: envelope.data.event_id, type };
    if (result.kind === 'invalid')
      log.warn({ ...event, error: formatIssues(result.error) }, 'ignored a malformed Slack event');
    else if (result.kind === 'ignored') log.debug({ ...event, reason: result.reason }, 'ignored a Slack event');
    else log.debug({ ...event, result: await teammate.receive(result.signal) }, 'received a Slack event');
  });

  app.action(
    { type: 'block_actions', action_id: new RegExp(`^${ACTION_PREFIX}(approve|reject|why|undo|answer_\\d)$`) },
    async ({ ack, body, action, client }) => {
      await ack();
      background.run('a button click', async () => {
        const click = ZBlockAction.safeParse(body);
        const value = ZButtonValue.safeParse(
          parseJson('value' in action && typeof action.value === 'string' ? action.value : ''),
        );
        if (!click.success || !value.success) {
          log.warn(
            { error: click.success ? 'bad button value' : formatIssues(click.error) },
            'ignored a malformed button click',
          );
          return;
        }
        const { container, channel, trigger_id: triggerId } = click.data;
        const user = slack(click.data.user.id);
        const fromHome = container.type === 'view';
        const channelId = channel?.id ?? container.channel_id;
        const origin =
          channelId && !fromHome
            ? { channel: channelId, ...(container.thread_ts ? { threadTs: container.thread_ts } : {}) }
            : undefined;
        const where = target(origin);
        const { action: kind, entryId, choice } = value.data;
        if (kind === 'reject') {
          const refusal = await teammate.decisionRefusal('slack', entryId, user);
          if (refusal) return reply(where, user, refusal);
          const header = click.data.message?.blocks?.[0];
          const title = header?.type === 'header' ? header.text?.text : undefined;
          try {
            await client.views.open({ trigger_id: triggerId, view: rejectView(entryId, origin ?? {}, title) });
          } catch (error) {
            // A trigger lives three seconds; if Slack refuses the form, the command still works.
            log.warn({ err: asAppError(error), entry: entryId }, 'could not open the rejection form');
            await reply(where, user, {
              body: doc(
                rich`I could not open the form; reject with ${code(`/teammate reject A-${entryId} <reason>`)}.`,
              ),
            });
          }
          return;
        }
        const out = await teammate.handleInteraction({
          platform: 'slack',
          user,
          action: kind,
          entryId,
          ...(choice !== undefined ? { choice } : {}),
        });
        await reply(where, user, out);
        if (fromHome) await teammate.refreshHome('slack', user);
      });
    },
  );

  app.view(REJECT_VIEW, async ({ ack, body }) => {
    await ack();
    background.run('a rejection', async () => {
      const submission = ZRejectSubmission.safeParse(body);
      const meta = ZRejectMetadata.safeParse(
        parseJson(submission.success ? submission.data.view.private_metadata : ''),
      );
      if (!submission.success || !meta.success) {
        log.warn({}, 'ignored a malformed rejection form');
        return;
      }
      const user = slack(submission.data.user.id);
      const reason = submission.data.view.state.values.reason?.reason.value?.trim() || undefined;
      const { entryId, channel, threadTs } = meta.data;
      const out = await teammate.handleInteraction({ platform: 'slack', user, action: 'reject', entryId, reason });
      await reply(target(channel ? { channel, threadTs } : undefined), user, out);
      if (!channel) await teammate.refreshHome('slack', user);
    });
  });

  // Slack sends only the commands the app's manifest declares, so every one is Teammate's: a workspace that named
  // it /tm or /teammate-staging is served alike (and nothing is left unanswered for three seconds).
  app.command(/^\/.+/, async ({ ack, command, respond }) => {
    await ack();
    background.run('a slash command', async () => {
      let out: TOutbound;
      try {
        out = await teammate.handleCommand({
          platform: 'slack',
          channel: slack(command.channel_id),
          user: slack(command.user_id),
          text: commandText(command.text),
        });
      } catch (error) {
        const failure = asAppError(error);
        log.error({ err: failure, command: command.text }, 'slash command failed');
        out = { body: doc([text(failure.userMessage)]) };
      }
      await respond({ response_type: 'ephemeral', text: await deps.render.doc(out.body) });
    });
  });
}
