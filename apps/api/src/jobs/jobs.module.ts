import { DynamicModule, Module } from '@nestjs/common';
import { JOBS_OPTIONS, JobQueue, JobsOptions } from './job-queue';

/** Scheduled work on a PostgreSQL-backed queue (pg-boss); features register their jobs with `JobQueue`. */
@Module({})
export class JobsModule {
  static forRoot(options: JobsOptions): DynamicModule {
    return {
      module: JobsModule,
      global: true,
      providers: [{ provide: JOBS_OPTIONS, useValue: options }, JobQueue],
      exports: [JobQueue],
    };
  }
}
