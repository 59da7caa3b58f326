import { ErrorCode } from '@slack/web-api';
import { AppError, AppErrorCode } from '../../core/errors.js';

// What Slack's error codes mean for the person reading the ledger or the thread. The code stays in the message so
// an admin can look it up.
const explain: Record<string, string> = {
  not_in_channel: 'I am not a member of that channel; invite me with /invite @Teammate',
  channel_not_found: 'that channel does not exist, or I cannot see it',
  is_archived: 'that channel is archived',
  missing_scope: 'the app lacks a permission it needs; reinstall it from manifests/slack.json',
  not_authed: 'the bot token is missing',
  invalid_auth: 'the bot token is not valid',
  account_inactive: 'the bot token belongs to a deactivated app',
  token_revoked: 'the bot token was revoked',
  message_not_found: 'that message no longer exists',
  thread_not_found: 'that thread no longer exists',
  cant_update_message: 'Slack does not let me change that message',
  cant_delete_message: 'Slack does not let me delete that message',
  already_reacted: 'I already reacted that way',
  no_reaction: 'that reaction is not there any more',
  already_pinned: 'that message is already pinned',
  no_pin: 'that message is not pinned any more',
  time_in_past: 'that time is in the past',
  time_too_far: 'that time is too far ahead (Slack allows 120 days)',
  invalid_scheduled_message_id: 'that scheduled message was already sent or cancelled',
  msg_too_long: 'the message is too long for Slack',
  restricted_action: 'a workspace setting forbids this',
  user_not_found: 'that user does not exist',
  cannot_dm_bot: 'that user is a bot, which cannot get direct messages',
};

/** Any failure of a Web API call → an AppError naming the method and, in words, what went wrong. */
export function slackError(method: string, error: unknown): AppError {
  const e = error as {
    code?: string;
    data?: { error?: string; needed?: string };
    statusCode?: number;
    message?: string;
  };
  if (e.code === ErrorCode.PlatformError && e.data?.error) {
    const code = e.data.error;
    const words = explain[code] ?? 'Slack refused it';
    const needed = code === 'missing_scope' && e.data.needed ? ` (${e.data.needed})` : '';
    return new AppError(AppErrorCode.chat, {
      message: `${method} failed: ${code}`,
      userMessage: `${words}${needed} [${method}: ${code}]`,
      cause: error,
    });
  }
  const detail =
    e.code === ErrorCode.HTTPError
      ? `HTTP ${e.statusCode}`
      : e.code === ErrorCode.RateLimitedError
        ? 'rate limited'
        : (e.message ?? String(error));
  return new AppError(AppErrorCode.chat, {
    message: `${method} failed: ${detail}`,
    userMessage: `Slack did not answer ${method} (${detail}), even after retrying`,
    cause: error,
  });
}
