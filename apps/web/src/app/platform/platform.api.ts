import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { API_BASE, type CreateTenantRequest, type PlatformTenant } from '@dx/contract';
import type { Observable } from 'rxjs';

/** The platform operator's API: the deployment's tenants (団体). */
@Injectable({ providedIn: 'root' })
export class PlatformApi {
  private readonly http = inject(HttpClient);

  list(): Observable<PlatformTenant[]> {
    return this.http.get<PlatformTenant[]>(`${API_BASE}/platform/tenants`);
  }

  create(request: CreateTenantRequest): Observable<PlatformTenant> {
    return this.http.post<PlatformTenant>(`${API_BASE}/platform/tenants`, request);
  }

  setDisabled(code: string, disabled: boolean): Observable<PlatformTenant> {
    return this.http.patch<PlatformTenant>(`${API_BASE}/platform/tenants/${encodeURIComponent(code)}`, {
      disabled,
    });
  }
}
