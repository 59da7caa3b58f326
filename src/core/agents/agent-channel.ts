import type { CoreDeps } from '../deps.js';
import { AppError, AppErrorCode } from '../errors.js';
import { isKey, platformOf, type TKey, toKey, ZKey } from '../identity.js';
import type { TAgent } from './agent.js';

/**
 * Where an agent's card goes: the channel the call names (a key such as `slack:C123`, or an id or `#name` read on the
 * platform of the agent's own channel, or of the only chat running), else the agent's channel, else the default
 * channel. The policy rows of that channel apply.
 */
export function agentChannel(
  deps: Pick<CoreDeps, 'chats'>,
  agent: TAgent,
  named: string | undefined,
  defaultChannel: TKey | undefined,
): TKey {
  const home = agent.channel ?? defaultChannel;
  const reference = named?.trim().replace(/^#/, '');
  let channel: TKey | undefined = home;
  if (reference) {
    const platforms = [...deps.chats.keys()];
    const platform = home ? platformOf(home) : platforms.length === 1 ? platforms[0] : undefined;
    if (!isKey(reference) && !platform) {
      throw new AppError(AppErrorCode.invalid, {
        message: `say which platform "${named}" is on, such as slack:${reference} (${platforms.join(' and ')} are running)`,
      });
    }
    channel = isKey(reference) ? reference : toKey(platform ?? '', reference);
  }
  if (!channel) {
    throw new AppError(AppErrorCode.invalid, {
      message: `${agent.name} has no channel: name one in the call (channel), or an admin sets one with /teammate agent add ${agent.name} #channel, or the deployment sets TEAMMATE_DEFAULT_CHANNEL`,
    });
  }
  if (!ZKey.safeParse(channel).success || !deps.chats.has(platformOf(channel))) {
    throw new AppError(AppErrorCode.invalid, {
      message: `there is no chat platform running for the channel ${channel}`,
    });
  }
  return channel;
}
