import {
  Body,
  Controller,
  Get,
  HttpCode,
  Injectable,
  Post,
  Put,
  Query,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { LoginResponse, LoginTenant, LogoutResponse, MeResponse } from '@dx/contract';
import { AppConfig } from '../config/app-config';
import { AuthUser, SESSION_COOKIE, XSRF_COOKIE, XSRF_HEADER } from '../common/auth-user';
import { Allow, CurrentUser, Public } from '../common/decorators';
import { Problem } from '../common/problem';
import { TenantsService } from '../tenants/tenants.service';
import { UsersService } from '../users/users.service';
import { asSystem } from '../database/tenant-context';
import { ChangePasswordDto, LoginDto, LoginTenantQuery } from './auth.dto';
import { AuthService, LOGIN_FAILED_MESSAGE } from './auth.service';
import { sessionOf } from './jwt.strategy';
import { setSessionCookies } from './session-cookies';
import { SingleLogout } from './single-logout';
import { LoginRateLimiter } from './login-rate-limiter';
import { SameOriginGuard } from './same-origin.guard';

@Injectable()
class LocalAuthGuard extends AuthGuard('local') {
  override handleRequest<T>(error: unknown, user: T): T {
    if (error) throw error;
    if (!user) throw new Problem(401, 'login-failed', 'ログインできません', LOGIN_FAILED_MESSAGE);
    return user;
  }
}

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
    private readonly tenants: TenantsService,
    private readonly config: AppConfig,
    private readonly singleLogout: SingleLogout,
  ) {}

  @Public()
  @UseGuards(SameOriginGuard, LoginRateLimiter, LocalAuthGuard)
  @Post('auth/login')
  @HttpCode(200)
  async login(
    @Body() _body: LoginDto,
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LoginResponse> {
    return this.startSession(user, request, reply);
  }

  /**
   * Public: the tenant a login page is for, by `?code=` or by the host name (TENANT_HOSTS), with its display name,
   * so the page can say where one signs in. It answers one code at a time and never lists the tenants: a stranger
   * learns only the name of a code they already know (see the README's "Tenants (shared use)").
   */
  @Public()
  @Get('auth/tenant')
  async loginTenant(@Query() query: LoginTenantQuery, @Req() request: FastifyRequest): Promise<LoginTenant> {
    const tenant = await asSystem(() => this.tenants.loginTenant(query.code?.trim(), request.hostname));
    if (!tenant) throw Problem.notFound('この団体コードの団体は見つかりません。');
    return tenant;
  }

  /** Public: the logo of the login page's tenant (same choice as GET /auth/tenant), or 404 when it has none. */
  @Public()
  @Get('auth/tenant/logo')
  async loginTenantLogo(
    @Query() query: LoginTenantQuery,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const logo = await asSystem(() => this.tenants.loginTenantLogo(query.code?.trim(), request.hostname));
    if (!logo) throw Problem.notFound('この団体のロゴはありません。');
    void reply.header('content-type', logo.type).header('cache-control', 'public, max-age=300');
    return logo.bytes;
  }

  private async startSession(
    user: AuthUser,
    request: FastifyRequest,
    reply: FastifyReply,
    continuing?: string,
  ): Promise<LoginResponse> {
    const session = await this.auth.issueToken(user, request.ip, { continuing });
    setSessionCookies(this.config, request, reply, session);
    return session.response;
  }

  /**
   * Public, so that an expired session can still clear its cookies; a valid one is also ended on the server. The
   * cookies are cleared first: should ending it fail, this browser is logged out all the same. After an OpenID
   * Connect sign-in whose provider has an end_session_endpoint the answer is 200 with the address that ends the
   * provider's session too (single logout); otherwise 204.
   */
  @Public()
  @Post('auth/logout')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'ログアウトしました（このアプリのセッションのみ）。' })
  @ApiOkResponse({
    description:
      'ログアウトしました。endSessionUrl へ移動すると認証基盤（IdP）のセッションも終わり、ログイン画面に戻ります。',
    schema: { type: 'object', properties: { endSessionUrl: { type: 'string', format: 'uri' } } },
  })
  async logout(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LogoutResponse | void> {
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    void reply.clearCookie(XSRF_COOKIE, { path: '/' });
    const xsrf = request.headers[XSRF_HEADER];
    const ended = await this.auth.endSessions(
      sessionOf(request),
      typeof xsrf === 'string' ? xsrf : undefined,
      request.ip,
    );
    const endSessionUrl = ended?.sealedIdToken
      ? await this.singleLogout.endSessionUrl(ended.tenantId, ended.sealedIdToken)
      : null;
    if (!endSessionUrl) return;
    void reply.status(200).header('cache-control', 'no-store');
    return { endSessionUrl };
  }

  @Allow('session.own')
  @ApiBearerAuth()
  @Get('me')
  async me(@CurrentUser() user: AuthUser): Promise<MeResponse> {
    return {
      loginId: user.loginId,
      displayName: user.displayName,
      roles: user.roles,
      mustChangePassword: user.mustChangePassword,
      tenantName: await this.tenants.nameOf(user.tenantId),
      employeeNo: user.employeeNo,
      managedUnit: user.managedUnit ? { code: user.managedUnit.code, name: user.managedUnit.name } : null,
      lastLogin: await this.auth.previousLogin(user.tenantId, user.userId, user.sessionId),
    };
  }

  /**
   * Every other session of the user ends with the old password (someone who knew it may hold one); this one goes
   * on with a new token, in the answer and, for the web app, in fresh cookies.
   */
  @Allow('session.own')
  @ApiBearerAuth()
  @Put('me/password')
  @HttpCode(200)
  async changeOwnPassword(
    @CurrentUser() user: AuthUser,
    @Body() body: ChangePasswordDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LoginResponse> {
    await this.users.changeOwnPassword(user, body.currentPassword, body.password, request.ip);
    return this.startSession({ ...user, mustChangePassword: false }, request, reply, user.sessionId);
  }
}
