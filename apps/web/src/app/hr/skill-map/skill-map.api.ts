import { HttpClient, type HttpResponse } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { API_BASE, type SkillMapReport } from '@dx/contract';
import type { Observable } from 'rxjs';

/** HR's スキルマップ: the map and its XLSX. */
@Injectable({ providedIn: 'root' })
export class SkillMapApi {
  private readonly http = inject(HttpClient);

  map(): Observable<SkillMapReport> {
    return this.http.get<SkillMapReport>(`${API_BASE}/skills/map`);
  }

  xlsx(): Observable<HttpResponse<Blob>> {
    return this.http.get(`${API_BASE}/exports/skill-map.xlsx`, { responseType: 'blob', observe: 'response' });
  }
}
