import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { MeResponse } from '@dx/contract';
import { firstValueFrom } from 'rxjs';
import { AuthService } from './auth.service';

const ME = { loginId: '100001', displayName: '県庁 一郎', roles: ['learner'] } as unknown as MeResponse;

describe('AuthService.logout', () => {
  let http: HttpTestingController;
  let auth: AuthService;

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
    auth = TestBed.inject(AuthService);
    const loading = firstValueFrom(auth.loadMe());
    http.expectOne('/api/v1/me').flush(ME);
    await loading;
    expect(auth.isLoggedIn()).toBe(true);
  });

  afterEach(() => http.verify());

  async function logoutAnswered(flush: (request: ReturnType<HttpTestingController['expectOne']>) => void) {
    const done = firstValueFrom(auth.logout());
    flush(http.expectOne({ method: 'POST', url: '/api/v1/auth/logout' }));
    const result = await done;
    expect(auth.isLoggedIn()).toBe(false);
    return result;
  }

  it("gives the provider's end-session address after a single sign-on (200), to send the browser there", async () => {
    const url = 'https://idp.example.lg.jp/session/end?id_token_hint=x&post_logout_redirect_uri=y';
    expect(await logoutAnswered((r) => r.flush({ endSessionUrl: url }))).toBe(url);
  });

  it('gives nothing after any other logout (204), and forgets the session even when the server failed', async () => {
    expect(await logoutAnswered((r) => r.flush(null, { status: 204, statusText: 'No Content' }))).toBeNull();
    expect(
      await logoutAnswered((r) => r.flush(null, { status: 500, statusText: 'Internal Server Error' })),
    ).toBeNull();
  });
});
