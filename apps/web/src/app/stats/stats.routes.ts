import type { Routes } from '@angular/router';
import { permissionGuard } from '../auth/auth.guards';

/** 受講統計, lazily loaded under /stats (管理職は担当範囲・人事担当・システム管理者; the route checks the permission itself). */
export const STATS_ROUTES: Routes = [
  {
    path: '',
    pathMatch: 'full',
    title: '受講統計',
    canActivate: [permissionGuard('reports.read')],
    loadComponent: () => import('./stats.page').then((m) => m.StatsPage),
  },
];
