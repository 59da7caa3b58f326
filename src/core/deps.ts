import type { Catalogue } from './actions/catalogue.js';
import type { TConfiguredAgent } from './agents/agent-token.js';
import type { CircuitBreaker } from './brain/circuit-breaker.js';
import type { LlmPort } from './brain/llm-port.js';
import type { CalendarPort } from './calendar-port.js';
import type { ChatPort } from './chat-port.js';
import type { Clock } from './clock.js';
import type { Connectors } from './connector-port.js';
import { AppError, AppErrorCode } from './errors.js';
import type { TPlatform } from './identity.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';
import type { SourceType } from './source-type.js';
import type { Stores } from './store-ports.js';

export type TSettings = {
  /** Platform user ids that are admins from the configuration (TEAMMATE_ADMINS). */
  admins: readonly string[];
  /** The time zone of channels that have none set (quiet hours, daily caps, times shown). */
  defaultTimeZone: string;
  /** How long a question may go unanswered before a nudge is proposed. */
  unansweredAfterMs: number;
  /** Whether detectors read other bots' messages like people's (the bot's own are always ignored). */
  readBotMessages: boolean;
  /** How long an execution may run before another process may consider it crashed. */
  executionLeaseMs: number;
  /** Agents named in the configuration (TEAMMATE_AGENTS), by their token's hash; others are added in chat. */
  agents?: readonly TConfiguredAgent[];
  /** Shown by `/teammate status`. */
  runtime: { version: string; database: string; startedAt: Date };
};

/** Everything the core needs from the outside world, passed in from the composition root. */
export type CoreDeps = {
  stores: Stores;
  chats: ReadonlyMap<TPlatform, ChatPort>;
  catalogue: Catalogue;
  /** The kinds of webhook source, by type name: what their deliveries mean for the bot's memory. */
  sources: ReadonlyMap<string, SourceType>;
  clock: Clock;
  log: Logger;
  metrics: Metrics;
  settings: TSettings;
  /** Calendar feeds (fetching and parsing); absent where nobody configured the source (some tests). */
  calendars?: CalendarPort;
  /** The tools where work lives that are configured (GitHub, Jira, HubSpot); none in most tests. */
  connectors?: Connectors;
  /** The language model, when one is configured (OPENAI_API_KEY); without it everything runs on detectors. */
  brain?: TBrain;
};

/** Limits on model use per local day: per channel and for the whole workspace. */
export type TLlmBudget = { channelCalls: number; channelTokens: number; dayCalls: number; dayTokens: number };
export type TBrain = { llm: LlmPort; breaker: CircuitBreaker; budget: TLlmBudget };

export function chatFor(deps: Pick<CoreDeps, 'chats'>, platform: TPlatform): ChatPort {
  const chat = deps.chats.get(platform);
  if (!chat) throw new AppError(AppErrorCode.config, { message: `no chat adapter is running for ${platform}` });
  return chat;
}
