import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decide } from '../../../src/core/policy/gate.js';
import { defaultRule, type TPolicyRule } from '../../../src/core/policy/policy-rule.js';
import { isDefault, resolveRule } from '../../../src/core/policy/resolve-rule.js';

const rule = (over: Partial<TPolicyRule>): TPolicyRule => ({ ...defaultRule, ...over });

describe('resolveRule: the most specific row wins', () => {
  const rows = [
    rule({ scope: 'workspace', kind: '*', mode: 'deny' }),
    rule({ scope: 'workspace', kind: 'post_message', mode: 'approve' }),
    rule({ scope: 'channel:eng', kind: '*', mode: 'approve', approvalsNeeded: 2 }),
    rule({ scope: 'channel:eng', kind: 'post_message', mode: 'auto' }),
  ];
  const cases: [string, string, Partial<TPolicyRule>][] = [
    ['eng', 'post_message', { scope: 'channel:eng', kind: 'post_message' }],
    ['eng', 'pin_message', { scope: 'channel:eng', kind: '*' }],
    ['general', 'post_message', { scope: 'workspace', kind: 'post_message' }],
    ['general', 'pin_message', { scope: 'workspace', kind: '*' }],
  ];
  for (const [channel, kind, expected] of cases) {
    it(`${channel} / ${kind} → ${expected.scope} / ${expected.kind}`, () => {
      const found = resolveRule(rows, channel, kind);
      assert.equal(found.scope, expected.scope);
      assert.equal(found.kind, expected.kind);
    });
  }

  it('falls back to the built-in default: approve by admins', () => {
    const found = resolveRule([], 'general', 'post_message');
    assert.ok(isDefault(found));
    assert.equal(found.mode, 'approve');
    assert.deepEqual(found.approvers, ['admins']);
    assert.equal(found.expiresAfterMs, 86_400_000);
  });
});

describe('decide: conditions only tighten a rule', () => {
  const base = {
    builtIn: false,
    irreversible: undefined as string | undefined,
    now: new Date('2026-11-23T12:00:00Z'),
    timeZone: 'UTC',
    autoRunsToday: 0,
  };
  const table: [
    string,
    Partial<typeof base> & { rule: TPolicyRule },
    'auto' | 'approve' | 'deny',
    RegExp | undefined,
  ][] = [
    ['deny stays deny', { rule: rule({ mode: 'deny' }) }, 'deny', undefined],
    [
      'approve stays approve, even reversible and capped',
      { rule: rule({ mode: 'approve', dailyAutoCap: 100 }) },
      'approve',
      undefined,
    ],
    ['auto runs', { rule: rule({ mode: 'auto' }) }, 'auto', undefined],
    [
      'auto on an irreversible kind asks',
      { rule: rule({ mode: 'auto' }), irreversible: 'send_email has no inverse' },
      'approve',
      /cannot be undone/,
    ],
    [
      'approve on an irreversible action stays approve, and the decision carries why',
      { rule: rule({ mode: 'approve' }), irreversible: 'Microsoft 365 cannot put it back' },
      'approve',
      undefined,
    ],
    [
      'auto in quiet hours asks',
      { rule: rule({ mode: 'auto', quietHours: '11:00-13:00' }) },
      'approve',
      /quiet hours 11:00-13:00 \(UTC\)/,
    ],
    ['auto outside quiet hours runs', { rule: rule({ mode: 'auto', quietHours: '22:00-08:00' }) }, 'auto', undefined],
    [
      'quiet hours use the channel time zone',
      { rule: rule({ mode: 'auto', quietHours: '22:00-08:00' }), timeZone: 'Pacific/Auckland' },
      'approve',
      /Pacific\/Auckland/,
    ],
    [
      'auto under the daily cap runs',
      { rule: rule({ mode: 'auto', dailyAutoCap: 3 }), autoRunsToday: 2 },
      'auto',
      undefined,
    ],
    [
      'auto at the daily cap asks',
      { rule: rule({ mode: 'auto', dailyAutoCap: 3 }), autoRunsToday: 3 },
      'approve',
      /daily cap of 3/,
    ],
    [
      'a zero cap means never automatically',
      { rule: rule({ mode: 'auto', dailyAutoCap: 0 }) },
      'approve',
      /daily cap of 0/,
    ],
  ];
  for (const [name, input, mode, note] of table) {
    it(name, () => {
      const decision = decide({ ...base, ...input });
      assert.equal(decision.mode, mode);
      if (note) assert.match(decision.notes.join(' '), note);
      else assert.deepEqual(decision.notes, []);
      assert.equal(decision.irreversible, input.irreversible);
    });
  }

  it('records which row matched', () => {
    assert.equal(
      decide({ ...base, rule: rule({ scope: 'channel:eng', kind: 'pin_message' }) }).ruleKey,
      'channel:eng/pin_message',
    );
    assert.equal(decide({ ...base, builtIn: true, rule: defaultRule }).ruleKey, 'default');
  });
});
