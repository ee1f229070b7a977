import type { Routes } from '@angular/router';
import { roleGuard } from '../auth/auth.guards';
import { HR_ROLES } from '../hr/hr-roles';

/** 受講統計, lazily loaded under /stats (人事担当・システム管理者; the route checks the role itself). */
export const STATS_ROUTES: Routes = [
  {
    path: '',
    pathMatch: 'full',
    title: '受講統計',
    canActivate: [roleGuard(...HR_ROLES)],
    loadComponent: () => import('./stats.page').then((m) => m.StatsPage),
  },
];
