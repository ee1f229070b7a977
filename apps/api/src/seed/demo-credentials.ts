import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { AuditService } from '../audit/audit.service';
import { grantCompletedCertifications } from '../credentials/credentials.service';
import { CredentialsRepository } from '../credentials/credentials.repository';
import { withTenant } from '../database/tenant-context';

/**
 * The demo's 認定 DX推進スペシャリスト: certifies, as the app would, every member of the demo's specialist cohorts who
 * is recorded at 認定 or has completed the programme (the cohort itself is the promoters demo's). Without a cohort
 * it certifies nobody and says so. Their credentials are signed on first download with the tenant's key.
 */
export async function seedDemoCredentials(
  dataSource: DataSource,
  audit: AuditService,
  tenantId: number,
): Promise<number> {
  const granted = await withTenant(tenantId, () =>
    dataSource.transaction((manager) =>
      grantCompletedCertifications(
        manager,
        new CredentialsRepository(dataSource),
        audit,
        tenantId,
        undefined,
        undefined,
      ),
    ),
  );
  new Logger('Demo').log(
    granted > 0
      ? `Certified ${granted} DX推進スペシャリスト (Open Badges 3.0).`
      : 'No specialist cohort member has completed the programme: no DX推進スペシャリスト certified.',
  );
  return granted;
}
