import { ChangeDetectionStrategy, Component } from '@angular/core';
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, RouterOutlet, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { MeResponse, Role } from '@dx/contract';
import { authGuard, passwordChangeGuard, permissionGuard } from './auth.guards';

@Component({
  template: '<router-outlet />',
  imports: [RouterOutlet],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
class ShellStub {}
@Component({ template: '<h1>page</h1>', changeDetection: ChangeDetectionStrategy.OnPush })
class PageStub {}

function me(roles: Role[], mustChangePassword = false): MeResponse {
  return {
    loginId: 'u1',
    displayName: '三重 太郎',
    roles,
    mustChangePassword,
    tenantName: '三重県',
    employeeNo: '1',
    managedUnit: null,
    lastLogin: null,
  };
}

describe('route guards', () => {
  let http: HttpTestingController;
  let harness: RouterTestingHarness;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'login', component: PageStub },
          {
            path: '',
            component: ShellStub,
            canActivate: [authGuard],
            canActivateChild: [passwordChangeGuard],
            children: [
              { path: '', pathMatch: 'full', component: PageStub },
              { path: 'change-password', component: PageStub },
              { path: 'imports', canActivate: [permissionGuard('imports.run')], component: PageStub },
              {
                path: 'submissions',
                canActivate: [permissionGuard('submissions.evaluate')],
                component: PageStub,
              },
              { path: 'forbidden', component: PageStub },
            ],
          },
        ]),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create();
  });

  afterEach(() => http.verify());

  async function visit(url: string, session: MeResponse | null): Promise<string> {
    const navigation = harness.navigateByUrl(url);
    await new Promise((resolve) => setTimeout(resolve, 0));
    const request = http.expectOne('/api/v1/me');
    if (session) request.flush(session);
    else
      request.flush(
        { title: '認証が必要です', detail: 'ログインしてください。', status: 401 },
        { status: 401, statusText: 'Unauthorized' },
      );
    await navigation;
    return TestBed.inject(Router).url;
  }

  it('sends someone who is not logged in to /login and remembers where they were going', async () => {
    expect(await visit('/imports', null)).toBe('/login?returnUrl=%2Fimports');
  });

  it('insists on the password change before any other page', async () => {
    expect(await visit('/imports', me(['hr'], true))).toBe('/change-password');
  });

  it('shows 「権限がありません」 to someone whose roles do not allow the page', async () => {
    expect(await visit('/imports', me(['learner']))).toBe('/forbidden');
  });

  it('keeps a content administrator out of people’s submissions (課題の評価 is HR’s)', async () => {
    expect(await visit('/submissions', me(['content_admin']))).toBe('/forbidden');
  });

  it('lets HR open the import page', async () => {
    expect(await visit('/imports', me(['learner', 'hr']))).toBe('/imports');
  });
});
