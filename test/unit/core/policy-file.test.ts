import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultCatalogue } from '../../../src/core/actions/catalogue.js';
import { formatPolicyFile, parsePolicyFile } from '../../../src/core/policy/policy-file.js';
import { defaultRule, type TPolicyRule } from '../../../src/core/policy/policy-rule.js';
import { withIrreversibleEmail } from '../../helpers/irreversible-action.js';

const rules: TPolicyRule[] = [
  { ...defaultRule, kind: 'post_message', mode: 'auto', quietHours: '22:00-08:00', dailyAutoCap: 20 },
  {
    ...defaultRule,
    scope: 'channel:slack:C0ENG',
    kind: '*',
    approvers: ['admins', 'group:leads', 'slack:U0BOB'],
    approvalsNeeded: 2,
    onExpiry: 'escalate',
    expiresAfterMs: 7_200_000,
  },
];

describe('policy files', () => {
  for (const format of ['yaml', 'json'] as const) {
    it(`round-trips through ${format}`, () => {
      const text = formatPolicyFile(rules, format);
      const parsed = parsePolicyFile(text, defaultCatalogue);
      assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
      assert.deepEqual(parsed.rules, rules);
    });
  }

  it('reads bare ids on the platform the file is imported from, and refuses them when there is none', () => {
    const text = 'version: 1\nrules:\n  - channel: eng\n    mode: deny\n    approvers: [admins, bob, "teams:29:1ab"]\n';
    const parsed = parsePolicyFile(text, defaultCatalogue, 'local');
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
    assert.deepEqual(parsed.rules[0]?.scope, 'channel:local:eng');
    assert.deepEqual(parsed.rules[0]?.approvers, ['admins', 'local:bob', 'teams:29:1ab']);
    const without = parsePolicyFile(text, defaultCatalogue);
    assert.equal(without.ok, false);
    if (!without.ok)
      assert.match(without.error, /rules\.0: "eng" names no platform; write it as a key, such as slack:eng/);
  });

  it('fills defaults for a short file', () => {
    const parsed = parsePolicyFile('version: 1\nrules:\n  - kind: pin_message\n    mode: auto\n', defaultCatalogue);
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.rules, [{ ...defaultRule, kind: 'pin_message', mode: 'auto' }]);
  });

  it('names every field that is wrong, and imports nothing', () => {
    const cases: [string, RegExp][] = [
      ['version: 2\nrules: []', /version: /],
      ['rules: []', /version: /],
      ['version: 1\nrules:\n  - mode: sometimes', /rules\.0\.mode: /],
      ['version: 1\nrules:\n  - mode: auto\n    approvalsNeeded: 0', /rules\.0\.approvalsNeeded: /],
      ['version: 1\nrules:\n  - mode: auto\n    expiresAfter: tomorrow', /rules\.0\.expiresAfter: expected a duration/],
      ['version: 1\nrules:\n  - mode: auto\n    quietHours: "late"', /rules\.0\.quietHours: /],
      ['version: 1\nrules:\n  - mode: auto\n    approvers: ["two words"]', /rules\.0\.approvers\.0: /],
      ['version: 1\nrules:\n  - mode: auto\n    colour: blue', /colour/],
      ['version: 1\nrules:\n  - kind: launch_rockets\n    mode: auto', /rules\.0\.kind: unknown kind "launch_rockets"/],
      [
        'version: 1\nrules:\n  - kind: pin_message\n    mode: auto\n  - kind: pin_message\n    mode: deny',
        /rules\.1: a second row for workspace\/pin_message/,
      ],
      ['version: 1\nrules: [', /not valid YAML or JSON/],
      ['{"version": 1, "rules": [{"mode": "maybe"}]}', /rules\.0\.mode: /],
    ];
    for (const [text, error] of cases) {
      const parsed = parsePolicyFile(text, defaultCatalogue);
      assert.equal(parsed.ok, false, text);
      if (!parsed.ok) assert.match(parsed.error, error, text);
    }
  });

  it('never lets an irreversible kind be auto', () => {
    const catalogue = withIrreversibleEmail();
    const parsed = parsePolicyFile('version: 1\nrules:\n  - kind: send_email\n    mode: auto\n', catalogue);
    assert.equal(parsed.ok, false);
    if (!parsed.ok) assert.match(parsed.error, /rules\.0\.mode: send_email cannot be undone, so it can never be auto/);
    assert.ok(parsePolicyFile('version: 1\nrules:\n  - kind: send_email\n    mode: approve\n', catalogue).ok);
  });
});
