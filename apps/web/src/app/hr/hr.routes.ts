import type { Routes } from '@angular/router';
import { roleGuard } from '../auth/auth.guards';
import { HR_ROLES } from './hr-roles';

/**
 * The HR pages, lazily loaded under /hr (人事担当・システム管理者 only; each page checks the role itself, so the
 * routes stay safe wherever they are mounted).
 */
export const HR_ROUTES: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'promoters' },
  {
    path: 'promoters',
    title: 'デジタル活用推進員',
    canActivate: [roleGuard(...HR_ROLES)],
    loadComponent: () => import('./promoters/promoters.page').then((m) => m.PromotersPage),
  },
  {
    path: 'cohorts',
    title: 'DX推進スペシャリスト',
    canActivate: [roleGuard(...HR_ROLES)],
    loadComponent: () => import('./cohorts/cohorts.page').then((m) => m.CohortsPage),
  },
  {
    path: 'attendance',
    title: '出席記録',
    canActivate: [roleGuard(...HR_ROLES)],
    loadComponent: () => import('./attendance/attendance.page').then((m) => m.AttendancePage),
  },
  {
    path: 'submissions',
    title: '課題の評価',
    canActivate: [roleGuard(...HR_ROLES)],
    loadComponent: () => import('./submissions/submissions.page').then((m) => m.SubmissionsPage),
  },
  {
    path: 'audit',
    title: '監査ログ',
    canActivate: [roleGuard(...HR_ROLES)],
    loadComponent: () => import('./audit/audit-log.page').then((m) => m.AuditLogPage),
  },
];
