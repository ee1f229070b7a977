import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { MeResponse, Page, StaffListItem } from '@dx/contract';
import { AuthService } from '../auth/auth.service';
import { settle, tableRows } from '../../testing/dom';
import { StaffPage } from './staff.page';

function item(overrides: Partial<StaffListItem>): StaffListItem {
  return {
    employeeNo: '0000001',
    name: '三重 太郎',
    nameKana: 'ミエ タロウ',
    email: null,
    unitCode: '111',
    unitName: '企画班',
    unitPath: '総務課 / 企画班',
    positionName: '主事',
    positionLevel: 1,
    employmentType: '正規職員',
    hiredOn: '2020-04-01',
    promotedOn: '2020-04-01',
    assignedOn: '2024-04-01',
    ...overrides,
  };
}

function page(items: StaffListItem[]): Page<StaffListItem> {
  return { total: items.length, page: 1, pageSize: 50, items };
}

describe('StaffPage (職員)', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<StaffPage>;
  let root: HTMLElement;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [StaffPage],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    TestBed.inject(AuthService).loadMe().subscribe();
    http.expectOne('/api/v1/me').flush({
      loginId: '500001',
      displayName: '総務 部長',
      roles: ['learner', 'manager'],
      mustChangePassword: false,
      tenantName: '三重県',
      employeeNo: '500001',
      managedUnit: { code: '100', name: '総務部' },
      lastLogin: null,
    } satisfies MeResponse);
    fixture = TestBed.createComponent(StaffPage);
    root = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
    http
      .expectOne('/api/v1/staff?page=1&pageSize=50')
      .flush(
        page([item({}), item({ employeeNo: '0000002', name: '伊勢 花子', unitPath: '人事課 / 企画班' })]),
      );
    await settle(fixture);
  });

  afterEach(() => http.verify());

  it('shows the unit as the path below the manager’s unit, so two 企画班 are told apart', () => {
    expect(tableRows(root, '職員一覧').map((row) => row.slice(0, 4))).toEqual([
      ['0000001', '三重 太郎', 'ミエ タロウ', '総務課 / 企画班'],
      ['0000002', '伊勢 花子', 'ミエ タロウ', '人事課 / 企画班'],
    ]);
    expect(root.querySelector('#staff-sort-unit')?.textContent).toContain('所属（課 / 班）');
  });

  it('sorts by unit from the column header, then reverses, then back to 職員番号', async () => {
    const header = () => root.querySelector('th[aria-sort]')!;
    expect(header().getAttribute('aria-sort')).toBe('none');
    for (const [sort, aria] of [
      ['unit', 'ascending'],
      ['-unit', 'descending'],
    ] as const) {
      root.querySelector<HTMLButtonElement>('#staff-sort-unit')!.click();
      TestBed.tick();
      http.expectOne(`/api/v1/staff?page=1&pageSize=50&sort=${sort}`).flush(page([item({})]));
      await settle(fixture);
      expect(header().getAttribute('aria-sort')).toBe(aria);
    }
    root.querySelector<HTMLButtonElement>('#staff-sort-unit')!.click();
    TestBed.tick();
    http.expectOne('/api/v1/staff?page=1&pageSize=50').flush(page([item({})]));
    await settle(fixture);
    expect(header().getAttribute('aria-sort')).toBe('none');
  });
});
