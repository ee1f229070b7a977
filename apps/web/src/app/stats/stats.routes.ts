import type { Routes } from '@angular/router';
import { roleGuard } from '../auth/auth.guards';
import { STATS_ROLES } from './stats-roles';

/** 受講統計, lazily loaded under /stats (管理職は担当範囲・人事担当・システム管理者; the route checks the role itself). */
export const STATS_ROUTES: Routes = [
  {
    path: '',
    pathMatch: 'full',
    title: '受講統計',
    canActivate: [roleGuard(...STATS_ROLES)],
    loadComponent: () => import('./stats.page').then((m) => m.StatsPage),
  },
];
