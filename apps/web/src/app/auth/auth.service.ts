import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { Injectable, computed, inject, signal } from '@angular/core';
import {
  API_BASE,
  type ChangePasswordRequest,
  type LoginRequest,
  type LoginResponse,
  type LogoutResponse,
  type MeResponse,
} from '@dx/contract';
import { Observable, catchError, firstValueFrom, map, of, tap } from 'rxjs';

/** The session of the person using the app: who they are, as GET /me says. */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly http = inject(HttpClient);
  private readonly meState = signal<MeResponse | null>(null);

  readonly me = this.meState.asReadonly();
  readonly isLoggedIn = computed(() => this.meState() !== null);
  readonly roles = computed(() => this.meState()?.roles ?? []);
  readonly mustChangePassword = computed(() => this.meState()?.mustChangePassword ?? false);

  login(request: LoginRequest): Observable<LoginResponse> {
    return this.http.post<LoginResponse>(`${API_BASE}/auth/login`, request);
  }

  /** Loads the session from GET /me; resolves to null when not logged in (401). */
  loadMe(): Observable<MeResponse | null> {
    return this.http.get<MeResponse>(`${API_BASE}/me`).pipe(
      tap((me) => this.meState.set(me)),
      catchError((error: unknown) => {
        if (error instanceof HttpErrorResponse && error.status === 401) {
          this.meState.set(null);
          return of(null);
        }
        throw error;
      }),
    );
  }

  /** The session, loaded once and then kept. */
  async ensureSession(): Promise<MeResponse | null> {
    return this.meState() ?? (await firstValueFrom(this.loadMe()));
  }

  /** The server ends the user's other sessions and renews this one's cookies; the answer's token is for API clients. */
  changePassword(request: ChangePasswordRequest): Observable<void> {
    return this.http.put<unknown>(`${API_BASE}/me/password`, request).pipe(map(() => undefined));
  }

  /**
   * Ends the session on the server (and forgets it here, whatever the answer). Resolves to the identity provider's
   * end-session address when the session came from its single sign-on and it ends its own too (single logout; the
   * caller sends the browser there), else null (the caller shows the login page).
   */
  logout(): Observable<string | null> {
    return this.http.post<LogoutResponse | null>(`${API_BASE}/auth/logout`, null).pipe(
      map((answer) => answer?.endSessionUrl ?? null),
      catchError(() => of(null)),
      tap(() => this.clear()),
    );
  }

  /** Forgets the session locally (e.g. when the server answered 401). */
  clear(): void {
    this.meState.set(null);
  }
}
