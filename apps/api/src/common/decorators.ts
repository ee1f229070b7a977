import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { Permission } from '@dx/contract';
import type { AuthUser } from './auth-user';

export const IS_PUBLIC = 'isPublic';
export const REQUIRED_PERMISSION = 'requiredPermission';

/**
 * No login needed (login itself, health, certificate checks). Shown as `x-public` in the OpenAPI document, so that
 * the permissions test can tell a public route from one that forgot to declare who may call it.
 */
export const Public = () => applyDecorators(SetMetadata(IS_PUBLIC, true), ApiExtension('x-public', true));

/**
 * The one statement per route of who may call it: a permission of the map in `@dx/contract` (PERMISSIONS). The
 * OpenAPI document names it as `x-permission`. A route with neither this nor @Public() is refused to everyone.
 */
export const Allow = (permission: Permission) =>
  applyDecorators(SetMetadata(REQUIRED_PERMISSION, permission), ApiExtension('x-permission', permission));

export const CurrentUser = createParamDecorator((_: unknown, context: ExecutionContext): AuthUser => {
  return context.switchToHttp().getRequest<{ user: AuthUser }>().user;
});
