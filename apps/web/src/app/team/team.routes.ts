import type { Routes } from '@angular/router';
import { permissionGuard } from '../auth/auth.guards';

/** チーム受講状況, lazily loaded under /team (管理職・人事担当・システム管理者; the route checks the permission itself). */
export const TEAM_ROUTES: Routes = [
  {
    path: '',
    pathMatch: 'full',
    title: 'チーム受講状況',
    canActivate: [permissionGuard('team.read')],
    loadComponent: () => import('./team.page').then((m) => m.TeamPage),
  },
];
