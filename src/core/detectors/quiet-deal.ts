import type { TDeal } from '../autonomy-ports.js';
import { draft } from '../brain/write.js';
import { chatFor } from '../deps.js';
import { formatDuration } from '../duration.js';
import type { TProposal } from '../proposal.js';
import { doc, link, mention, quoted, rich } from '../text/build.js';
import type { Detector } from './detector.js';
import { mayPropose, option } from './detector-settings.js';

const NAME = 'quiet-deal';
const DAY = 86_400_000;

const TEMPLATE = (deal: TDeal) =>
  `Hi — following up on ${deal.name}. Is there anything you need from us to move forward? Happy to find 20 minutes this week.`;

/** The start of the dedupe keys of one deal's nudges (one per quiet spell). */
const dealPrefix = (deal: Pick<TDeal, 'source' | 'externalId'>) => `${NAME}:${deal.source}:${deal.externalId}:`;

function nudge(deal: TDeal, now: Date, written: string | undefined, inCrm: boolean): TProposal {
  const silent = formatDuration(Math.max(DAY, Math.floor((now.getTime() - deal.lastActivityAt.getTime()) / DAY) * DAY));
  const value = deal.value ? ` (${deal.value})` : '';
  const name = quoted(deal.name, 80);
  const followUp = written ?? TEMPLATE(deal);
  const text = doc(
    rich`${deal.owner ? rich`${mention(deal.owner)}, ` : ''}${name}${value} has had no activity for ${silent} (stage: ${deal.stage}, last activity ${deal.lastActivityAt.toISOString().slice(0, 10)}).${deal.url ? rich` ${link(deal.url, 'Open the deal')}` : ''}${inCrm ? ' A follow-up task is on the deal for you.' : ''}`,
    rich`A follow-up you could send: ${quoted(followUp, 600)}`,
  );
  // Where Teammate is connected to the CRM, the nudge also puts a task on the deal (its own action kind).
  const action = inCrm
    ? {
        kind: 'follow_up_deal',
        params: {
          channel: deal.channel,
          source: deal.source,
          dealId: deal.externalId,
          deal: deal.name,
          text,
          followUp,
          ...(deal.toolOwner ? { toolOwner: deal.toolOwner } : {}),
        },
      }
    : { kind: 'post_message', params: { channel: deal.channel, text } };
  const unreached =
    !deal.owner && deal.toolOwner
      ? rich` (its owner in ${deal.source}, ${deal.toolOwner}, is not linked to anyone in chat)`
      : [];
  return {
    ...action,
    rationale: rich`the deal ${quoted(deal.name, 60)} is still open at stage ${deal.stage} with no activity for ${silent}; its owner is asked to follow up${unreached}`,
    evidence: [{ label: 'the deal', url: deal.url, excerpt: `${deal.name} · ${deal.stage}${value}` }],
    origin: { type: 'detector', name: NAME },
    trigger: {
      signalId: `deal:${deal.source}:${deal.externalId}:${deal.lastActivityAt.toISOString()}`,
      type: 'deal_quiet',
      summary: rich`the deal ${quoted(deal.name, 60)} had no activity for ${silent}`,
      at: deal.lastActivityAt,
      user: deal.owner,
    },
    platform: deal.platform,
    channel: deal.channel,
    dedupeKey: `${dealPrefix(deal)}${deal.lastActivityAt.toISOString()}`,
  };
}

/** A deal with no activity for a while: nudge its owner, with a short summary and a drafted follow-up. */
export const quietDeal: Detector = {
  name: NAME,
  description: 'an open deal had no activity for a while → nudge its owner with a summary and a drafted follow-up',
  options: [{ key: 'after', kind: 'duration', default: 7 * DAY, help: 'how long a deal may go without activity' }],
  async onSignal(signal, { deps, withdraw }) {
    // The deal closed, or had activity since the quiet spell a pending nudge is about.
    if (signal.type !== 'webhook' || deps.sources.get(signal.kind)?.records !== 'deal') return;
    const deal = await deps.stores.deals.get(signal.source, signal.key);
    if (!deal) return;
    if (deal.closed) await withdraw({ prefix: dealPrefix(deal) }, 'the deal was closed');
    else {
      const current = `${dealPrefix(deal)}${deal.lastActivityAt.toISOString()}`;
      await withdraw({ prefix: dealPrefix(deal), except: [current] }, 'the deal has new activity');
    }
  },
  async onTick({ deps, now, propose }) {
    for (const deal of await deps.stores.deals.quiet(new Date(now.getTime() - DAY), 200)) {
      if (!deps.chats.has(deal.platform)) continue;
      const config = (await mayPropose(deps, quietDeal, deal.channel, now))?.config;
      if (!config || now.getTime() - deal.lastActivityAt.getTime() < option(config, 'after')) continue;
      const chat = chatFor(deps, deal.platform);
      // With a model, the follow-up is written for this deal; without one (or over budget), the template.
      const written = await draft(deps, chat, {
        platform: deal.platform,
        channel: deal.channel,
        purpose: 'nudge',
        instruction:
          'Write a two-sentence follow-up message the deal owner could send to the customer to restart the conversation. Return only the message.',
        data: JSON.stringify({
          deal: deal.name,
          stage: deal.stage,
          value: deal.value,
          lastActivity: deal.lastActivityAt.toISOString().slice(0, 10),
        }),
      });
      const inCrm = deps.connectors?.crms.has(deal.source) ?? false;
      await propose(nudge(deal, now, written?.replace(/\s+/g, ' ').slice(0, 600), inCrm));
      await deps.stores.deals.markNudged(deal.id, deal.lastActivityAt);
    }
  },
};
