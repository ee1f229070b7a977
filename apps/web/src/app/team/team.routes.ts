import type { Routes } from '@angular/router';
import { roleGuard } from '../auth/auth.guards';
import { TEAM_ROLES } from './team-roles';

/** チーム受講状況, lazily loaded under /team (管理職・人事担当・システム管理者; the route checks the role itself). */
export const TEAM_ROUTES: Routes = [
  {
    path: '',
    pathMatch: 'full',
    title: 'チーム受講状況',
    canActivate: [roleGuard(...TEAM_ROLES)],
    loadComponent: () => import('./team.page').then((m) => m.TeamPage),
  },
];
