import { Logger } from '@nestjs/common';
import { fiscalYearOf, todayInTokyo } from '@dx/domain';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig } from './config/app-config';
import { EnrolmentEngine } from './enrolments/enrolment-engine';
import { Readiness } from './health/health.controller';
import { ReportCache } from './reports/report-cache';
import { DEMO_PASSWORD, DemoSeeder } from './seed/demo-seeder';
import { TenantsService } from './tenants/tenants.service';
import { UsersService } from './users/users.service';

/** What every start does after migrations: the default tenant, the first administrator, the demo. */
export async function prepareData(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const logger = new Logger('Start');
  const tenantId = await app.get(TenantsService).ensureDefaultTenant();
  await app.get(UsersService).ensureFirstAdministrator(tenantId, config.ADMIN_LOGIN_ID, config.ADMIN_PASSWORD);
  if (config.SEED_DEMO) {
    const logins = await app.get(DemoSeeder).seedIfEmpty(tenantId);
    if (logins) {
      logger.log(`Demo logins (password "${DEMO_PASSWORD}"):`);
      for (const login of logins) logger.log(`  ${login.loginId.padEnd(10)} ${login.role}`);
    }
  }
  // A new fiscal year may have begun while the server was down: its assignments are made now, then hourly.
  const engine = app.get(EnrolmentEngine);
  await engine.applyCurrentYearForAllTenants();
  app.get(Readiness).ready = true;
  // The report figures are as of a Tokyo day (overdue, where people stand): rebuilt soon after it turns, before
  // the morning's first manager has to wait for it.
  const reportCache = app.get(ReportCache);
  setInterval(() => {
    reportCache.refreshAll().catch((error: unknown) => logger.error(`Report figures: ${String(error)}`));
  }, 600_000).unref();
  let lastYear = fiscalYearOf(todayInTokyo());
  setInterval(() => {
    const year = fiscalYearOf(todayInTokyo());
    if (year === lastYear) return;
    lastYear = year;
    engine.applyCurrentYearForAllTenants().catch((error: unknown) => logger.error(`Fiscal year start: ${String(error)}`));
  }, 3600_000).unref();
}
