import type { Routes } from '@angular/router';

/**
 * 研修管理 (content administrators and system administrators), lazy-loaded under /content:
 * /content (course list and tracks) and /content/courses/:code (the course editor).
 * The parent route in app.routes.ts guards it with permissionGuard('catalogue.edit').
 */
export const CONTENT_ROUTES: Routes = [
  {
    path: '',
    pathMatch: 'full',
    title: '研修管理',
    loadComponent: () => import('./course-list.page').then((m) => m.CourseListPage),
  },
  {
    path: 'courses/:code',
    title: '研修の編集',
    loadComponent: () => import('./course-editor.page').then((m) => m.CourseEditorPage),
  },
];
