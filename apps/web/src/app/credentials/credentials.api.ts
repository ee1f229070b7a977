import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import {
  API_BASE,
  type CertificationCheckResult,
  type CredentialSettings,
  type CredentialVerification,
  type CredentialVerifyRequest,
  type MySpecialistCredential,
  type SpecialistCertificationView,
} from '@dx/contract';
import type { Observable } from 'rxjs';

/** DX推進スペシャリスト認定 (Open Badges 3.0): HR's list, the learner's own credentials, the public check. */
@Injectable({ providedIn: 'root' })
export class CredentialsApi {
  private readonly http = inject(HttpClient);

  list(): Observable<SpecialistCertificationView[]> {
    return this.http.get<SpecialistCertificationView[]>(`${API_BASE}/specialist-certifications`);
  }

  check(): Observable<CertificationCheckResult> {
    return this.http.post<CertificationCheckResult>(`${API_BASE}/specialist-certifications/check`, {});
  }

  revoke(id: number, reason: string): Observable<void> {
    return this.http.post<void>(`${API_BASE}/specialist-certifications/${id}/revocation`, { reason });
  }

  settings(): Observable<CredentialSettings> {
    return this.http.get<CredentialSettings>(`${API_BASE}/specialist-certifications/settings`);
  }

  saveSettings(settings: CredentialSettings): Observable<CredentialSettings> {
    return this.http.put<CredentialSettings>(`${API_BASE}/specialist-certifications/settings`, settings);
  }

  mine(): Observable<MySpecialistCredential[]> {
    return this.http.get<MySpecialistCredential[]>(`${API_BASE}/me/specialist-credentials`);
  }

  /** The signed credential as a JSON file (the session cookie authorises the plain link). */
  credentialUrl(id: number): string {
    return `${API_BASE}/me/specialist-credentials/${id}/credential`;
  }

  badgeUrl(id: number): string {
    return `${API_BASE}/me/specialist-credentials/${id}/badge.png`;
  }

  verify(request: CredentialVerifyRequest): Observable<CredentialVerification> {
    return this.http.post<CredentialVerification>(`${API_BASE}/credentials/verify`, request);
  }
}
