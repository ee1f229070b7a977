import type { Routes } from '@angular/router';
import { authGuard, passwordChangeGuard, permissionGuard } from './auth/auth.guards';

export const routes: Routes = [
  {
    path: 'login',
    title: 'ログイン',
    loadComponent: () => import('./auth/login.page').then((m) => m.LoginPage),
  },
  {
    // Public: anyone may check a DX推進スペシャリスト credential (Open Badges 3.0: JWT, JSON or baked PNG).
    path: 'verify',
    title: '認定証の確認',
    loadComponent: () => import('./verify/credential-verify.page').then((m) => m.CredentialVerifyPage),
  },
  {
    // Public: whoever holds a certificate (or reads one) may check it without logging in.
    path: 'verify/:serial',
    title: '修了証の確認',
    loadComponent: () => import('./verify/verify.page').then((m) => m.VerifyPage),
  },
  {
    path: '',
    loadComponent: () => import('./layout/shell.component').then((m) => m.ShellComponent),
    canActivate: [authGuard],
    canActivateChild: [passwordChangeGuard],
    children: [
      {
        path: '',
        pathMatch: 'full',
        title: 'ホーム',
        loadComponent: () => import('./home/home.page').then((m) => m.HomePage),
      },
      {
        path: 'change-password',
        title: 'パスワード変更',
        loadComponent: () => import('./auth/change-password.page').then((m) => m.ChangePasswordPage),
      },
      {
        path: 'my',
        title: 'マイ研修',
        canActivate: [permissionGuard('learning.own')],
        loadComponent: () => import('./learning/my-learning.page').then((m) => m.MyLearningPage),
      },
      {
        path: 'my/courses/:code',
        title: '研修の受講',
        canActivate: [permissionGuard('learning.own')],
        loadComponent: () => import('./learning/course.page').then((m) => m.CoursePage),
      },
      {
        path: 'imports',
        title: 'データ取込',
        canActivate: [permissionGuard('imports.run')],
        loadComponent: () => import('./imports/imports.page').then((m) => m.ImportsPage),
      },
      {
        path: 'integrations/udemy-business',
        title: 'Udemy Business 連携',
        canActivate: [permissionGuard('integrations.sync')],
        loadComponent: () => import('./udemy-sync/udemy-business.page').then((m) => m.UdemyBusinessPage),
      },
      {
        path: 'integrations/sso',
        title: 'シングルサインオン',
        canActivate: [permissionGuard('integrations.configure')],
        loadComponent: () => import('./sso/sso-settings.page').then((m) => m.SsoSettingsPage),
      },
      {
        path: 'integrations/slack',
        title: 'Slack 連携',
        canActivate: [permissionGuard('notifications.manage')],
        loadComponent: () => import('./slack/slack-settings.page').then((m) => m.SlackSettingsPage),
      },
      {
        path: 'org',
        title: '組織',
        canActivate: [permissionGuard('org.read')],
        loadComponent: () => import('./org/org.page').then((m) => m.OrgPage),
      },
      {
        path: 'staff',
        title: '職員',
        canActivate: [permissionGuard('staff.read')],
        loadComponent: () => import('./staff/staff.page').then((m) => m.StaffPage),
      },
      {
        // Each HR page names its own permission (課題の評価 and 監査ログ are not the same as the 推進員名簿).
        path: 'hr',
        loadChildren: () => import('./hr/hr.routes').then((m) => m.HR_ROUTES),
      },
      {
        path: 'team',
        canActivate: [permissionGuard('team.read')],
        loadChildren: () => import('./team/team.routes').then((m) => m.TEAM_ROUTES),
      },
      {
        path: 'stats',
        canActivate: [permissionGuard('reports.read')],
        loadChildren: () => import('./stats/stats.routes').then((m) => m.STATS_ROUTES),
      },
      {
        path: 'kpi',
        canActivate: [permissionGuard('kpi.read')],
        loadChildren: () => import('./kpi/kpi.routes').then((m) => m.KPI_ROUTES),
      },
      {
        path: 'content',
        canActivate: [permissionGuard('catalogue.edit')],
        loadChildren: () => import('./content/content.routes').then((m) => m.CONTENT_ROUTES),
      },
      {
        path: 'xapi-clients',
        title: 'xAPI 接続',
        canActivate: [permissionGuard('xapi.clients')],
        loadComponent: () => import('./xapi/xapi-clients.page').then((m) => m.XapiClientsPage),
      },
      {
        path: 'platform/tenants',
        title: '団体管理',
        canActivate: [permissionGuard('platform.tenants')],
        loadComponent: () => import('./platform/platform-tenants.page').then((m) => m.PlatformTenantsPage),
      },
      {
        path: 'forbidden',
        title: '権限がありません',
        data: { kind: 'forbidden' },
        loadComponent: () => import('./shared/status-page.component').then((m) => m.StatusPageComponent),
      },
      {
        path: '**',
        title: 'ページが見つかりません',
        data: { kind: 'not-found' },
        loadComponent: () => import('./shared/status-page.component').then((m) => m.StatusPageComponent),
      },
    ],
  },
];
