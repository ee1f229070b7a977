import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { EnrollmentSummary, MeResponse, Role } from '@dx/contract';
import { AuthService } from '../auth/auth.service';
import { currentFiscalYear } from '../shared/dates';
import {
  getButton,
  getByLabel,
  queryButton,
  settle,
  statusText,
  tableRows,
  typeInto,
} from '../../testing/dom';
import { StaffEnrollmentsComponent } from './staff-enrollments.component';

const FISCAL_YEAR = currentFiscalYear();
const LIST_URL = `/api/v1/staff/0012345/enrollments?fiscalYear=${FISCAL_YEAR}`;

function enrollment(overrides: Partial<EnrollmentSummary> = {}): EnrollmentSummary {
  return {
    courseCode: 'WORKPLACE-DX',
    courseTitle: '職場内DX研修',
    trackCode: 'WORKPLACE-DX',
    fiscalYear: FISCAL_YEAR,
    status: 'in_progress',
    dueDate: `${FISCAL_YEAR + 1}-03-31`,
    completedAt: null,
    progress: 0.5,
    trackName: '職場内DX研修',
    estimatedMinutes: 60,
    exemptReason: null,
    recertification: null,
    ...overrides,
  };
}

function me(roles: Role[]): MeResponse {
  return {
    loginId: 'u1',
    displayName: '人事 太郎',
    roles,
    mustChangePassword: false,
    tenantName: '三重県',
    employeeNo: '9',
    managedUnit: null,
    lastLogin: null,
  };
}

/** A row action as a sighted user reads it (the hidden course name only tells screen readers which row). */
function rowButton(root: HTMLElement, courseTitle: string, name: string): HTMLButtonElement | undefined {
  const row = Array.from(root.querySelectorAll('tbody tr')).find(
    (r) => r.querySelector('td')?.textContent?.trim() === courseTitle,
  );
  return Array.from(row?.querySelectorAll('button') ?? []).find((button) => {
    const copy = button.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('.visually-hidden').forEach((hidden) => hidden.remove());
    return copy.textContent?.trim() === name;
  });
}

