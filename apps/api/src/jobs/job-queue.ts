import { asSystem } from '../database/tenant-context';
import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { PgBoss } from 'pg-boss';

/** What a handler learns about the run it is doing (for its log lines). */
export interface JobRun {
  id: string;
  /** 0 on the first try, 1 on the first retry, … */
  retryCount: number;
}

/** A piece of scheduled work: one queue in pg-boss, one cron schedule, one handler. */
export interface ScheduledJob {
  /** `<feature>.<what>`, e.g. `report-figures.refresh`; the queue's and the schedule's name. */
  name: string;
  /** Five-field cron expression, read in Asia/Tokyo time (the product's day turns at Tokyo midnight). */
  cron: string;
  /** Must be safe to run twice (a retry, or a run by hand right after the scheduled one). */
  run(job: JobRun): Promise<void>;
  /** Further tries after a failure (default 2), `retryDelaySeconds` apart, doubling each time (default 30). */
  retryLimit?: number;
  retryDelaySeconds?: number;
  /** How often an idle worker looks for a run (default 5 s; a run queued by `runNow` on this instance starts at once). */
  pollingIntervalSeconds?: number;
}

/**
 * Work handed to the queue by the app (not by a schedule): each job carries its data, many may wait at once, and the
 * handler decides itself whether to try again later (`enqueue` with a delay), so pg-boss does not retry it.
 */
export interface QueuedTask<T extends object> {
  name: string;
  run(data: T, job: JobRun): Promise<void>;
  /** How often an idle worker looks for due work (default 2 s; work queued on this instance starts at once). */
  pollingIntervalSeconds?: number;
}

export interface JobsOptions {
  databaseUrl: string;
  /**
   * Whether this instance takes its turn sending the scheduled jobs when they fall due. Every instance works the
   * queues either way; the instances share the cron pass through the database, so each occurrence is sent once.
   */
  schedule: boolean;
  /** The cron pass's period (each pass looks back a minute, so anything up to 45 s misses nothing). */
  scheduleCheckSeconds: number;
}

export const JOBS_OPTIONS = Symbol('JOBS_OPTIONS');

const JOB_TIME_ZONE = 'Asia/Tokyo';
/** Idle poll of each queue: schedules are minutes apart, so a run may wait a few seconds for a worker. */
const POLLING_INTERVAL_SECONDS = 5;

/**
 * The app's job queue: pg-boss on the app's own PostgreSQL. Several API instances on one database run each
 * scheduled occurrence once: the instances take the cron pass in turn (a claim on a row in pg-boss's schema), an
 * occurrence is filed under a singleton key for its minute (two passes cannot both send it), and a job is handed
 * to one worker (`FOR UPDATE SKIP LOCKED`). The queues are `stately`: at most one run waiting and one under way,
 * so a slow run is never joined by a second one on another instance.
 *
 * pg-boss creates and migrates its own schema, `pgboss`, at start: that is the library's internal storage, not
 * part of our data model, so it is not in our TypeORM migrations (which own `public` only).
 *
 * Features register their jobs while the modules initialise (`onModuleInit`); the queue starts when the start's data
 * is in place (`prepareData`: migrations, the default tenant, the demo, so no run races the demo seeding) and stops,
 * after the runs under way have finished, before the database pool closes (`beforeApplicationShutdown`).
 */
