import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable } from 'rxjs';
import type { AuthUser } from '../common/auth-user';
import { withTenant } from './tenant-context';

/**
 * A signed-in caller's request runs in their tenant's scope, so row-level security shows its queries that tenant's
 * rows only. A request without a caller (the public routes) has no scope: each of them names its own
 * (`asSystem` for the certificate check, the tenant of the token for logout).
 */
@Injectable()
export class TenantScopeInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const tenantId = context.switchToHttp().getRequest<{ user?: AuthUser }>().user?.tenantId;
    if (tenantId === undefined) return next.handle();
    return new Observable((subscriber) => withTenant(tenantId, () => next.handle().subscribe(subscriber)));
  }
}
