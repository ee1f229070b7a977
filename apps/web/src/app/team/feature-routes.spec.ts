import { ChangeDetectionStrategy, Component } from '@angular/core';
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { MeResponse, Role } from '@dx/contract';
import { AuthService } from '../auth/auth.service';
import { KPI_ROUTES } from '../kpi/kpi.routes';
import { STATS_ROUTES } from '../stats/stats.routes';
import { TEAM_ROUTES } from './team.routes';

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

/** TEAM_ROUTES, STATS_ROUTES and KPI_ROUTES check the role themselves, wherever they are mounted. */
describe('TEAM_ROUTES, STATS_ROUTES, KPI_ROUTES', () => {
  let http: HttpTestingController;

  async function openAs(roles: Role[], url: string): Promise<RouterTestingHarness> {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'team', loadChildren: () => TEAM_ROUTES },
          { path: 'stats', loadChildren: () => STATS_ROUTES },
          { path: 'kpi', loadChildren: () => KPI_ROUTES },
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

  afterEach(() => http.verify());

  it('opens チーム受講状況 for a manager', async () => {
    const harness = await openAs(['learner', 'manager'], '/team');
    http.expectOne((r) => r.url === '/api/v1/team/matrix');
    expect(harness.routeNativeElement?.querySelector('h1')?.textContent).toBe('チーム受講状況');
  });

  it('opens 受講統計 for a manager (their own subtree)', async () => {
    const harness = await openAs(['learner', 'manager'], '/stats');
    http.expectOne((r) => r.url === '/api/v1/org-units');
    expect(harness.routeNativeElement?.querySelector('h1')?.textContent).toBe('受講統計');
  });

  it('keeps 受講統計 from a plain learner', async () => {
    const learner = await openAs(['learner'], '/stats');
    expect(learner.routeNativeElement?.textContent).toContain('権限がありません');
  });

  it('keeps KPIダッシュボード for HR', async () => {
    const harness = await openAs(['manager'], '/kpi');
    expect(harness.routeNativeElement?.textContent).toContain('権限がありません');
  });

  it('opens KPIダッシュボード for HR', async () => {
    const harness = await openAs(['hr'], '/kpi');
    http.expectOne((r) => r.url === '/api/v1/kpi');
    expect(harness.routeNativeElement?.querySelector('h1')?.textContent).toBe('KPIダッシュボード');
  });
});
