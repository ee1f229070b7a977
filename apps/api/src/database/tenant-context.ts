import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Whose rows the current unit of work may touch. PostgreSQL's row-level security reads it (the setting
 * `app.tenant_id` of the connection the work runs on), so a query that forgets `tenant_id` still sees one tenant.
 * - a tenant id: a request of that tenant's user, or a job working for one tenant;
 * - `'system'`: work that spans tenants on purpose (sign-in lookups, the scheduler, migrations, the demo seed);
 * - nothing: no rows at all.
 */
export type TenantScope = number | 'system';

const scope = new AsyncLocalStorage<TenantScope>();

/** Runs `work` (and everything it awaits) as the given tenant. */
export function withTenant<T>(tenantId: number, work: () => T): T {
  return scope.run(tenantId, work);
}

/** Runs `work` across tenants: only for lookups that find the tenant, and for work that loops over tenants. */
export function asSystem<T>(work: () => T): T {
  return scope.run('system', work);
}

/** The scope of the current unit of work, or undefined outside any. */
export function currentTenantScope(): TenantScope | undefined {
  return scope.getStore();
}

/** The value of `app.tenant_id` that row-level security compares with: a tenant id, `*`, or empty (nothing). */
export function tenantSetting(value: TenantScope | undefined): string {
  return value === undefined ? '' : value === 'system' ? '*' : String(value);
}
