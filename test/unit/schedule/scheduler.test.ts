import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Clock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import { describeWeekly, previousSlot, weeklyCron } from '../../../src/core/schedule-rule.js';
import { Scheduler } from '../../../src/schedule/scheduler.js';
import { createTestDatabase, type TTestDatabase } from '../../helpers/databases.js';

/** A clock the test sets freely, backwards too (a machine whose clock is corrected). */
class SetClock implements Clock {
  constructor(public at: Date) {}
  now() {
    return this.at;
  }
}

let db: TTestDatabase;
before(async () => {
  db = await createTestDatabase('sqlite');
});
after(() => db.destroy());

function setup(name: string, cron: string, timeZone: string, start: string) {
  const clock = new SetClock(new Date(start));
  const ran: string[] = [];
  const scheduler = new Scheduler({ store: db.stores.jobs, clock, log: silentLogger });
  scheduler.set({
    name,
    cron,
    timeZone,
    since: clock.now(),
    async run(slot) {
      ran.push(slot.toISOString());
    },
  });
  const at = async (iso: string) => {
    clock.at = new Date(iso);
    await scheduler.runDue();
    await scheduler.idle();
  };
  return { clock, ran, scheduler, at };
}

test('weekly schedules are parsed from the words people type', () => {
  assert.equal(weeklyCron('fri 16:00'), '0 16 * * 5');
  assert.equal(weeklyCron('Monday 9:30'), '30 9 * * 1');
  assert.equal(weeklyCron('funday 16:00'), undefined);
  assert.equal(weeklyCron('fri 25:00'), undefined);
  assert.equal(describeWeekly('30 9 * * 1'), 'mon 09:30');
});

test('a slot runs once, however often the scheduler looks', async () => {
  const { ran, at } = setup('once', '0 16 * * 5', 'UTC', '2026-11-23T09:00:00Z');
  await at('2026-11-27T15:59:00Z');
  assert.deepEqual(ran, []);
  await at('2026-11-27T16:00:00Z');
  await at('2026-11-27T16:00:30Z');
  await at('2026-11-27T17:00:00Z');
  assert.deepEqual(ran, ['2026-11-27T16:00:00.000Z']);
});

test('after downtime a job catches up once, not once per missed slot', async () => {
  const { ran, at } = setup('catch-up', '0 9 * * *', 'UTC', '2026-11-23T08:00:00Z');
  // Down from Monday 08:00 until Thursday 12:00: Monday, Tuesday, Wednesday and Thursday's slots were missed.
  await at('2026-11-26T12:00:00Z');
  assert.deepEqual(ran, ['2026-11-26T09:00:00.000Z']);
});

test('a clock set back does not run a slot again, and one that jumps ahead runs the slot it lands in', async () => {
  const { ran, at } = setup('jumps', '0 * * * *', 'UTC', '2026-11-23T08:30:00Z');
  await at('2026-11-23T09:10:00Z');
  await at('2026-11-23T08:59:00Z');
  await at('2026-11-23T09:20:00Z');
  assert.deepEqual(ran, ['2026-11-23T09:00:00.000Z']);
  await at('2026-11-23T13:05:00Z');
  assert.deepEqual(ran, ['2026-11-23T09:00:00.000Z', '2026-11-23T13:00:00.000Z']);
});

test('a weekly slot keeps its local time across a DST change and fires once per week', async () => {
  // Europe/Berlin leaves summer time on Sunday 2026-10-25: Friday 16:00 is 14:00Z before and 15:00Z after.
  const { ran, at } = setup('dst', '0 16 * * 5', 'Europe/Berlin', '2026-10-19T00:00:00Z');
  for (let t = Date.parse('2026-10-19T00:00:00Z'); t <= Date.parse('2026-11-01T00:00:00Z'); t += 15 * 60_000) {
    await at(new Date(t).toISOString());
  }
  assert.deepEqual(ran, ['2026-10-23T14:00:00.000Z', '2026-10-30T15:00:00.000Z']);
});

test('an hourly job across the night the clocks go back runs each real hour once', async () => {
  // 02:00–03:00 happens twice in Berlin on 2026-10-25; the slots are distinct instants, each claimed once.
  const { ran, at } = setup('dst-hourly', '30 * * * *', 'Europe/Berlin', '2026-10-24T22:00:00Z');
  for (let t = Date.parse('2026-10-24T22:00:00Z'); t <= Date.parse('2026-10-25T03:00:00Z'); t += 5 * 60_000) {
    await at(new Date(t).toISOString());
  }
  assert.equal(new Set(ran).size, ran.length);
  assert.ok(ran.includes('2026-10-25T00:30:00.000Z') && ran.includes('2026-10-25T01:30:00.000Z'));
});

test('a slot whose previous run is still going is recorded as skipped', async () => {
  const clock = new SetClock(new Date('2026-11-23T09:00:00Z'));
  const scheduler = new Scheduler({ store: db.stores.jobs, clock, log: silentLogger });
  let release: () => void = () => undefined;
  const ran: string[] = [];
  const job = {
    name: 'slow',
    cron: '* * * * *',
    timeZone: 'UTC',
    since: clock.now(),
    async run(slot: Date) {
      ran.push(slot.toISOString());
      await new Promise<void>((resolve) => {
        release = resolve;
      });
    },
  };
  const first = scheduler.fire(job, new Date('2026-11-23T09:00:00Z'));
  await new Promise((resolve) => setTimeout(resolve, 20));
  clock.at = new Date('2026-11-23T09:01:00Z');
  assert.equal(await scheduler.fire(job, new Date('2026-11-23T09:01:00Z')), 'skipped');
  release();
  assert.equal(await first, 'ran');
  assert.equal(await scheduler.fire(job, new Date('2026-11-23T09:00:00Z')), 'taken');
  clock.at = new Date('2026-11-23T09:02:00Z');
  const third = scheduler.fire(job, new Date('2026-11-23T09:02:00Z'));
  await new Promise((resolve) => setTimeout(resolve, 20));
  release();
  assert.equal(await third, 'ran');
  assert.deepEqual(ran, ['2026-11-23T09:00:00.000Z', '2026-11-23T09:02:00.000Z']);
});

test('previousSlot counts a slot exactly at now as passed', () => {
  assert.equal(
    previousSlot('0 16 * * 5', 'UTC', new Date('2026-11-27T16:00:00Z')).toISOString(),
    '2026-11-27T16:00:00.000Z',
  );
});