@Injectable()
export class JobQueue implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  private readonly boss: PgBoss;
  private readonly jobs = new Map<string, ScheduledJob>();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private readonly tasks = new Map<string, QueuedTask<any>>();
  private readonly workers = new Map<string, string>();
  private started = false;
  private stopping = false;

  constructor(@Inject(JOBS_OPTIONS) options: JobsOptions) {
    this.boss = new PgBoss({
      connectionString: options.databaseUrl,
      schedule: options.schedule,
      cronMonitorIntervalSeconds: options.scheduleCheckSeconds,
      // A due occurrence goes through pg-boss's own queue before ours: polled as often as the pass, up to 5 s.
      cronWorkerIntervalSeconds: Math.min(5, options.scheduleCheckSeconds),
      // A small pool of its own for polls and passes; the app's pool keeps its 20 connections for requests.
      max: 4,
    });
    // pg-boss reports connection trouble and failed maintenance as events; an `error` event nobody listens to would
    // end the process.
    // While stopping, the embedded PostgreSQL (`npm start`) may already be shutting down on the same signal.
    this.boss.on('error', (error: unknown) =>
      this.stopping
        ? this.logger.debug(`Job queue while stopping: ${describe(error)}`)
        : this.logger.error(`Job queue: ${describe(error)}`),
    );
    this.boss.on('warning', (warning: { message: string }) =>
      this.logger.warn(`Job queue: ${warning.message}`),
    );
  }

  /** Adds a job; call it from a feature's `onModuleInit`, before the queue starts. */
  register(job: ScheduledJob): void {
    if (this.started) throw new Error(`Job ${job.name} registered after the job queue started`);
    if (this.jobs.has(job.name) || this.tasks.has(job.name))
      throw new Error(`Job ${job.name} registered twice`);
    this.jobs.set(job.name, job);
  }

  /** Adds a queue of work with data; call it from a feature's `onModuleInit`, before the queue starts. */
  registerTask<T extends object>(task: QueuedTask<T>): void {
    if (this.started) throw new Error(`Task ${task.name} registered after the job queue started`);
    if (this.jobs.has(task.name) || this.tasks.has(task.name))
      throw new Error(`Task ${task.name} registered twice`);
    this.tasks.set(task.name, task);
  }

  /** Hands work to a task's queue, to start at once or after `delaySeconds`; the id of the job. */
  async enqueue<T extends object>(name: string, data: T, delaySeconds = 0): Promise<string | null> {
    if (!this.tasks.has(name)) throw new Error(`Unknown task ${name}`);
    const id = await this.boss.send(name, data, {
      retryLimit: 0,
      ...(delaySeconds > 0 ? { startAfter: Math.ceil(delaySeconds) } : {}),
    });
    const worker = this.workers.get(name);
    if (worker && delaySeconds <= 0) this.boss.notifyWorker(worker);
    return id;
  }

  /** Creates or migrates pg-boss's schema, then its queues, schedules and workers. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.boss.start();
    for (const job of this.jobs.values()) await this.install(job);
    for (const task of this.tasks.values()) await this.installTask(task);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    // Graceful: a run under way may finish (it uses the app's database pool, which closes after this hook).
    await this.boss.stop({ graceful: true, timeout: 30_000 });
  }

  /**
   * Queues a run now, outside the schedule, and wakes this instance's worker. The id of the new run, or null when
   * one is already waiting (it will do the same work).
   */
  async runNow(name: string): Promise<string | null> {
    if (!this.jobs.has(name)) throw new Error(`Unknown job ${name}`);
    const id = await this.boss.send(name, {});
    const worker = this.workers.get(name);
    if (worker) this.boss.notifyWorker(worker);
    return id;
  }

  /** A run's state as pg-boss keeps it (`created`, `retry`, `active`, `completed`, `failed`, …), for operations. */
  async run(
    name: string,
    id: string,
  ): Promise<{ state: string; retryCount: number; output: unknown } | null> {
    const [job] = await this.boss.findJobs(name, { id });
    return job ? { state: job.state, retryCount: job.retryCount, output: job.output } : null;
  }

  /** The schedules in the database (every instance's), for operations and tests. */
  async schedules(): Promise<{ name: string; cron: string; timezone: string }[]> {
    return (await this.boss.getSchedules()).map((s) => ({
      name: s.name,
      cron: s.cron,
      timezone: s.timezone,
    }));
  }

  private async install(job: ScheduledJob): Promise<void> {
    const retries = {
      retryLimit: job.retryLimit ?? 2,
      retryDelay: job.retryDelaySeconds ?? 30,
      retryBackoff: true,
    };
    // Created once (a no-op when it exists, even for instances starting together); the retry policy follows the
    // code on every start.
    await this.boss.createQueue(job.name, { policy: 'stately', ...retries });
    await this.boss.updateQueue(job.name, retries);
    // An upsert: every instance writes the same row. An occurrence missed while every instance was down is not
    // caught up: the start itself applies the current year, and a read rebuilds figures that are out of date.
    await this.boss.schedule(job.name, job.cron, null, { tz: JOB_TIME_ZONE });
    const worker = await this.boss.work(
      job.name,
      { pollingIntervalSeconds: job.pollingIntervalSeconds ?? POLLING_INTERVAL_SECONDS },
      async ([run]) => {
        const started = Date.now();
        try {
          // A job starts as system work (it usually loops over tenants); work for one tenant narrows with withTenant.
          await asSystem(() => job.run({ id: run.id, retryCount: run.retryCount }));
        } catch (error) {
          // Reported here and kept by pg-boss as the run's output; pg-boss retries it, the app carries on.
          this.logger.error(
            `Job ${job.name} (run ${run.id}, try ${run.retryCount + 1}) failed: ${describe(error)}`,
          );
          throw error;
        }
        this.logger.debug(`Job ${job.name} done in ${Date.now() - started} ms`);
      },
    );
    this.workers.set(job.name, worker);
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private async installTask(task: QueuedTask<any>): Promise<void> {
    await this.boss.createQueue(task.name, { policy: 'standard', retryLimit: 0 });
    const worker = await this.boss.work(
      task.name,
      { pollingIntervalSeconds: task.pollingIntervalSeconds ?? 2, batchSize: 1 },
      async ([run]) => {
        try {
          await asSystem(() => task.run(run.data as object, { id: run.id, retryCount: run.retryCount }));
        } catch (error) {
          this.logger.error(`Task ${task.name} (job ${run.id}) failed: ${describe(error)}`);
          throw error;
        }
      },
    );
    this.workers.set(task.name, worker);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
