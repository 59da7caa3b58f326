// One bot process's scheduler, for the once-per-slot test: it runs a job every second on the database given as
// its argument for a few seconds, then prints which slots it ran. Run with: node --import tsx <this> <url> <ms>
import { systemClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import { Scheduler } from '../../src/schedule/scheduler.js';
import { parseDatabaseUrl } from '../../src/store/database-url.js';
import { openDatabase } from '../../src/store/open-database.js';

const [url = '', duration = '3000'] = process.argv.slice(2);
const opened = await openDatabase(parseDatabaseUrl(url), silentLogger);
const scheduler = new Scheduler({ store: opened.stores.jobs, clock: systemClock, log: silentLogger, timers: true });
const ran: string[] = [];
const started = new Date();
scheduler.set({
  name: 'every-second',
  cron: '* * * * * *',
  timeZone: 'UTC',
  since: started,
  async run(slot) {
    ran.push(slot.toISOString());
    await new Promise((resolve) => setTimeout(resolve, 100));
  },
});
await new Promise((resolve) => setTimeout(resolve, Number(duration)));
await scheduler.stop();
await opened.close();
process.stdout.write(`${JSON.stringify({ owner: scheduler.owner, started, stopped: new Date(), ran })}\n`);
