import type { TSql } from './sql.js';

// The data step of migration 20261130000026_platform_keys: what its SQL cannot convert. Everything here reads and
// writes JSON as the previous version wrote it (Slack-shaped: channel, ts, threadTs, bare ids).

type TJson = Record<string, unknown>;
const SYSTEM_ACTORS = new Set(['policy', 'teammate', 'validation', 'shadow mode', 'configuration']);

/** An id becomes a key on `platform`, unless it is one already (a later version wrote it) or is not a person. */
function keyed(id: unknown, platform: string): unknown {
  if (typeof id !== 'string' || id === '' || id.includes(':') || SYSTEM_ACTORS.has(id)) return id;
  return `${platform}:${id}`;
}

/** A policy approver: `admins` and `group:<name>` stay, people become keys. */
const approver = (a: unknown, platform: string) => (a === 'admins' ? a : keyed(a, platform));

function ref(old: unknown, platform: string): unknown {
  if (!old || typeof old !== 'object') return old;
  const { channel, ts, threadTs, ...rest } = old as TJson;
  if (typeof channel !== 'string' || typeof ts !== 'string') return old;
  return {
    ...rest,
    platform,
    conversation: keyed(channel, platform),
    id: ts,
    ...(typeof threadTs === 'string' ? { thread: threadTs } : {}),
  };
}

/** Action parameters and undo handles: every kind names its fields alike, so one conversion serves them all. */
function fields(old: unknown, platform: string): unknown {
  if (!old || typeof old !== 'object' || Array.isArray(old)) return old;
  const out: TJson = {};
  for (const [name, value] of Object.entries(old as TJson)) {
    if (name === 'channel' || name === 'user' || name === 'from' || name === 'to') out[name] = keyed(value, platform);
    else if (name === 'threadTs') out.thread = value;
    else if (name === 'ts') out.messageId = value;
    else if (name === 'message') out.message = ref(value, platform);
    else out[name] = value;
  }
  return out;
}

/** A message reference kept whole (the undo handle of kinds that post, a result's message). */
const MESSAGE_HANDLES = new Set(['post_message', 'send_dm', 'post_roundup']);

function evidence(old: unknown, platform: string): unknown {
  if (!Array.isArray(old)) return old;
  return old.map((item: TJson) => {
    const { platform: own, channel, ts, ...rest } = item;
    const on = typeof own === 'string' ? own : platform;
    return typeof channel === 'string' && typeof ts === 'string'
      ? { ...rest, message: { platform: on, conversation: keyed(channel, on), id: ts } }
      : rest;
  });
}

function rule(old: unknown, platform: (channel?: string) => string): unknown {
  if (!old || typeof old !== 'object') return old;
  const r = old as TJson;
  const channel = typeof r.scope === 'string' && r.scope.startsWith('channel:') ? r.scope.slice(8) : undefined;
  const on = platform(channel);
  return {
    ...r,
    scope: channel === undefined ? r.scope : `channel:${keyed(channel, on)}`,
    approvers: Array.isArray(r.approvers) ? r.approvers.map((a) => approver(a, on)) : r.approvers,
  };
}

/**
 * A sentence the previous version wrote with its platform's markup (Slack's `<@U1>`, `<#C1>`, `<url|label>`, the local
 * chat's `@bob` and `#general`), as rich text: people named (not mentioned), channels as nodes, links shown with
 * their address, broadcasts as words, the rest text. Those strings could hold people's own markup, so nothing in them
 * may notify anyone or hide where a link goes.
 */
