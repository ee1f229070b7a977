import type { EntityManager } from 'typeorm';

/** The advisory lock class of a tenant's imports (org chart, roster, completions, promoters). */
const TENANT_IMPORTS = 7301;

/** Serialises imports of one tenant: two HR staff sending files at once must not interleave. */
export async function lockTenantImports(manager: EntityManager, tenantId: number): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(${TENANT_IMPORTS}, $1)`, [tenantId]);
}

/**
 * Waits for a running import of the tenant to commit (or roll back), and keeps the next one from starting until this
 * transaction ends: for work that must read the data either before or after an import, never half of it.
 */
export async function awaitTenantImports(manager: EntityManager, tenantId: number): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock_shared(${TENANT_IMPORTS}, $1)`, [tenantId]);
}

/**
 * The advisory lock class of "an import of this tenant is being read or applied" (beside TENANT_IMPORTS, which orders
 * imports against rebuilds of the figures). Only ever tried, never waited for, so it cannot take part in a deadlock.
 */
const TENANT_IMPORT_RUNNING = 7302;

/** Claims the tenant's one import slot for this transaction without waiting; false when another import holds it. */
export async function tryClaimTenantImport(manager: EntityManager, tenantId: number): Promise<boolean> {
  const [{ claimed }] = await manager.query(
    `SELECT pg_try_advisory_xact_lock(${TENANT_IMPORT_RUNNING}, $1) AS claimed`,
    [tenantId],
  );
  return claimed;
}
