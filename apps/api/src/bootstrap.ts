import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig } from './config/app-config';
import { asSystem } from './database/tenant-context';
import { EnrolmentEngine } from './enrolments/enrolment-engine';
import { Readiness } from './health/health.controller';
import { JobQueue } from './jobs/job-queue';
import { TOWN } from './seed/demo-data';
import { DEMO_PASSWORD, DEMO_TOWN, DemoSeeder } from './seed/demo-seeder';
import { TenantsService } from './tenants/tenants.service';
import { UsersService } from './users/users.service';

/** What every start does (as system work: it spans tenants) after migrations: the default tenant, the first administrator, the demo, then the jobs. */
export function prepareData(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  return asSystem(() => prepare(app, config));
}

async function prepare(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const logger = new Logger('Start');
  const tenantId = await app.get(TenantsService).ensureDefaultTenant();
  await app
    .get(UsersService)
    .ensureFirstAdministrator(tenantId, config.ADMIN_LOGIN_ID, config.ADMIN_PASSWORD);
  if (config.PLATFORM_ADMIN_LOGIN_ID && config.PLATFORM_ADMIN_PASSWORD) {
    const platformId = await app.get(TenantsService).ensurePlatformTenant();
    await app
      .get(UsersService)
      .ensurePlatformOperator(platformId, config.PLATFORM_ADMIN_LOGIN_ID, config.PLATFORM_ADMIN_PASSWORD);
  }
  if (config.SEED_DEMO) {
    const logins = await app.get(DemoSeeder).seedIfEmpty(tenantId);
    if (logins) {
      logger.log(`Demo logins (password "${DEMO_PASSWORD}"):`);
      for (const login of logins) logger.log(`  ${login.loginId.padEnd(10)} ${login.role}`);
      // Shared use: a second, smaller tenant whose 職員番号 are the prefecture's, so a mix-up shows.
      const townId = await app.get(TenantsService).ensureTenant(DEMO_TOWN.code, DEMO_TOWN.name);
      const town = await app
        .get(DemoSeeder)
        .seedIfEmpty(townId, DEMO_TOWN.size, { hrLoginId: DEMO_TOWN.hrLoginId, shape: TOWN });
      if (town)
        logger.log(
          `  ${DEMO_TOWN.hrLoginId.padEnd(10)} 人事担当 (hr) of the second tenant "${DEMO_TOWN.name}": 団体コード ${DEMO_TOWN.code} (login page ?tenant=${DEMO_TOWN.code})`,
        );
    }
  }
  // A new fiscal year may have begun while the server was down: its assignments are made now (and daily at 00:05
  // Tokyo time by the `fiscal-year.start` job, see enrolments/fiscal-year-job.ts).
  await app.get(EnrolmentEngine).applyCurrentYearForAllTenants();
  await app.get(JobQueue).start();
  app.get(Readiness).ready = true;
}
