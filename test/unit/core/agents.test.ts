import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAgentPattern, isQuestionKind, kindPatterns, parseAgentKind } from '../../../src/core/agents/agent.js';
import { toolAction } from '../../../src/core/agents/permission-prompt.js';
import { parseCommand } from '../../../src/core/commands/grammar.js';
import { defaultRule, type TPolicyRule } from '../../../src/core/policy/policy-rule.js';
import { isDefault, resolveRule } from '../../../src/core/policy/resolve-rule.js';
import { RateLimit } from '../../../src/mcp/rate-limit.js';
import { ZRequestApprovalArgs } from '../../../src/mcp/tools.js';
import { kindLabel } from '../../../src/server/metrics.js';

const row = (scope: TPolicyRule['scope'], kind: string, mode: TPolicyRule['mode']): TPolicyRule => ({
  ...defaultRule,
  scope,
  kind,
  mode,
});

describe('agent kinds in the policy table', () => {
  it('agent:<name>:<action> is matched by itself, then agent:<name>:*, then agent:*, then *, channel rows first', () => {
    const rules = [
      row('workspace', '*', 'approve'),
      row('workspace', 'agent:*', 'deny'),
      row('workspace', 'agent:build-bot:*', 'approve'),
      row('workspace', 'agent:build-bot:read', 'auto'),
      row('channel:slack:C1', 'agent:*', 'auto'),
    ];
    const kind = (k: string, channel = 'slack:C9') => resolveRule(rules, channel, k).kind;
    assert.equal(kind('agent:build-bot:read'), 'agent:build-bot:read');
    assert.equal(kind('agent:build-bot:deploy'), 'agent:build-bot:*');
    assert.equal(kind('agent:docs-bot:publish'), 'agent:*');
    assert.equal(kind('post_message'), '*', 'agent patterns never match the bot’s own kinds');
    assert.equal(kind('agent:build-bot:read', 'slack:C1'), 'agent:*', 'a channel row beats a workspace row');
    assert.ok(isDefault(resolveRule([], 'slack:C1', 'agent:x:y')));
    assert.deepEqual(kindPatterns('agent:a:b'), ['agent:a:b', 'agent:a:*', 'agent:*']);
    assert.deepEqual(kindPatterns('post_message'), ['post_message']);
  });

  it('names patterns people may write, and refuses the rest', () => {
    for (const ok of ['agent:*', 'agent:build-bot:*', 'agent:build-bot:deploy', 'agent:ci_2:db.migrate'])
      assert.ok(isAgentPattern(ok), ok);
    for (const bad of ['agent:', 'agent:Build:*', 'agent:*:deploy', 'agent:a:De ploy', 'agents:*', 'agent:a'])
      assert.ok(!isAgentPattern(bad), bad);
    assert.deepEqual(parseAgentKind('agent:a:b.c'), { agent: 'a', action: 'b.c' });
    assert.equal(parseAgentKind('post_message'), undefined);
    assert.ok(isQuestionKind('agent:a:question'));
    assert.ok(!isQuestionKind('agent:a:questions'));
  });

  it('/teammate policy set takes agent patterns and says what kinds there are otherwise', () => {
    const kinds = ['post_message'];
    const set = parseCommand('policy set agent:build-bot:* deny', kinds, 'slack:C1');
    assert.ok(set.ok && set.command.name === 'policy set' && set.command.kind === 'agent:build-bot:*');
    const wrong = parseCommand('policy set agent:Build deny', kinds, 'slack:C1');
    assert.ok(!wrong.ok);
    assert.match(wrong.error, /agent:<name>:<action> \(or agent:<name>:\*, agent:\*\)/);
  });

  it('/teammate agent add|list|revoke', () => {
    const add = parseCommand('agent add build-bot #C42', [], 'slack:C1');
    assert.deepEqual(add, { ok: true, command: { name: 'agent add', agent: 'build-bot', channel: 'slack:C42' } });
    assert.deepEqual(parseCommand('agent', [], 'slack:C1'), { ok: true, command: { name: 'agent list' } });
    assert.deepEqual(parseCommand('agent revoke build-bot', [], 'slack:C1'), {
      ok: true,
      command: { name: 'agent revoke', agent: 'build-bot' },
    });
    const bad = parseCommand('agent add Build Bot', [], 'slack:C1');
    assert.ok(!bad.ok);
    assert.match(bad.error, /lowercase/);
    assert.equal(bad.usage, '/teammate agent list | add <name> [#channel] | revoke <name>');
  });
});

describe('the MCP edge', () => {
  it('request_approval cannot name the kind of questions', () => {
    assert.ok(!ZRequestApprovalArgs.safeParse({ action: 'question', summary: 'x' }).success);
    assert.ok(ZRequestApprovalArgs.safeParse({ action: 'deploy', summary: 'x' }).success);
  });

  it("a Claude Code tool's name becomes a safe action", () => {
    assert.equal(toolAction('Bash'), 'bash');
    assert.equal(toolAction('mcp__github__create_pull_request'), 'mcp__github__create_pull_request');
    assert.equal(toolAction('Web Fetch!'), 'web-fetch-');
    assert.equal(toolAction('question'), 'tool-question');
    assert.equal(toolAction('***'), 'tool-unnamed');
    assert.equal(toolAction('x'.repeat(100)).length, 64);
  });

  it('each agent has its own window of requests per minute', () => {
    let now = 0;
    const limit = new RateLimit(2, () => now);
    assert.ok(limit.take('a'));
    assert.ok(limit.take('a'));
    assert.ok(!limit.take('a'));
    assert.ok(limit.take('b'));
    now = 60_001;
    assert.ok(limit.take('a'));
  });

  it('metrics count agent kinds per agent, never per action the agent named', () => {
    assert.equal(kindLabel('agent:build-bot:deploy-anything-at-all'), 'agent:build-bot');
    assert.equal(kindLabel('post_message'), 'post_message');
  });
});
