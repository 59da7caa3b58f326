import { z } from 'zod';

// The outer shape of what Slack sends to the events URL, as far as Bolt relies on it before any listener runs:
// Bolt reads `event.type`, `user.id`, `channel.id`, `actions`, `view` and the command fields without checking
// them, and a signed body of another shape made it throw (a 500, which Slack retries) or go unanswered. Checked
// before Bolt reads the body (CheckedExpressReceiver), so that a body of the wrong shape is answered 400 with the
// reason, and only our own failures remain 5xx.

const ZId = z.object({ id: z.string().min(1) }).passthrough();

const ZEventCallback = z
  .object({ type: z.literal('event_callback'), event: z.object({ type: z.string().min(1) }).passthrough() })
  .passthrough();
const ZUrlVerification = z.object({ type: z.literal('url_verification'), challenge: z.string() }).passthrough();
const ZCommand = z
  .object({ command: z.string().min(1), user_id: z.string().min(1), channel_id: z.string().min(1) })
  .passthrough();
const ZBlockActions = z
  .object({
    type: z.literal('block_actions'),
    user: ZId,
    actions: z.array(z.object({ action_id: z.string() }).passthrough()).min(1),
    channel: ZId.optional(),
  })
  .passthrough();
const ZView = z
  .object({
    type: z.enum(['view_submission', 'view_closed']),
    user: ZId,
    view: z.object({ id: z.string() }).passthrough(),
  })
  .passthrough();
const ZShortcut = z
  .object({ type: z.enum(['shortcut', 'message_action']), user: ZId, callback_id: z.string() })
  .passthrough();

/** The shapes by what a request says it is: its `type`, or a slash command's `command`. */
const byType: Record<string, z.ZodType> = {
  event_callback: ZEventCallback,
  url_verification: ZUrlVerification,
  block_actions: ZBlockActions,
  view_submission: ZView,
  view_closed: ZView,
  shortcut: ZShortcut,
  message_action: ZShortcut,
};

/** Why a request body is not one Slack sends, in words; undefined when its shape is one. */
export function malformedSlackRequest(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return `the body is ${body === null ? 'null' : Array.isArray(body) ? 'a list' : `a ${typeof body}`}, not a Slack request`;
  }
  const { type, command } = body as { type?: unknown; command?: unknown };
  const schema = command !== undefined ? ZCommand : typeof type === 'string' ? byType[type] : undefined;
  if (!schema) {
    return typeof type === 'string'
      ? `not a Slack request Teammate can read (type "${type.slice(0, 40)}" is not one it takes)`
      : 'not a Slack request Teammate can read (it has neither a type nor a command)';
  }
  const parsed = schema.safeParse(body);
  if (parsed.success) return undefined;
  const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.') || '(the body)'))].slice(0, 5);
  const named = command !== undefined ? `the command ${String(command).slice(0, 40)}` : `type "${String(type)}"`;
  return `not a Slack request Teammate can read (${named}; missing or wrong: ${fields.join(', ')})`;
}
