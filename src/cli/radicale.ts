import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

// A real CalDAV server on this machine, for the demo and the tests: Radicale (Debian package `radicale`, which
// .ci/run installs), one instance per run on a loopback port with its own storage folder, started with no
// configuration file and no authentication (requests still carry a user name, which picks the user's collections).

export type TRadicale = {
  url: string;
  user: string;
  /** Any password: Radicale runs with --auth-type none. */
  password: string;
  mkcalendar(path: string, name: string): Promise<void>;
  put(path: string, ics: string): Promise<{ status: number; etag?: string }>;
  get(path: string): Promise<{ status: number; etag?: string; text: string }>;
  stop(): Promise<void>;
};

/** Whether the `radicale` command is on this machine. */
export function radicaleInstalled(): boolean {
  try {
    execFileSync('radicale', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startRadicale(): Promise<TRadicale> {
  if (!radicaleInstalled()) {
    throw new Error(
      'radicale is not installed: `apt-get install -y radicale` (.ci/run installs it when it is missing)',
    );
  }
  const folder = await mkdtemp(join(tmpdir(), 'teammate-radicale-'));
  const user = 'alice';
  const password = 'any-password';
  const auth = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  let child: ChildProcess | undefined;
  let url = '';
  // A port found free may be taken before Radicale binds it: try a few.
  for (let attempt = 0; attempt < 5 && !url; attempt++) {
    const port = await freePort();
    const started = spawn(
      'radicale',
      [
        '--config',
        '',
        '--server-hosts',
        `127.0.0.1:${port}`,
        '--storage-filesystem-folder',
        folder,
        '--auth-type',
        'none',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let exited = false;
    started.once('exit', () => {
      exited = true;
    });
    for (let wait = 0; wait < 200 && !exited; wait++) {
      const up = await fetch(`http://127.0.0.1:${port}/`, { method: 'OPTIONS' }).catch(() => undefined);
      if (up) {
        url = `http://127.0.0.1:${port}/`;
        child = started;
        break;
      }
      await sleep(50);
    }
    if (!url) started.kill();
  }
  if (!child || !url) throw new Error('radicale did not start');
  const base = url;
  const running = child;
  // A run that ends without stop() (Ctrl-C in the demo) does not leave the server behind.
  const kill = () => running.kill();
  process.once('exit', kill);
  const at = (path: string) => new URL(path, base).href;
  return {
    url: base,
    user,
    password,
    async mkcalendar(path, name) {
      const body = `<?xml version="1.0" encoding="utf-8"?><C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop><D:displayname>${name}</D:displayname></D:prop></D:set></C:mkcalendar>`;
      const response = await fetch(at(path), {
        method: 'MKCALENDAR',
        headers: { authorization: auth, 'content-type': 'application/xml' },
        body,
      });
      if (response.status !== 201) throw new Error(`MKCALENDAR ${path}: ${response.status}`);
    },
    async put(path, ics) {
      const response = await fetch(at(path), {
        method: 'PUT',
        headers: { authorization: auth, 'content-type': 'text/calendar; charset=utf-8' },
        body: ics,
      });
      return { status: response.status, etag: response.headers.get('etag') ?? undefined };
    },
    async get(path) {
      const response = await fetch(at(path), { headers: { authorization: auth } });
      return { status: response.status, etag: response.headers.get('etag') ?? undefined, text: await response.text() };
    },
    async stop() {
      process.off('exit', kill);
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill();
      await Promise.race([exited, sleep(5_000)]);
      await rm(folder, { recursive: true, force: true });
    },
  };
}
