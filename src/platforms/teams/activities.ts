import { z } from 'zod';

// The Bot Framework activities Teammate consumes from Teams, parsed at the edge
// (https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-api-reference#activity-object).
// Fields we do not use are allowed and ignored; missing or mistyped ones that we use reject the activity.

export const ZAccount = z.object({
  id: z.string().min(1),
  name: z.string().optional(),
  aadObjectId: z.string().min(1).optional(),
});
export type TAccount = z.infer<typeof ZAccount>;

const ZConversation = z.object({
  id: z.string().min(1),
  name: z.string().optional(),
  conversationType: z.enum(['personal', 'groupChat', 'channel']).optional(),
  tenantId: z.string().optional(),
  isGroup: z.boolean().optional(),
});

const ZChannelData = z
  .looseObject({
    tenant: z.object({ id: z.string() }).optional(),
    channel: z.object({ id: z.string().min(1), name: z.string().optional() }).optional(),
    team: z
      .object({ id: z.string().min(1), name: z.string().optional(), aadGroupId: z.string().optional() })
      .optional(),
    eventType: z.string().optional(),
  })
  .optional();

const ZEntity = z.looseObject({
  type: z.string(),
  text: z.string().optional(),
  mentioned: ZAccount.optional(),
});
export type TEntity = z.infer<typeof ZEntity>;

const base = {
  id: z.string().min(1).max(200),
  channelId: z.string().min(1),
  serviceUrl: z.url({ protocol: /^https?$/ }),
  timestamp: z.iso.datetime({ offset: true }).optional(),
  from: ZAccount,
  recipient: ZAccount,
  conversation: ZConversation,
  channelData: ZChannelData,
};

/** What every activity carries: who, where, from which connector. */
export const ZBase = z.object({ ...base, type: z.string().min(1) });

export const ZMessageActivity = z.object({
  ...base,
  type: z.literal('message'),
  text: z.string().default(''),
  textFormat: z.string().optional(),
  entities: z.array(ZEntity).default([]),
  replyToId: z.string().optional(),
  /** What an Action.Submit button sent (clients without universal actions). */
  value: z.unknown().optional(),
});
export type TMessageActivity = z.infer<typeof ZMessageActivity>;

export const ZMessageUpdate = z.object({
  ...base,
  type: z.literal('messageUpdate'),
  text: z.string().default(''),
  entities: z.array(ZEntity).default([]),
});

export const ZMessageDelete = z.object({ ...base, type: z.literal('messageDelete') });

const ZReaction = z.object({ type: z.string().min(1) });
export const ZReactionActivity = z.object({
  ...base,
  type: z.literal('messageReaction'),
  replyToId: z.string().min(1),
  reactionsAdded: z.array(ZReaction).default([]),
  reactionsRemoved: z.array(ZReaction).default([]),
});

export const ZConversationUpdate = z.object({
  ...base,
  type: z.literal('conversationUpdate'),
  membersAdded: z.array(ZAccount).default([]),
  membersRemoved: z.array(ZAccount).default([]),
});

export const ZInstallationUpdate = z.object({
  ...base,
  type: z.literal('installationUpdate'),
  action: z.string().optional(),
});

export const ZInvoke = z.object({
  ...base,
  type: z.literal('invoke'),
  name: z.string().min(1),
  value: z.unknown().optional(),
  replyToId: z.string().optional(),
});
export type TInvoke = z.infer<typeof ZInvoke>;

/** What a card button sends back (our own data), as Action.Execute or Action.Submit. */
export const ZCardData = z.object({
  teammate: z.literal(1),
  action: z.enum(['approve', 'reject', 'why', 'undo', 'answer', 'refresh']),
  entryId: z.number().int().positive(),
  /** Which of a question's answers the button gives. */
  choice: z.number().int().min(0).max(9).optional(),
  reason: z.string().max(2000).optional(),
});
export type TCardData = z.infer<typeof ZCardData>;

/** The `adaptiveCard/action` invoke's value (universal actions). */
export const ZExecute = z.object({
  action: z.object({ type: z.literal('Action.Execute'), verb: z.string().optional(), data: z.unknown() }),
  trigger: z.enum(['manual', 'automatic']).optional(),
});

/** What every activity is read for first: its type, and the tenant it comes from. */
export const ZAnyActivity = z.object({
  type: z.string().min(1),
  id: z.string().optional(),
  conversation: z.object({ tenantId: z.string().optional() }).optional(),
  channelData: z.object({ tenant: z.object({ id: z.string() }).optional() }).optional(),
});

/** A conversation id without its thread (`19:…@thread.tacv2;messageid=123` → `19:…@thread.tacv2`). */
export function splitConversation(id: string): { conversation: string; thread?: string } {
  const [conversation = id, thread] = id.split(';messageid=');
  return thread ? { conversation, thread } : { conversation };
}
