import { setTimeout as sleep } from 'node:timers/promises';
import type { Background } from '../../core/background.js';
import type { ChatPort, TCard, TOutbound } from '../../core/chat-port.js';
import { asAppError } from '../../core/errors.js';
import type { TKey } from '../../core/identity.js';
import { shortId } from '../../core/ledger-entry.js';
import type { Logger } from '../../core/logger.js';
import type { Teammate } from '../../core/teammate.js';
import { text } from '../../core/text/build.js';
import { type TCardData, type TInvoke, ZCardData, ZExecute } from './activities.js';
import type { TAnswer } from './connector.js';
import type { TeamsDirectory } from './directory.js';
import type { TeamsRenderer } from './render.js';

// Clicks on Teammate's cards: Action.Execute invokes (universal actions), answered within the time Teams waits with
// the refreshed card or a private message, and the Action.Submit fallback of clients without them.

/** How long a click may work before its invoke is answered anyway (Teams waits 5 s); the work goes on after. */
export const INVOKE_BUDGET_MS = 3_500;

const CARD = 'application/vnd.microsoft.card.adaptive';
const MESSAGE = 'application/vnd.microsoft.activity.message';

const cardAnswer = (card: unknown): TAnswer => ({ status: 200, body: { statusCode: 200, type: CARD, value: card } });
const messageAnswer = (message: string): TAnswer => ({
  status: 200,
  body: { statusCode: 200, type: MESSAGE, value: message.slice(0, 1_000) },
});

export type TCardActionDeps = {
  teammate: Teammate;
  chat: ChatPort;
  directory: TeamsDirectory;
  render: TeamsRenderer;
  background: Background;
  log: Logger;
  invokeBudgetMs?: number;
};

export type TCardActions = {
  /** An `adaptiveCard/action` invoke from `user`: what Teams shows them. */
  execute(activity: TInvoke, user: TKey): Promise<TAnswer>;
  /** An Action.Submit click (a message whose value is the button's data): answered in the personal chat. */
  submit(data: TCardData, user: TKey): void;
};

export function cardActions(deps: TCardActionDeps): TCardActions {
  const { teammate, chat, directory, render, background, log } = deps;
  const budget = deps.invokeBudgetMs ?? INVOKE_BUDGET_MS;

  /** A click from a client without universal actions (Action.Submit): the answer goes privately, by direct message. */
  function submit(data: TCardData, user: TKey): void {
    if (data.action === 'refresh') return;
    const action = data.action;
    background.run('a Teams card click', async () => {
      const out = await teammate.handleInteraction({
        platform: 'teams',
        user,
        action,
        entryId: data.entryId,
        ...(data.choice !== undefined ? { choice: data.choice } : {}),
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

  async function execute(activity: TInvoke, user: TKey): Promise<TAnswer> {
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
    const choice = data.data.choice;
    const run = teammate.handleInteraction({
      platform: 'teams',
      user,
      action,
      entryId,
      ...(choice !== undefined ? { choice } : {}),
      ...(reason ? { reason } : {}),
    });
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

  return { execute, submit };
}

/** The rich text of a one-paragraph answer (refusals, outcomes), for the short message an invoke answer shows. */
function flatten(out: TOutbound) {
  return out.body.flatMap((block, i) => {
    const content =
      block.type === 'paragraph' ? block.content : block.type === 'list' ? block.items.flat() : [text(block.text)];
    return i === 0 ? content : [text(' '), ...content];
  });
}
