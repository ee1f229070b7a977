import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { API_BASE } from '@dx/contract';
import type { Observable } from 'rxjs';

export interface LiveSession {
  moduleId: number;
  courseCode: string;
  courseTitle: string;
  title: string;
  format: string;
  startsAt: string;
  place: string | null;
  capacity: number;
  assigned: number;
  attended: number;
}

export interface LiveParticipant {
  employeeNo: string;
  name: string;
  attended: boolean;
}

/** Live sessions (集合研修・Web会議) and the attendance HR records for them. */
@Injectable({ providedIn: 'root' })
export class AttendanceApi {
  private readonly http = inject(HttpClient);

  sessions(fiscalYear: number): Observable<LiveSession[]> {
    return this.http.get<LiveSession[]>(`${API_BASE}/live-sessions`, { params: { fiscalYear } });
  }

  participants(moduleId: number, fiscalYear: number): Observable<LiveParticipant[]> {
    return this.http.get<LiveParticipant[]>(`${API_BASE}/live-sessions/${moduleId}/participants`, {
      params: { fiscalYear },
    });
  }

  record(
    moduleId: number,
    fiscalYear: number,
    employeeNos: string[],
  ): Observable<{ recorded: number; notAssigned: string[] }> {
    return this.http.post<{ recorded: number; notAssigned: string[] }>(
      `${API_BASE}/catalogue/modules/${moduleId}/attendance`,
      {
        fiscalYear,
        employeeNos,
      },
    );
  }
}
