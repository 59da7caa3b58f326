// Sends Teams channel messages to one URL with a Bot Framework token, as many as `concurrency` requests in flight
// allow, for `seconds` (a closed loop). Runs in its own process so that generating load does not compete with the
// servers' event loop. The token is made by the parent (bench/teams-activities.ts), valid for the run.

export type TTeamsLoad = {
  url: string;
  authorization: string;
  serviceUrl: string;
  seconds: number;
  concurrency: number;
  prefix: string;
};
export type TTeamsLoadResult = { sent: number; ok: number; failed: number; seconds: number; latenciesMs: number[] };

const CHANNEL = '19:6848757105754c8981c67612732d9aa7@thread.tacv2';
const texts = ['Is the build green?', 'Deploying now', 'Who owns billing?', 'thanks!', 'Where is the runbook?', 'lgtm'];
let counter = 0;

/** A channel message shaped like the captured one in ../shared/fixtures/teams (teams.net/captured). */
function nextBody(load: TTeamsLoad): string {
  counter += 1;
  const id = `${load.prefix}${counter}`;
  const user = counter % 50;
  return JSON.stringify({
    type: 'message',
    channelId: 'msteams',
    id,
    serviceUrl: load.serviceUrl,
    timestamp: new Date().toISOString(),
    text: texts[counter % texts.length],
    textFormat: 'plain',
    from: {
      id: `29:user-${user}`,
      name: `User ${user}`,
      aadObjectId: `00000000-0000-4000-8000-${String(user).padStart(12, '0')}`,
    },
    recipient: { id: '28:0b6fe6d1-fece-44f7-9a48-56465e2d5ab8', name: 'Teammate' },
    conversation: { id: `${CHANNEL};messageid=${id}`, isGroup: true, conversationType: 'channel', tenantId: 't' },
    channelData: { teamsChannelId: CHANNEL, channel: { id: CHANNEL }, tenant: { id: 't' } },
    entities: [],
  });
}

async function send(load: TTeamsLoad, result: TTeamsLoadResult): Promise<void> {
  const body = nextBody(load);
  const started = performance.now();
  result.sent += 1;
  try {
    const response = await fetch(load.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: load.authorization },
      body,
    });
    await response.arrayBuffer();
    if (response.status === 200) result.ok += 1;
    else result.failed += 1;
  } catch {
    result.failed += 1;
  }
  result.latenciesMs.push(performance.now() - started);
}

async function run(load: TTeamsLoad): Promise<TTeamsLoadResult> {
  const result: TTeamsLoadResult = { sent: 0, ok: 0, failed: 0, seconds: 0, latenciesMs: [] };
  const started = performance.now();
  const until = started + load.seconds * 1000;
  await Promise.all(
    Array.from({ length: load.concurrency }, async () => {
      while (performance.now() < until) await send(load, result);
    }),
  );
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

process.once('message', (load: TTeamsLoad) => {
  void run(load).then((result) => {
    process.send?.(result);
    process.exit(0);
  });
});
