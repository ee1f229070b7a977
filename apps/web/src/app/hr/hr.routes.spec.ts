import { ChangeDetectionStrategy, Component } from '@angular/core';
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { MeResponse, Role } from '@dx/contract';
import { AuthService } from '../auth/auth.service';
import { HR_ROUTES } from './hr.routes';

@Component({ template: '<h1>権限がありません</h1>', changeDetection: ChangeDetectionStrategy.OnPush })
class ForbiddenStub {}

function me(roles: Role[]): MeResponse {
  return {
    loginId: 'u1',
    displayName: '三重 太郎',
    roles,
    mustChangePassword: false,
    tenantName: '三重県',
    employeeNo: '1',
    managedUnit: null,
    lastLogin: null,
  };
}

describe('HR_ROUTES', () => {
  let http: HttpTestingController;

  async function openAs(roles: Role[], url: string): Promise<RouterTestingHarness> {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'hr', loadChildren: () => HR_ROUTES },
          { path: 'forbidden', component: ForbiddenStub },
        ]),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    TestBed.inject(AuthService).loadMe().subscribe();
    http.expectOne('/api/v1/me').flush(me(roles));
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(url);
    return harness;
  }

  it('opens the 課題の評価 page for HR', async () => {
    const harness = await openAs(['hr'], '/hr/submissions');
    http.expectOne('/api/v1/submissions?status=submitted').flush([]);
    await harness.fixture.whenStable();
    expect(harness.routeNativeElement?.querySelector('h1')?.textContent).toBe('課題の評価');
  });

  it('opens 監査ログ for HR with the newest records', async () => {
    const harness = await openAs(['hr'], '/hr/audit');
    http
      .expectOne('/api/v1/audit-log?page=1&pageSize=50')
      .flush({ total: 0, totalIsLowerBound: false, page: 1, pageSize: 50, items: [] });
    await harness.fixture.whenStable();
    expect(harness.routeNativeElement?.querySelector('h1')?.textContent).toBe('監査ログ');
  });

  it('keeps a manager out of 監査ログ', async () => {
    const harness = await openAs(['manager'], '/hr/audit');
    expect(harness.routeNativeElement?.textContent).toContain('権限がありません');
    http.verify();
  });

  it('sends a manager to 「権限がありません」', async () => {
    const harness = await openAs(['manager'], '/hr/promoters');
    expect(harness.routeNativeElement?.textContent).toContain('権限がありません');
    http.verify();
  });
});
