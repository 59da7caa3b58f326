// Language-model cost on a realistic mixed stream of channel events: how many calls and tokens per 1,000 events
// (target: at most 20 calls), next to the baseline of a bot that asks the model about every message. The model
// is the fake OpenAI-compatible server from the test kit, answering every call with a short text.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/core/logger.js';
import type { LocalSession } from '../src/platforms/local/session.js';
import { localSession, startRuntime } from '../src/runtime.js';
import { startFakeOpenAi, toolCalls } from '../test/kit/fake-openai.js';

const EVENTS = Number(process.env.BENCH_LLM_EVENTS ?? 3_000);
const people = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'];
const topics = ['deploy', 'billing', 'search', 'onboarding', 'alerts', 'release'];

/** A seeded generator, so every run plays the same stream. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const model = await startFakeOpenAi();
const scratch = mkdtempSync(join(tmpdir(), 'teammate-llm-bench-'));
const runtime = await startRuntime({
  config: loadConfig({
    DATABASE_URL: `file:${join(scratch, 'bench.db')}`,
    TEAMMATE_TIMEZONE: 'UTC',
    TEAMMATE_ADMINS: 'alice',
    OPENAI_API_KEY: 'sk-bench',
    OPENAI_BASE_URL: model.baseUrl,
    TEAMMATE_LLM_CALLS_PER_CHANNEL: '100000',
    TEAMMATE_LLM_CALLS_PER_DAY: '100000',
    TEAMMATE_LLM_TOKENS_PER_CHANNEL: '100000000',
    TEAMMATE_LLM_TOKENS_PER_DAY: '100000000',
  }),
  log: silentLogger,
  version: 'bench',
  local: { write: () => undefined },
  startAt: new Date('2026-11-23T08:00:00Z'),
  http: false,
  heartbeat: false,
});
if (!runtime.local) throw new Error('the local chat did not start');
const { world } = runtime.local;
const sessions = new Map(people.map((p) => [p, localSession(runtime, { user: p })]));
const next = random(42);
const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
const mix = {
  message: 0,
  reply: 0,
  question: 0,
  reaction: 0,
  decision: 0,
  mention: 0,
  'mention answered from records': 0,
};
const roots: string[] = [];
const started = performance.now();
for (let i = 0; i < EVENTS; i++) {
  const who = sessions.get(pick(people)) as LocalSession;
  const topic = pick(topics);
  const roll = next();
  let line: string;
  if (roll < 0.45 || roots.length === 0) {
    line = `Working on the ${topic} change, ${i}.`;
    mix.message++;
  } else if (roll < 0.7) {
    line = `/reply ${pick(roots)} Sounds good for ${topic}.`;
    mix.reply++;
  } else if (roll < 0.8) {
    line = `How does the ${topic} pipeline handle retries ${i}?`;
    mix.question++;
  } else if (roll < 0.94) {
    line = `/react ${pick(roots)} thumbsup`;
    mix.reaction++;
  } else if (roll < 0.98) {
    line = `Decision: ${topic} ships on Thursday (${i}).`;
    mix.decision++;
  } else if (roll < 0.99) {
    line = pick([
      "@teammate what's waiting for me?",
      '@teammate why did you post that?',
      '@teammate set reminders to need approval',
    ]);
    mix['mention answered from records']++;
  } else {
    model.script(toolCalls([], 'Noted.'));
    line = `@teammate can you help with the ${topic} rollout?`;
    mix.mention++;
  }
  const before = world.messages.size;
  await who.handle(line);
  if (world.messages.size > before && !line.startsWith('/')) roots.push([...world.messages.keys()].at(-1) as string);
  if (i % 50 === 0) {
    runtime.clock.advance(10 * 60_000);
    await runtime.tick();
  }
}
const seconds = (performance.now() - started) / 1000;
const spent = await runtime.teammate.deps.stores.llm.spent(new Date(0));
const perThousand = (n: number) => (n * 1000) / EVENTS;
const naive =
  mix.message + mix.reply + mix.question + mix.decision + mix.mention + mix['mention answered from records'];
console.log(
  `LLM cost on a mixed stream of ${EVENTS} channel events (seeded; ${seconds.toFixed(1)} s through the local adapter)`,
);
console.log(
  `mix: ${Object.entries(mix)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}`,
);
console.log(`model calls: ${spent.calls} → ${perThousand(spent.calls).toFixed(1)} per 1,000 events (target ≤ 20)`);
console.log(
  `tokens: ${spent.tokens} → ${perThousand(spent.tokens).toFixed(0)} per 1,000 events (the fake server reports a fixed usage per call)`,
);
// What was really sent, measured from the requests (tool definitions included).
const promptChars = model.requests.reduce(
  (sum, r) => sum + JSON.stringify(r.messages).length + JSON.stringify(r.tools ?? []).length,
  0,
);
const perCall = promptChars / Math.max(1, model.requests.length);
console.log(
  `prompt size: ${Math.round(perCall)} characters a call (≈ ${Math.round(perCall / 4)} tokens at 4 characters a token) → ≈ ${perThousand(promptChars / 4).toFixed(0)} prompt tokens per 1,000 events`,
);
console.log(
  `baseline, a bot that asks the model about every message: ${perThousand(naive).toFixed(0)} calls per 1,000 events; Teammate makes ${((spent.calls / naive) * 100).toFixed(1)} % of that`,
);
await runtime.close();
await model.close();
rmSync(scratch, { recursive: true, force: true });
