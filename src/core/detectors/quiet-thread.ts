import type { TThread } from '../autonomy-ports.js';
import { formatDuration } from '../duration.js';
import type { TProposal } from '../proposal.js';
import { RESOLVED_EMOJI } from '../record-signal.js';
import { channelRef, doc, joinRich, mention, person, quoted, rich } from '../text/build.js';
import type { Detector } from './detector.js';
import { mayPropose, option } from './detector-settings.js';

const NAME = 'quiet-thread';
const DAY = 86_400_000;
/** No channel can ask for a shorter silence than this (it keeps the sweep's query small). */
const MIN_QUIET = 3_600_000;

/** The start of the dedupe keys of the nudges about one thread (one per silence). */
const threadPrefix = (channel: string, root: string) => `${NAME}:${channel}:${root}:`;

function roundedDays(ms: number): string {
  return ms >= DAY
    ? formatDuration(Math.floor(ms / DAY) * DAY)
    : formatDuration(Math.floor(ms / 3_600_000) * 3_600_000);
}

function nudge(thread: TThread, now: Date): TProposal {
  const silent = roundedDays(now.getTime() - thread.lastAt.getTime());
  const others = thread.participants.filter((p) => p !== thread.starter);
  const replies = `${thread.replies} ${thread.replies === 1 ? 'reply' : 'replies'}`;
  const summary = rich`started by ${person(thread.starter)}: ${quoted(thread.text || thread.lastText, 120)}; ${replies}${
    others.length > 0
      ? rich` from ${joinRich(
          others.map((p) => [person(p)]),
          ', ',
        )}`
      : ''
  }; last word from ${person(thread.lastUser)}: ${quoted(thread.lastText, 120)}`;
  const draft = `Where did we land on this? If it is settled, a ✅ on the first message closes it; if not, what is the next step and who takes it?`;
  return {
    kind: 'post_message',
    params: {
      channel: thread.channel,
      thread: thread.root,
      text: doc(
        rich`${mention(thread.starter)}, this thread has been quiet for ${silent}. Summary: ${summary}.`,
        rich`A follow-up you could send: “${draft}”`,
      ),
    },
    rationale: rich`a thread with ${thread.replies} replies in ${channelRef(thread.channel)} went quiet for ${silent} without being resolved; its starter owns the follow-up`,
    evidence: [
      {
        label: 'the thread',
        message: { platform: thread.platform, conversation: thread.channel, id: thread.root },
        excerpt: thread.text.slice(0, 200) || undefined,
      },
    ],
    origin: { type: 'detector', name: NAME },
    trigger: {
      signalId: `${thread.channel}:${thread.root}:quiet:${thread.lastAt.toISOString()}`,
      type: 'thread_quiet',
      summary: rich`the thread ${person(thread.starter)} started had no message for ${silent}`,
      at: thread.lastAt,
      user: thread.starter,
    },
    platform: thread.platform,
    channel: thread.channel,
    thread: thread.root,
    dedupeKey: `${threadPrefix(thread.channel, thread.root)}${thread.lastAt.toISOString()}`,
  };
}

/** A discussion that went silent before anyone resolved it: nudge its starter with a summary and a draft. */
export const quietThread: Detector = {
  name: NAME,
  description: 'a busy thread went quiet unresolved → nudge its starter with a summary and a drafted follow-up',
  options: [
    { key: 'after', kind: 'duration', default: 2 * DAY, help: 'how long a thread may stay silent' },
    { key: 'replies', kind: 'count', default: 3, help: 'replies a thread needs to count as a discussion' },
  ],
  async onSignal(signal, { deps, withdraw }) {
    // The silence a pending nudge is about ended: someone replied, or the thread was resolved.
    if (signal.type === 'message' && signal.thread !== undefined && signal.thread !== signal.messageId) {
      if (signal.fromBot && !deps.settings.readBotMessages) return;
      await withdraw({ prefix: threadPrefix(signal.channel, signal.thread) }, 'the thread has new replies');
    } else if (signal.type === 'reaction' && signal.added && RESOLVED_EMOJI.has(signal.emoji)) {
      await withdraw({ prefix: threadPrefix(signal.channel, signal.messageId) }, 'the thread was resolved with ✅');
    }
  },
  async onTick({ deps, now, propose }) {
    const candidates = await deps.stores.threads.quiet(new Date(now.getTime() - MIN_QUIET), 2, 200);
    for (const thread of candidates) {
      if (!deps.chats.has(thread.platform) || thread.participants.length < 2) continue;
      const config = (await mayPropose(deps, quietThread, thread.channel, now))?.config;
      if (!config || thread.replies < option(config, 'replies')) continue;
      if (now.getTime() - thread.lastAt.getTime() < option(config, 'after')) continue;
      // Proposing first is safe (the dedupe key makes it once per silence); marking after keeps a failed
      // proposal from being forgotten.
      await propose(nudge(thread, now));
      await deps.stores.threads.markNudged(thread.id, thread.lastAt);
    }
  },
};
