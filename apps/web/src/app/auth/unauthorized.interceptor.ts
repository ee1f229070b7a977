import { HttpErrorResponse, type HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { API_BASE } from '@dx/contract';
import { catchError, throwError } from 'rxjs';
import { AuthService } from './auth.service';

/** Calls whose 401 the caller handles itself: a failed login, and the session check. */
function handlesOwn401(method: string, url: string): boolean {
  return url.startsWith(`${API_BASE}/auth/`) || (method === 'GET' && url === `${API_BASE}/me`);
}

/** A 401 from the API means the session has ended: forget it and go to the login page. */
export const unauthorizedInterceptor: HttpInterceptorFn = (request, next) => {
  const auth = inject(AuthService);
  const router = inject(Router);
  return next(request).pipe(
    catchError((error: unknown) => {
      if (
        error instanceof HttpErrorResponse &&
        error.status === 401 &&
        !handlesOwn401(request.method, request.url)
      ) {
        auth.clear();
        const returnUrl = router.url;
        void router.navigate(
          ['/login'],
          returnUrl && returnUrl !== '/' && !returnUrl.startsWith('/login')
            ? { queryParams: { returnUrl } }
            : {},
        );
      }
      return throwError(() => error);
    }),
  );
};
