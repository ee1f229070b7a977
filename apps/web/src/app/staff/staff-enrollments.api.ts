import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { API_BASE, type EnrollmentSummary } from '@dx/contract';
import type { Observable } from 'rxjs';

export interface ManualAssignment {
  courseCode: string;
  fiscalYear: number;
  dueDate: string;
}

/** One person's course assignments (研修の割当), as managers and HR see them: /api/v1/staff/{職員番号}/enrollments. */
@Injectable({ providedIn: 'root' })
export class StaffEnrollmentsApi {
  private readonly http = inject(HttpClient);

  list(employeeNo: string, fiscalYear: number): Observable<EnrollmentSummary[]> {
    return this.http.get<EnrollmentSummary[]>(enrollmentsPath(employeeNo), { params: { fiscalYear } });
  }

  /** HR: assigns a course by hand (201; 409 when the person already has it that year). */
  assign(employeeNo: string, assignment: ManualAssignment): Observable<EnrollmentSummary> {
    return this.http.post<EnrollmentSummary>(enrollmentsPath(employeeNo), assignment);
  }

  /** HR: exempts the person from the course that year, with a reason. */
  exempt(
    employeeNo: string,
    courseCode: string,
    fiscalYear: number,
    reason: string,
  ): Observable<EnrollmentSummary> {
    return this.http.put<EnrollmentSummary>(
      exemptionPath(employeeNo, courseCode),
      { reason },
      { params: { fiscalYear } },
    );
  }

  /** HR: lifts the exemption; the assignment is required again. */
  liftExemption(employeeNo: string, courseCode: string, fiscalYear: number): Observable<EnrollmentSummary> {
    return this.http.delete<EnrollmentSummary>(exemptionPath(employeeNo, courseCode), {
      params: { fiscalYear },
    });
  }
}

function enrollmentsPath(employeeNo: string): string {
  return `${API_BASE}/staff/${encodeURIComponent(employeeNo)}/enrollments`;
}

function exemptionPath(employeeNo: string, courseCode: string): string {
  return `${enrollmentsPath(employeeNo)}/${encodeURIComponent(courseCode)}/exemption`;
}
