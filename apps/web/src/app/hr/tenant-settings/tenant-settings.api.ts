import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { API_BASE, type TenantSettings, type UpdateTenantSettingsRequest } from '@dx/contract';
import type { Observable } from 'rxjs';

/** The tenant's display name and the 修了証's issuer line. */
@Injectable({ providedIn: 'root' })
export class TenantSettingsApi {
  private readonly http = inject(HttpClient);

  get(): Observable<TenantSettings> {
    return this.http.get<TenantSettings>(`${API_BASE}/tenant/settings`);
  }

  save(request: UpdateTenantSettingsRequest): Observable<TenantSettings> {
    return this.http.put<TenantSettings>(`${API_BASE}/tenant/settings`, request);
  }

  uploadLogo(file: File): Observable<TenantSettings> {
    const body = new FormData();
    body.append('file', file);
    return this.http.put<TenantSettings>(`${API_BASE}/tenant/logo`, body);
  }

  removeLogo(): Observable<TenantSettings> {
    return this.http.delete<TenantSettings>(`${API_BASE}/tenant/logo`);
  }
}
