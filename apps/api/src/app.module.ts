import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessModule } from './access/access.module';
import { AuditModule } from './audit/audit.module';
import { CatalogueAdminModule } from './catalogue/catalogue-admin.module';
import { CredentialsModule } from './credentials/credentials.module';
import { AuthController } from './auth/auth.controller';
import { AuthService } from './auth/auth.service';
import { UsersRepository } from './users/users.repository';
import { SignInsRepository } from './auth/sign-ins.repository';
import { CsrfGuard, JwtAuthGuard, MediaTypeGuard, PermissionGuard } from './auth/guards';
import { JwtStrategy } from './auth/jwt.strategy';
import { LocalStrategy } from './auth/local.strategy';
import { LoginRateLimiter } from './auth/login-rate-limiter';
import { SessionCache } from './users/session-cache';
import { ProblemDetailsFilter } from './common/problem.filter';
import { AppConfig } from './config/app-config';
import { dataSourceOptions } from './database/data-source';
import { scopeConnections } from './database/row-security';
import { TenantScopeInterceptor } from './database/tenant-scope.interceptor';
import { EnrolmentsModule } from './enrolments/enrolments.module';
import { HealthController, Readiness } from './health/health.controller';
import { ImportsModule } from './imports/imports.module';
import { IntegrationsModule } from './integrations/integrations.module';
import { JobsModule } from './jobs/jobs.module';
import { OrgController } from './org/org.controller';
import { KpiModule } from './kpi/kpi.module';
import { LearningModule } from './learning/learning.module';
import { PackagesModule } from './packages/packages.module';
import { PlatformModule } from './platform/platform.module';
import { PromotersModule } from './promoters/promoters.module';
import { SkillsModule } from './skills/skills.module';
import { ReportsModule } from './reports/reports.module';
import { SlackModule } from './slack/slack.module';
import { TeamModule } from './team/team.module';
import { OrgRepository } from './org/org.repository';
import { OrgService } from './org/org.service';
import { DemoSeeder } from './seed/demo-seeder';
import { StaffController } from './staff/staff.controller';
import { StaffRepository } from './staff/staff.repository';
import { StaffService } from './staff/staff.service';
import { TenantsModule } from './tenants/tenants.module';
import { UdemySyncModule } from './udemy-sync/udemy-sync.module';
import { UsersController } from './users/users.controller';
import { UsersService } from './users/users.service';
import { SsoModule } from './sso/sso.module';
import { XapiModule } from './xapi/xapi.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => dataSourceOptions(databaseUrl),
          // Every connection runs in its unit of work's tenant scope (row-level security, database/row-security.ts).
          dataSourceFactory: async (options) => {
            const dataSource = await new DataSource(options!).initialize();
            scopeConnections(dataSource);
            return dataSource;
          },
        }),
        JobsModule.forRoot({
          databaseUrl,
          schedule: config.SCHEDULE_JOBS,
          scheduleCheckSeconds: config.SCHEDULE_CHECK_SECONDS,
        }),
        PassportModule,
        JwtModule.register({ secret: config.JWT_SECRET, signOptions: { algorithm: 'HS256' } }),
        AuditModule,
        TenantsModule,
        AccessModule,
        EnrolmentsModule,
        ImportsModule,
        IntegrationsModule,
        CatalogueAdminModule,
        ReportsModule,
        TeamModule,
        SlackModule,
        KpiModule,
        LearningModule,
        PromotersModule,
        CredentialsModule,
        SkillsModule,
        XapiModule,
        UdemySyncModule,
        PackagesModule,
        SsoModule,
        PlatformModule,
      ],
      controllers: [AuthController, UsersController, OrgController, StaffController, HealthController],
      providers: [
        { provide: AppConfig, useValue: config },
        Readiness,
        AuthService,
        SignInsRepository,
        SessionCache,
        UsersService,
        UsersRepository,
        LocalStrategy,
        JwtStrategy,
        LoginRateLimiter,
        OrgService,
        OrgRepository,
        StaffService,
        StaffRepository,
        DemoSeeder,
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_INTERCEPTOR, useClass: TenantScopeInterceptor },
        // Order matters: what the body is, who you are, then whether a cookie-authenticated write carries its CSRF
        // token, then roles.
        { provide: APP_GUARD, useClass: MediaTypeGuard },
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_GUARD, useClass: CsrfGuard },
        { provide: APP_GUARD, useClass: PermissionGuard },
      ],
      exports: [AppConfig, SessionCache, AuthService],
      global: true,
    };
  }
}
