import { inject } from '@angular/core';
import { type CanActivateChildFn, type CanActivateFn, Router } from '@angular/router';
import { can, type Permission } from '@dx/contract';
import { AuthService } from './auth.service';

/** Only logged-in people get past; others go to /login and come back afterwards. */
export const authGuard: CanActivateFn = async (_route, state) => {
  const auth = inject(AuthService);
  const router = inject(Router);
  const me = await auth.ensureSession().catch(() => null);
  if (me) return true;
  return router.createUrlTree(
    ['/login'],
    state.url && state.url !== '/' ? { queryParams: { returnUrl: state.url } } : {},
  );
};

/** While the password must be changed, every page except /change-password leads there. */
export const passwordChangeGuard: CanActivateChildFn = (route) => {
  const auth = inject(AuthService);
  const router = inject(Router);
  const isChangePasswordPage = route.routeConfig?.path === 'change-password';
  if (auth.mustChangePassword() && !isChangePasswordPage) {
    return router.createUrlTree(['/change-password']);
  }
  return true;
};

/**
 * Lets through people whose roles hold the permission (the map in `@dx/contract` the API's guard reads too); sends
 * others to the 「権限がありません」 page.
 */
export function permissionGuard(permission: Permission): CanActivateFn {
  return () => {
    const auth = inject(AuthService);
    const router = inject(Router);
    return can(auth.roles(), permission) ? true : router.createUrlTree(['/forbidden']);
  };
}
