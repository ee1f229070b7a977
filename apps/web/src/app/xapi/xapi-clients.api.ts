import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { API_BASE, type XapiClientCreated, type XapiClientView } from '@dx/contract';
import type { Observable } from 'rxjs';

/** xAPI 接続: the Basic credentials e-learning systems (Udemy Business, content) use to send statements. */
@Injectable({ providedIn: 'root' })
export class XapiClientsApi {
  private readonly http = inject(HttpClient);

  list(): Observable<XapiClientView[]> {
    return this.http.get<XapiClientView[]>(`${API_BASE}/integrations/xapi-clients`);
  }

  /** The answer holds the secret: the only time it is ever shown. */
  create(name: string): Observable<XapiClientCreated> {
    return this.http.post<XapiClientCreated>(`${API_BASE}/integrations/xapi-clients`, { name });
  }

  revoke(id: number): Observable<void> {
    return this.http.delete<void>(`${API_BASE}/integrations/xapi-clients/${id}`);
  }
}
