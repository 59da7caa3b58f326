// Sends Teams channel messages to one URL with a Bot Framework token, as many as `concurrency` requests in flight
// allow, for `seconds` (a closed loop). Runs in its own process so that generating load does not compete with the
// servers' event loop. The token is made by the parent (bench/teams-activities.ts), valid for the run.
import { emptyResult, type TLoadResult, timed } from './bench-kit.js';

export type TTeamsLoad = {
  url: string;
  authorization: string;
  serviceUrl: string;
  seconds: number;
  concurrency: number;
  prefix: string;
};

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

function send(load: TTeamsLoad, result: TLoadResult): Promise<void> {
  const body = nextBody(load);
  return timed(result, () =>
    fetch(load.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: load.authorization },
      body,
    }),
  );
}

async function run(load: TTeamsLoad): Promise<TLoadResult> {
  const result = emptyResult();
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
