import type { Routes } from '@angular/router';
import { roleGuard } from '../auth/auth.guards';
import { HR_ROLES } from '../hr/hr-roles';

/**
 * KPIダッシュボード, lazily loaded under /kpi (人事担当・システム管理者; the route checks the role itself). chart.js is
 * loaded later still, only when the page draws its first chart (see ChartLoader).
 */
export const KPI_ROUTES: Routes = [
  {
    path: '',
    pathMatch: 'full',
    title: 'KPIダッシュボード',
    canActivate: [roleGuard(...HR_ROLES)],
    loadComponent: () => import('./kpi.page').then((m) => m.KpiPage),
  },
];