describe('StaffEnrollmentsComponent (研修の割当)', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<StaffEnrollmentsComponent>;
  let panel: HTMLElement;

  async function render(roles: Role[], items: EnrollmentSummary[]): Promise<void> {
    TestBed.configureTestingModule({
      imports: [StaffEnrollmentsComponent],
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    TestBed.inject(AuthService).loadMe().subscribe();
    http.expectOne('/api/v1/me').flush(me(roles));

    fixture = TestBed.createComponent(StaffEnrollmentsComponent);
    fixture.componentRef.setInput('employeeNo', '0012345');
    fixture.componentRef.setInput('personName', '三重 花子');
    panel = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
    http.expectOne(LIST_URL).flush(items);
    await settle(fixture);
  }

  afterEach(() => http.verify());

  it('lets HR exempt a person with a reason: sends {reason} to the exemption endpoint and then shows 「免除」', async () => {
    await render(['hr'], [enrollment()]);
    expect(tableRows(panel, '三重 花子さんの研修の割当')[0].slice(0, 3)).toEqual([
      '職場内DX研修',
      '受講中',
      `${FISCAL_YEAR + 1}年3月31日`,
    ]);

    rowButton(panel, '職場内DX研修', '免除')?.click();
    await settle(fixture);
    getButton(panel, '免除する').click();
    await settle(fixture);
    http.expectNone((r) => r.url.endsWith('/exemption'));
    expect(panel.textContent).toContain('免除の理由を入力してください。');

    typeInto(getByLabel<HTMLInputElement>(panel, '免除の理由'), '長期休業のため');
    getButton(panel, '免除する').click();
    await settle(fixture);

    const request = http.expectOne(
      `/api/v1/staff/0012345/enrollments/WORKPLACE-DX/exemption?fiscalYear=${FISCAL_YEAR}`,
    );
    expect(request.request.method).toBe('PUT');
    expect(request.request.body).toEqual({ reason: '長期休業のため' });
    request.flush(enrollment({ status: 'exempt', exemptReason: '長期休業のため', progress: 0 }));
    await settle(fixture);

    expect(panel.querySelector('tbody .status-badge')?.textContent?.trim()).toBe('免除');
    expect(tableRows(panel, '三重 花子さんの研修の割当')[0][1]).toContain('理由：長期休業のため');
    expect(statusText(panel)).toContain('「職場内DX研修」を免除にしました。');
    expect(rowButton(panel, '職場内DX研修', '免除を取り消す')).toBeDefined();
    expect(panel.querySelector('textarea')).toBeNull();
  });

  it('shows a manager the assignments read-only', async () => {
    await render(
      ['manager'],
      [
        enrollment(),
        enrollment({ courseCode: 'KAISO-NEW', courseTitle: '新規採用職員研修', status: 'overdue' }),
      ],
    );

    expect(tableRows(panel, '三重 花子さんの研修の割当').map((row) => row.slice(0, 2))).toEqual([
      ['新規採用職員研修', '期限超過'],
      ['職場内DX研修', '受講中'],
    ]);
    expect(rowButton(panel, '職場内DX研修', '免除')).toBeUndefined();
    expect(queryButton(panel, '割り当てる')).toBeUndefined();
    expect(panel.textContent).not.toContain('研修を割り当てる');
  });

  it('lets HR assign a course by hand: asks for the code, sends it with 31 March of the year and then clears the code', async () => {
    await render(['hr'], []);
    const code = getByLabel<HTMLInputElement>(panel, '研修コード');
    expect(getByLabel<HTMLInputElement>(panel, '期限').value).toBe(`${FISCAL_YEAR + 1}-03-31`);

    getButton(panel, '割り当てる').click();
    await settle(fixture);
    http.expectNone((r) => r.method === 'POST');
    expect(panel.textContent).toContain('研修コードを入力してください。');
    expect(code.getAttribute('aria-invalid')).toBe('true');

    typeInto(code, ' KAISO-NEW ');
    await settle(fixture);
    expect(panel.textContent).not.toContain('研修コードを入力してください。');
    getButton(panel, '割り当てる').click();
    await settle(fixture);

    const request = http.expectOne(
      (r) => r.method === 'POST' && r.url === '/api/v1/staff/0012345/enrollments',
    );
    expect(request.request.body).toEqual({
      courseCode: 'KAISO-NEW',
      fiscalYear: FISCAL_YEAR,
      dueDate: `${FISCAL_YEAR + 1}-03-31`,
    });
    request.flush(
      enrollment({ courseCode: 'KAISO-NEW', courseTitle: '新規採用職員研修', status: 'not_started' }),
    );
    await settle(fixture);

    expect(statusText(panel)).toContain('「新規採用職員研修」を割り当てました。');
    expect(tableRows(panel, '三重 花子さんの研修の割当')[0][0]).toBe('新規採用職員研修');
    expect(code.value).toBe('');
  });

  it('shows another 年度 from the shared picker: loads that year and moves the default 期限 to its 31 March', async () => {
    await render(['hr'], [enrollment()]);
    const year = getByLabel<HTMLSelectElement>(panel, '年度');
    const other = Array.from(year.options)
      .map((option) => Number(option.value))
      .find((value) => value !== FISCAL_YEAR) as number;
    year.value = String(other);
    year.dispatchEvent(new Event('change'));
    fixture.detectChanges();

    http.expectOne(`/api/v1/staff/0012345/enrollments?fiscalYear=${other}`).flush([]);
    await settle(fixture);
    expect(getByLabel<HTMLInputElement>(panel, '期限').value).toBe(`${other + 1}-03-31`);
    expect(panel.textContent).toContain('に割り当てられた研修はありません。');
  });
});
