import { z } from 'zod';
import { ZNotify } from '../core/calendar-connector.js';
import {
  ruleKey,
  type TPolicyChange,
  type TPolicyRule,
  type TScope,
  type TStoredRule,
  ZPolicyRule,
  ZScope,
} from '../core/policy/policy-rule.js';
import type { PolicyStore } from '../core/store-ports.js';
import type { Db } from './client.js';
import type { PolicyRule } from './generated/sqlite/client.js';
import { fromJson, toJson } from './json-column.js';

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

function toRule(row: PolicyRule): TStoredRule {
  const rule = ZPolicyRule.parse({
    scope: row.scope,
    kind: row.kind,
    mode: row.mode,
    approvers: fromJson(z.array(z.string()), row.approvers, `PolicyRule ${row.id}.approvers`),
    approvalsNeeded: row.approvalsNeeded,
    allowSelfApproval: row.allowSelfApproval,
    expiresAfterMs: row.expiresAfterSec * 1000,
    onExpiry: row.onExpiry,
    ...(row.quietHours !== null ? { quietHours: row.quietHours } : {}),
    ...(row.dailyAutoCap !== null ? { dailyAutoCap: row.dailyAutoCap } : {}),
    ...(row.notify ? { notify: ZNotify.parse(row.notify) } : {}),
  });
  return { ...rule, updatedBy: row.updatedBy, updatedAt: row.updatedAt };
}

function columns(rule: TPolicyRule, actor: string, at: Date) {
  return {
    mode: rule.mode,
    approvers: toJson(rule.approvers),
    approvalsNeeded: rule.approvalsNeeded,
    allowSelfApproval: rule.allowSelfApproval,
    expiresAfterSec: Math.round(rule.expiresAfterMs / 1000),
    onExpiry: rule.onExpiry,
    quietHours: rule.quietHours ?? null,
    dailyAutoCap: rule.dailyAutoCap ?? null,
    notify: rule.notify ?? null,
    updatedBy: actor,
    updatedAt: at,
  };
}

const bare = (rule?: TStoredRule): TPolicyRule | undefined => {
  if (!rule) return undefined;
  const { updatedBy: _by, updatedAt: _at, ...plain } = rule;
  return plain;
};

// Parsing puts keys in schema order and drops extras (updatedBy/At), so equal rows stringify the same.
const same = (a: TPolicyRule, b: TPolicyRule) =>
  JSON.stringify(ZPolicyRule.parse(a)) === JSON.stringify(ZPolicyRule.parse(b));

async function record(tx: Tx, change: TPolicyChange) {
  await tx.policyChange.create({
    data: {
      at: change.at,
      actor: change.actor,
      source: change.source,
      scope: change.scope,
      kind: change.kind,
      before: change.before ? toJson(change.before) : null,
      after: change.after ? toJson(change.after) : null,
    },
  });
}

async function put(tx: Tx, rule: TPolicyRule, actor: string, at: Date) {
  await tx.policyRule.upsert({
    where: { scope_kind: { scope: rule.scope, kind: rule.kind } },
    create: { scope: rule.scope, kind: rule.kind, ...columns(rule, actor, at) },
    update: columns(rule, actor, at),
  });
}

/** The policy table over Prisma; every change writes its audit row in the same transaction. */
export function prismaPolicyStore(db: Db): PolicyStore {
  return {
    async list() {
      const rows = await db.policyRule.findMany({ orderBy: [{ scope: 'asc' }, { kind: 'asc' }] });
      return rows.map(toRule);
    },

    upsert(rule, actor, source, at) {
      return db.$transaction(async (tx) => {
        const row = await tx.policyRule.findUnique({ where: { scope_kind: { scope: rule.scope, kind: rule.kind } } });
        const before = row ? bare(toRule(row)) : undefined;
        await put(tx, rule, actor, at);
        await record(tx, { at, actor, source, scope: rule.scope, kind: rule.kind, before, after: rule });
        return before;
      });
    },

    remove(scope: TScope, kind: string, actor, source, at) {
      return db.$transaction(async (tx) => {
        const row = await tx.policyRule.findUnique({ where: { scope_kind: { scope, kind } } });
        if (!row) return undefined;
        const before = bare(toRule(row));
        await tx.policyRule.delete({ where: { id: row.id } });
        await record(tx, { at, actor, source, scope, kind, before });
        return before;
      });
    },

    replaceAll(rules, actor, source, at) {
      return db.$transaction(async (tx) => {
        const current = new Map(
          (await tx.policyRule.findMany()).map((row) => [`${row.scope}/${row.kind}`, toRule(row)]),
        );
        const changes: TPolicyChange[] = [];
        for (const rule of rules) {
          const before = current.get(ruleKey(rule));
          current.delete(ruleKey(rule));
          if (before && same(rule, before)) continue;
          await put(tx, rule, actor, at);
          changes.push({ at, actor, source, scope: rule.scope, kind: rule.kind, before: bare(before), after: rule });
        }
        for (const stale of current.values()) {
          await tx.policyRule.delete({ where: { scope_kind: { scope: stale.scope, kind: stale.kind } } });
          changes.push({ at, actor, source, scope: stale.scope, kind: stale.kind, before: bare(stale) });
        }
        for (const change of changes) await record(tx, change);
        return changes;
      });
    },

    async history(limit) {
      const rows = await db.policyChange.findMany({ orderBy: { id: 'desc' }, take: limit });
      return rows.map((row) => ({
        at: row.at,
        actor: row.actor,
        source: z.enum(['chat', 'import', 'cli']).parse(row.source),
        scope: ZScope.parse(row.scope),
        kind: row.kind,
        before: row.before ? fromJson(ZPolicyRule, row.before, `PolicyChange ${row.id}.before`) : undefined,
        after: row.after ? fromJson(ZPolicyRule, row.after, `PolicyChange ${row.id}.after`) : undefined,
      }));
    },
  };
}
