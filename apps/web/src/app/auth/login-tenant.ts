import type { LoginTenant } from '@dx/contract';

/** Where the browser remembers the 団体 last signed in to. */
export const TENANT_STORAGE_KEY = 'dx.tenantCode';

/**
 * The 団体 the login page starts with: `?tenant=CODE` first (a link a tenant hands out), then the host name's tenant
 * (TENANT_HOSTS: the host is that tenant's), then the one this browser signed in to last, else none (the
 * deployment's default tenant).
 */
export function initialTenantCode(
  query: string | undefined,
  hostTenant: LoginTenant | null,
  remembered: string | null,
): string {
  const fromQuery = query?.trim();
  if (fromQuery) return fromQuery;
  if (hostTenant?.fromHost) return hostTenant.code;
  return remembered?.trim() ?? '';
}

export function rememberedTenantCode(): string | null {
  try {
    return localStorage.getItem(TENANT_STORAGE_KEY);
  } catch {
    return null;
  }
}

/** Remembers a 団体 after a successful sign-in; an empty code (the default tenant) forgets it. */
export function rememberTenantCode(code: string): void {
  try {
    if (code) localStorage.setItem(TENANT_STORAGE_KEY, code);
    else localStorage.removeItem(TENANT_STORAGE_KEY);
  } catch {
    // Storage may be off (private mode): the choice is then not remembered.
  }
}
