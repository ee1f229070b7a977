import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { API_BASE, type CertificateVerification } from '@dx/contract';
import type { Observable } from 'rxjs';

/** The public check of a certificate by its serial (no login). */
@Injectable({ providedIn: 'root' })
export class VerifyApi {
  private readonly http = inject(HttpClient);

  verify(serial: string): Observable<CertificateVerification> {
    return this.http.get<CertificateVerification>(`${API_BASE}/certificates/${encodeURIComponent(serial)}`);
  }
}
