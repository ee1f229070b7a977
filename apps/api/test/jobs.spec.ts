import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FISCAL_YEAR_START } from '../src/enrolments/fiscal-year-job';
import { JobQueue, ScheduledJob } from '../src/jobs/job-queue';
import { REPORT_FIGURES_REFRESH } from '../src/reports/report-jobs';
import { TEAM_WEEKLY_DIGEST } from '../src/team/weekly-digest-job';
import { UDEMY_BUSINESS_SYNC } from '../src/udemy-sync/udemy-sync-job';
import { CMI5_ABANDON_EXPIRED } from '../src/xapi/cmi5-abandon-job';
import { adminAuth, Auth, importOk, orgCsv, person, smallOrg, staffCsv } from './support/factories';
import { createTestApp, TestApp } from './support/test-app';
import { withAdminClient } from './support/test-database';

/*
 * Scheduled work runs as jobs on pg-boss in the app's own PostgreSQL (schema `pgboss`). What an operator would
 * notice if that went wrong: the fiscal year not starting, a job running twice with two API instances, a failing
 * job taking the app down, or the app not stopping.
 */

const until = async <T>(
  what: string,
  read: () => Promise<T | undefined | null | false>,
  seconds = 20,
): Promise<T> => {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

const finished = (queue: JobQueue, name: string, id: string) =>
  until(`${name} run ${id} to finish`, async () => {
    const run = await queue.run(name, id);
    return run && ['completed', 'failed'].includes(run.state) ? run : undefined;
  });

const register = (job: ScheduledJob) => (app: NestFastifyApplication) => app.get(JobQueue).register(job);

/** Connections pg-boss holds to a database (its pool names them `pgboss:<instance>`). */
const bossConnections = async (databaseUrl: string): Promise<number> => {
  const database = new URL(databaseUrl).pathname.slice(1);
  return withAdminClient(async (client) => {
    const { rows } = await client.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name LIKE 'pgboss:%'`,
      [database],
    );
    return rows[0].n as number;
  });
};

describe('scheduled jobs (pg-boss)', () => {
  describe('one API instance', () => {
    let t: TestApp;
    let hr: Auth;
    let failures = 0;
    const errors: string[] = [];

    beforeAll(async () => {
      jest
        .spyOn(Logger.prototype, 'error')
        .mockImplementation((message: unknown) => void errors.push(String(message)));
      t = await createTestApp(
        {},
        {
          beforeStart: register({
            name: 'jobs-test.failing',
            cron: '0 3 1 1 *',
            retryLimit: 1,
            retryDelaySeconds: 1,
            pollingIntervalSeconds: 0.5,
            run: async () => {
              failures++;
              throw new Error('集計元に接続できません');
            },
          }),
        },
      );
      hr = await adminAuth(t);
    });
    afterAll(async () => {
      jest.restoreAllMocks();
      await t?.close();
    });

    it('has the schedules in Tokyo time once started, kept by pg-boss in its own schema', async () => {
      const schedules = await t.app.get(JobQueue).schedules();
      expect(schedules.filter((s) => !s.name.startsWith('jobs-test.'))).toEqual([
        { name: CMI5_ABANDON_EXPIRED, cron: '*/10 * * * *', timezone: 'Asia/Tokyo' },
        { name: FISCAL_YEAR_START, cron: '5 0 * * *', timezone: 'Asia/Tokyo' },
        { name: REPORT_FIGURES_REFRESH, cron: '*/10 * * * *', timezone: 'Asia/Tokyo' },
        { name: TEAM_WEEKLY_DIGEST, cron: '0 8 * * 1', timezone: 'Asia/Tokyo' },
        { name: UDEMY_BUSINESS_SYNC, cron: '30 2 * * *', timezone: 'Asia/Tokyo' },
      ]);
      // The same rows read straight from the table, and nothing of pg-boss's in our schema.
      const rows = await t.db.query(`SELECT name, cron, timezone FROM pgboss.schedule ORDER BY name`);
      expect(rows.map((r: { name: string }) => r.name)).toEqual([
        CMI5_ABANDON_EXPIRED,
        FISCAL_YEAR_START,
        'jobs-test.failing',
        REPORT_FIGURES_REFRESH,
        TEAM_WEEKLY_DIGEST,
        UDEMY_BUSINESS_SYNC,
      ]);
      // Our schema still holds exactly the entities' tables and TypeORM's bookkeeping (what migrations.spec checks).
      const tables = async (schema: string): Promise<string[]> =>
        (
          await t.db.query(
            `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`,
            [schema],
          )
        ).map((r: { table_name: string }) => r.table_name);
      expect(await tables('public')).toEqual(
        [...t.db.entityMetadatas.map((m) => m.tableName), 'migrations'].sort(),
      );
      expect(await tables('pgboss')).toEqual(expect.arrayContaining(['job', 'queue', 'schedule']));
    });

    it('fiscal-year.start sent by hand assigns the course a person was missing, and is idempotent', async () => {
      await importOk(t, 'org-units', hr, orgCsv(smallOrg(['10'])));
      await importOk(t, 'staff', hr, staffCsv([person('700001')]));
      const courses = async () => {
        const response = await t.request({
          method: 'GET',
          url: '/api/v1/staff/700001/enrollments',
          headers: hr,
        });
        expect(response.statusCode).toBe(200);
        return (response.json() as { courseCode: string }[]).map((e) => e.courseCode).sort();
      };
      const assigned = await courses();
      expect(assigned).toContain('WORKPLACE-DX');
      // As if the year had turned overnight: the person has nothing for it yet.
      await t.db.query(
        `DELETE FROM enrollment WHERE staff_id = (SELECT id FROM staff WHERE employee_no = '700001')`,
      );
      expect(await courses()).toEqual([]);

      const queue = t.app.get(JobQueue);
      const id = await queue.runNow(FISCAL_YEAR_START);
      expect(id).toEqual(expect.any(String));
      expect(await finished(queue, FISCAL_YEAR_START, id!)).toMatchObject({
        state: 'completed',
        retryCount: 0,
      });
      expect(await courses()).toEqual(assigned);

      const again = await queue.runNow(FISCAL_YEAR_START);
      expect(await finished(queue, FISCAL_YEAR_START, again!)).toMatchObject({ state: 'completed' });
      expect(await courses()).toEqual(assigned);
    });

    it('report-figures.refresh sent by hand rebuilds figures that are a day old', async () => {
      const read = await t.request({
        method: 'GET',
        url: '/api/v1/reports/completion?fiscalYear=2026',
        headers: hr,
      });
      expect(read.statusCode).toBe(200);
      await t.db.query(`UPDATE report_year SET as_of = as_of - 1`);
      const queue = t.app.get(JobQueue);
      const id = await queue.runNow(REPORT_FIGURES_REFRESH);
      expect(await finished(queue, REPORT_FIGURES_REFRESH, id!)).toMatchObject({ state: 'completed' });
      const [{ behind }] = await t.db.query(
        `SELECT count(*)::int AS behind FROM report_year WHERE as_of < (now() AT TIME ZONE 'Asia/Tokyo')::date`,
      );
      expect(behind).toBe(0);
    });

    it('a failing job is retried, then reported as failed with its error, and the app carries on', async () => {
      const queue = t.app.get(JobQueue);
      const id = await queue.runNow('jobs-test.failing');
      const run = await finished(queue, 'jobs-test.failing', id!);
      expect(run).toMatchObject({ state: 'failed', retryCount: 1 });
      expect(JSON.stringify(run.output)).toContain('集計元に接続できません');
      expect(failures).toBe(2);
      expect(errors.filter((e) => e.includes('jobs-test.failing'))).toEqual([
        expect.stringContaining('try 1) failed: 集計元に接続できません'),
        expect.stringContaining('try 2) failed: 集計元に接続できません'),
      ]);
      expect((await t.request({ method: 'GET', url: '/api/v1/health' })).statusCode).toBe(200);
      // The other queues still work.
      const next = await queue.runNow(FISCAL_YEAR_START);
      expect(await finished(queue, FISCAL_YEAR_START, next!)).toMatchObject({ state: 'completed' });
    });
  });

  describe('two API instances on one database', () => {
    it('both schedule the job; each occurrence is worked once, by one of them; closing stops their queues', async () => {
      const runs: { instance: string; id: string }[] = [];
      const everyMinute = (instance: string): ScheduledJob => ({
        name: 'jobs-test.every-minute',
        // Always due: each cron pass looks back a minute. Both instances run passes every second (taking turns
        // through the database), so the same occurrence is found by many passes of both.
        cron: '* * * * *',
        pollingIntervalSeconds: 0.5,
        run: async ({ id }) => void runs.push({ instance, id }),
      });
      const scheduling = { SCHEDULE_JOBS: 'true', SCHEDULE_CHECK_SECONDS: '1' };
      const started = Date.now();
      const a = await createTestApp(scheduling, { beforeStart: register(everyMinute('a')) });
      let b: TestApp | undefined;
      try {
        b = await createTestApp(scheduling, { sharedWith: a, beforeStart: register(everyMinute('b')) });
        const schedules = await b.app.get(JobQueue).schedules();
        expect(schedules.filter((s) => s.name === 'jobs-test.every-minute')).toHaveLength(1);

        await until('a scheduled run', async () => runs.length > 0, 30);
        // Time for a duplicate to show, were there one: several more passes of each instance.
        await new Promise((resolve) => setTimeout(resolve, 4000));
        const jobs: { id: string; state: string }[] = await a.db.query(
          `SELECT id::text, state::text FROM pgboss.job WHERE name = 'jobs-test.every-minute'`,
        );
        const minutes = Math.floor(Date.now() / 60_000) - Math.floor(started / 60_000) + 1;
        // One job per minute at most, whichever instance's cron pass sent it, and each job run exactly once.
        expect(jobs.length).toBeGreaterThanOrEqual(1);
        expect(jobs.length).toBeLessThanOrEqual(minutes);
        expect(runs.map((r) => r.id).sort()).toEqual(jobs.map((j) => j.id).sort());
        expect(new Set(runs.map((r) => r.id)).size).toBe(runs.length);
        expect(jobs.every((j) => j.state === 'completed')).toBe(true);
        expect(await bossConnections(a.databaseUrl)).toBeGreaterThan(0);
      } finally {
        await b?.app.close();
        await a.app.close();
      }
      // Both queues stopped with their apps: no pg-boss connection is left open (and jest exits).
      expect(await bossConnections(a.databaseUrl)).toBe(0);
      const database = new URL(a.databaseUrl).pathname.slice(1);
      await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
    });
  });
});
