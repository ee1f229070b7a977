import type { Routes } from '@angular/router';
import { permissionGuard } from '../auth/auth.guards';

/**
 * The HR pages, lazily loaded under /hr (人事担当・システム管理者); each route names its own permission, so the
 * routes stay safe wherever they are mounted.
 */
export const HR_ROUTES: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'promoters' },
  {
    path: 'promoters',
    title: 'デジタル活用推進員',
    canActivate: [permissionGuard('promoters.manage')],
    loadComponent: () => import('./promoters/promoters.page').then((m) => m.PromotersPage),
  },
  {
    path: 'promoter-coverage',
    title: '推進員の配置状況',
    canActivate: [permissionGuard('promoters.manage')],
    loadComponent: () =>
      import('./promoter-coverage/promoter-coverage.page').then((m) => m.PromoterCoveragePage),
  },
  {
    path: 'cohorts',
    title: 'DX推進スペシャリスト',
    canActivate: [permissionGuard('promoters.manage')],
    loadComponent: () => import('./cohorts/cohorts.page').then((m) => m.CohortsPage),
  },
  {
    path: 'certifications',
    title: 'DX推進スペシャリスト認定者',
    canActivate: [permissionGuard('certifications.manage')],
    loadComponent: () => import('./certifications/certifications.page').then((m) => m.CertificationsPage),
  },
  {
    path: 'skill-map',
    title: 'スキルマップ',
    canActivate: [permissionGuard('skills.read')],
    loadComponent: () => import('./skill-map/skill-map.page').then((m) => m.SkillMapPage),
  },
  {
    path: 'tenant-settings',
    title: '団体の表示設定',
    canActivate: [permissionGuard('tenant.settings')],
    loadComponent: () => import('./tenant-settings/tenant-settings.page').then((m) => m.TenantSettingsPage),
  },
  {
    path: 'attendance',
    title: '出席記録',
    canActivate: [permissionGuard('attendance.manage')],
    loadComponent: () => import('./attendance/attendance.page').then((m) => m.AttendancePage),
  },
  {
    path: 'submissions',
    title: '課題の評価',
    canActivate: [permissionGuard('submissions.evaluate')],
    loadComponent: () => import('./submissions/submissions.page').then((m) => m.SubmissionsPage),
  },
  {
    path: 'unmatched',
    title: '連携の未照合',
    canActivate: [permissionGuard('integrations.read')],
    loadComponent: () => import('./unmatched/unmatched.page').then((m) => m.UnmatchedPage),
  },
  {
    path: 'audit',
    title: '監査ログ',
    canActivate: [permissionGuard('audit.read')],
    loadComponent: () => import('./audit/audit-log.page').then((m) => m.AuditLogPage),
  },
];