export function legacyRich(text: unknown, platform: string): unknown {
  if (typeof text !== 'string') return text;
  const out: TJson[] = [];
  const pattern =
    platform === 'slack'
      ? /<@([UW][A-Z0-9]+)(?:\|[^>]*)?>|<#([CGD][A-Z0-9]+)(?:\|[^>]*)?>|<((?:https?|mailto):[^|>\s]+)\|([^>]+)>|<!(\w+)[^>]*>/g
      : /(?<=^|[\s(“])@([\w.-]*\w)|(?<=^|[\s(“])#([A-Za-z][\w.-]*\w)()()()/g;
  const plain = (value: string) =>
    platform === 'slack' ? value.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&') : value;
  let at = 0;
  for (const m of text.matchAll(pattern)) {
    if (m.index > at) out.push({ type: 'text', text: plain(text.slice(at, m.index)) });
    if (m[1]) out.push({ type: 'person', user: `${platform}:${m[1]}` });
    else if (m[2]) out.push({ type: 'channel', channel: `${platform}:${m[2]}` });
    else if (m[3]) {
      // Old summaries quoted people's text as markup, so a label may be theirs: it is shown, not used as a label.
      const label = plain(m[4] ?? m[3]);
      if (label !== m[3]) out.push({ type: 'text', text: `${label} (` });
      out.push({ type: 'link', url: m[3], label: m[3] });
      if (label !== m[3]) out.push({ type: 'text', text: ')' });
    } else out.push({ type: 'text', text: `@${m[5] ?? ''}` });
    at = m.index + m[0].length;
  }
  if (at < text.length) out.push({ type: 'text', text: plain(text.slice(at)) });
  return out;
}

const parse = (text: string | null): unknown => (text === null ? null : JSON.parse(text));
const json = (value: unknown): string | null => (value === null || value === undefined ? null : JSON.stringify(value));

/**
 * The previous version's inbox signal, as this version reads it. Its text was the platform's markup, which only the
 * adapter parses; here it becomes plain text (so a waiting question is still tracked, its quote shown as written).
 */
export function upgradeSignal(old: TJson, platform: string): TJson {
  const { ts, threadTs, itemTs, ...rest } = old;
  const out: TJson = { ...rest };
  if (typeof out.text === 'string') out.text = [{ type: 'text', text: out.text }];
  for (const name of ['channel', 'user'] as const) if (name in out) out[name] = keyed(out[name], platform);
  if (ts !== undefined) out.messageId = ts;
  if (itemTs !== undefined) out.messageId = itemTs;
  if (threadTs !== undefined) out.thread = threadTs;
  for (const [name, person] of [
    ['task', 'assignee'],
    ['deal', 'owner'],
  ] as const) {
    const item = out[name] as TJson | undefined;
    if (item && person in item) out[name] = { ...item, [person]: keyed(item[person], platform) };
  }
  // Tasks and deals were signals of their own; they are now webhook events of the `task` and `deal` source types.
  if (out.type === 'task' || out.type === 'deal') {
    const { type, event, task, deal, ...common } = out;
    const record = (type === 'task' ? task : deal) as TJson | undefined;
    return {
      ...common,
      type: 'webhook',
      kind: type,
      key: String(record?.id ?? ''),
      payload: type === 'task' ? { event, task } : { deal },
    };
  }
  return out;
}

export async function platformKeys(sql: TSql): Promise<void> {
  // Rows without a platform of their own (admins, groups, policy rows, channel settings) were written by a version
  // that knew Slack and the local chat. If the database only ever saw one of them, that one; otherwise ids shaped
  // like Slack's (U…/W… people, C…/G…/D… channels) are Slack's and the rest the local chat's.
  const seen = await sql.all<{ platform: string }>(
    'SELECT DISTINCT "platform" FROM "LedgerEntry" UNION SELECT DISTINCT "platform" FROM "InboxEvent"',
  );
  const only = seen.length === 1 ? seen[0]?.platform : undefined;
  const personOn = (id: string) => only ?? (/^[UW][A-Z0-9]{2,}$/.test(id) ? 'slack' : 'local');
  const channelOn = (id?: string) => only ?? (id && /^[CGD][A-Z0-9]{2,}$/.test(id) ? 'slack' : undefined);
  const person = (id: unknown) => (typeof id === 'string' ? keyed(id, personOn(id)) : id);

  type TEntryRow = {
    id: number;
    platform: string;
    params: string;
    summary: string;
    rationale: string;
    undoHandle: string | null;
    result: string | null;
    evidence: string;
    trigger: string;
    origin: string;
    approvers: string;
    policy: string;
    kind: string;
  };
  for (const row of await sql.all<TEntryRow>(
    'SELECT "id", "platform", "kind", "params", "summary", "rationale", "undoHandle", "result", "evidence", "trigger", "origin", "approvers", "policy" FROM "LedgerEntry"',
  )) {
    const on = row.platform;
    const handle = parse(row.undoHandle);
    const result = parse(row.result) as TJson | null;
    const trigger = parse(row.trigger) as TJson;
    const origin = parse(row.origin) as TJson;
    const policy = parse(row.policy) as TJson;
    await sql.run(
      'UPDATE "LedgerEntry" SET "params" = ?, "summary" = ?, "rationale" = ?, "undoHandle" = ?, "result" = ?, "evidence" = ?, "trigger" = ?, "origin" = ?, "approvers" = ?, "policy" = ? WHERE "id" = ?',
      [
        json(fields(parse(row.params), on)),
        json(legacyRich(row.summary, on)),
        json(legacyRich(row.rationale, on)),
        json(MESSAGE_HANDLES.has(row.kind) ? ref(handle, on) : fields(handle, on)),
        json(
          result && {
            ...result,
            summary: legacyRich(result.summary, on),
            ...(result.ref ? { ref: ref(result.ref, on) } : {}),
          },
        ),
        json(evidence(parse(row.evidence), on)),
        json({
          ...trigger,
          summary: legacyRich(trigger.summary, on),
          ...(trigger.user ? { user: keyed(trigger.user, on) } : {}),
        }),
        json(origin.type === 'person' ? { ...origin, user: keyed(origin.user, on) } : origin),
        json((parse(row.approvers) as unknown[]).map((a) => approver(a, on))),
        json({ ...policy, rule: rule(policy.rule, () => on) }),
        row.id,
      ],
    );
  }

  const ruleOn = (channel?: string) => channelOn(channel) ?? 'local';
  for (const row of await sql.all<{ id: number; scope: string; approvers: string; updatedBy: string }>(
    'SELECT "id", "scope", "approvers", "updatedBy" FROM "PolicyRule"',
  )) {
    const updated = rule({ scope: row.scope, approvers: parse(row.approvers) }, ruleOn) as TJson;
    await sql.run('UPDATE "PolicyRule" SET "scope" = ?, "approvers" = ?, "updatedBy" = ? WHERE "id" = ?', [
      updated.scope,
      json(updated.approvers),
      person(row.updatedBy),
      row.id,
    ]);
  }
  for (const row of await sql.all<{
    id: number;
    actor: string;
    scope: string;
    before: string | null;
    after: string | null;
  }>('SELECT "id", "actor", "scope", "before", "after" FROM "PolicyChange"')) {
    const scope = (rule({ scope: row.scope }, ruleOn) as TJson).scope;
    await sql.run('UPDATE "PolicyChange" SET "actor" = ?, "scope" = ?, "before" = ?, "after" = ? WHERE "id" = ?', [
      person(row.actor),
      scope,
      json(row.before === null ? null : rule(parse(row.before), ruleOn)),
      json(row.after === null ? null : rule(parse(row.after), ruleOn)),
      row.id,
    ]);
  }
  for (const row of await sql.all<{ userId: string; grantedBy: string }>('SELECT "userId", "grantedBy" FROM "Admin"')) {
    await sql.run('UPDATE "Admin" SET "userId" = ?, "grantedBy" = ? WHERE "userId" = ?', [
      person(row.userId),
      person(row.grantedBy),
      row.userId,
    ]);
  }
  for (const row of await sql.all<{ name: string; members: string; updatedBy: string }>(
    'SELECT "name", "members", "updatedBy" FROM "ApproverGroup"',
  )) {
    await sql.run('UPDATE "ApproverGroup" SET "members" = ?, "updatedBy" = ? WHERE "name" = ?', [
      json((parse(row.members) as unknown[]).map(person)),
      person(row.updatedBy),
      row.name,
    ]);
  }
  for (const row of await sql.all<{ channel: string; lead: string | null; updatedBy: string }>(
    'SELECT "channel", "lead", "updatedBy" FROM "ChannelSetting"',
  )) {
    // The workspace row ("*") stays; a channel's lead is on the channel's platform.
    const on = row.channel === '*' ? undefined : ruleOn(row.channel);
    await sql.run('UPDATE "ChannelSetting" SET "channel" = ?, "lead" = ?, "updatedBy" = ? WHERE "channel" = ?', [
      on ? keyed(row.channel, on) : row.channel,
      row.lead === null ? null : on ? keyed(row.lead, on) : person(row.lead),
      person(row.updatedBy),
      row.channel,
    ]);
  }
  // Deliveries not processed yet are read again by the new version; processed ones are only kept for a week.
  for (const row of await sql.all<{ key: string; platform: string; signal: string }>(
    `SELECT "key", "platform", "signal" FROM "InboxEvent" WHERE "status" <> 'done'`,
  )) {
    await sql.run('UPDATE "InboxEvent" SET "signal" = ? WHERE "key" = ?', [
      json(upgradeSignal(parse(row.signal) as TJson, row.platform)),
      row.key,
    ]);
  }
}
