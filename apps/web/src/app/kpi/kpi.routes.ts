import type { Routes } from '@angular/router';
import { permissionGuard } from '../auth/auth.guards';

/**
 * KPIダッシュボード, lazily loaded under /kpi (人事担当・システム管理者; the route checks the permission itself). chart.js is
 * loaded later still, only when the page draws its first chart (see ChartLoader).
 */
export const KPI_ROUTES: Routes = [
  {
    path: '',
    pathMatch: 'full',
    title: 'KPIダッシュボード',
    canActivate: [permissionGuard('kpi.read')],
    loadComponent: () => import('./kpi.page').then((m) => m.KpiPage),
  },
];
