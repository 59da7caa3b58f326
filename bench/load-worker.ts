import { signature } from '../test/kit/signed-requests.js';
import { emptyResult, type TLoadResult, timed } from './bench-kit.js';

// Sends signed Slack events to one URL, either at a fixed rate (open loop: the schedule does not wait for
// answers, as Slack does not) or as fast as `concurrency` requests in flight allow (closed loop). Runs in its
// own process so that generating load does not compete with the servers' event loop.

export type TLoad = {
  url: string;
  secret: string;
  seconds: number;
  rate?: number;
  concurrency?: number;
  prefix: string;
};
export type { TLoadResult };

let counter = 0;
const texts = ['Is the build green?', 'Deploying now', 'Who owns billing?', 'thanks!', 'Where is the runbook?', 'lgtm'];

function nextBody(prefix: string): string {
  counter += 1;
  const ts = `${Math.floor(Date.now() / 1000)}.${String(counter).padStart(6, '0')}`;
  return JSON.stringify({
    token: 'x',
    team_id: 'T0TEST',
    api_app_id: 'A0TEST',
    type: 'event_callback',
    event_id: `Ev${prefix}${counter}`,
    event_time: Math.floor(Date.now() / 1000),
    event: {
      type: 'message',
      channel: 'C0GENERAL',
      user: `U0USER${counter % 50}`,
      text: texts[counter % texts.length],
      ts,
      event_ts: ts,
      channel_type: 'channel',
    },
  });
}

function send(load: TLoad, result: TLoadResult): Promise<void> {
  const body = nextBody(load.prefix);
  const timestamp = Math.floor(Date.now() / 1000);
  return timed(result, () =>
    fetch(load.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': signature(body, timestamp, load.secret),
      },
      body,
    }),
  );
}

async function run(load: TLoad): Promise<TLoadResult> {
  const result = emptyResult();
  const started = performance.now();
  const until = started + load.seconds * 1000;
  const inFlight = new Set<Promise<void>>();
  if (load.rate) {
    // Open loop: every 5 ms, send what the schedule says is due by now.
    let due = 0;
    while (performance.now() < until) {
      due += (load.rate * 5) / 1000;
      for (; due >= 1; due -= 1) {
        const request = send(load, result).finally(() => inFlight.delete(request));
        inFlight.add(request);
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  } else {
    const lane = async () => {
      while (performance.now() < until) await send(load, result);
    };
    await Promise.all(Array.from({ length: load.concurrency ?? 16 }, lane));
  }
  await Promise.all(inFlight);
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

process.once('message', async (spec: TLoad) => {
  process.send?.(await run(spec), () => process.exit(0));
});
