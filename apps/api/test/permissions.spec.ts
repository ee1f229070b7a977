import { can, PERMISSIONS, type Permission, type Role } from '@dx/contract';
import type { LightMyRequestResponse } from 'fastify';
import {
  adminAuth,
  Auth,
  createUser,
  importOk,
  loginAs,
  orgCsv,
  OrgUnitInput,
  person,
  setPassword,
  staffCsv,
} from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

/*
 * One access policy: every operation in the OpenAPI document declares either a permission of the map in
 * `@dx/contract` (`x-permission`, from @Allow) or that it is public (`x-public`, from @Public), and every kind of
 * caller gets the answer the map promises. A new route without a declaration fails here.
 */

/**
 * What each operation requires: a permission of the map, or 'public' for the few that need no login. Adding a route
 * means adding its line here, where a reviewer sees who may call it.
 */
const ROUTES: Record<string, Permission | 'public'> = {
  'POST /api/v1/auth/login': 'public',
  'GET /api/v1/auth/sso/{tenantCode}': 'public',
  'GET /api/v1/auth/sso/{tenantCode}/callback': 'public',
  'GET /api/v1/auth/saml/{tenantCode}/metadata': 'public',
  'POST /api/v1/auth/saml/{tenantCode}/acs': 'public',
  'POST /api/v1/auth/logout': 'public',
  'GET /api/v1/auth/tenant': 'public',
  'GET /api/v1/auth/tenant/logo': 'public',
  'GET /api/v1/me': 'session.own',
  'PUT /api/v1/me/password': 'session.own',
  'PUT /api/v1/admin/users/{loginId}/password': 'users.manage',
  'GET /api/v1/org-units': 'org.read',
  'GET /api/v1/staff': 'staff.read',
  'GET /api/v1/staff/{employeeNo}/history': 'history.read',
  'GET /api/v1/health': 'public',
  // The xAPI LRS: no user login, HTTP Basic with the tenant's xAPI credentials (XapiGuard).
  'GET /api/v1/xapi/statements': 'public',
  'PUT /api/v1/xapi/statements': 'public',
  'POST /api/v1/xapi/statements': 'public',
  'GET /api/v1/integrations/xapi-clients': 'xapi.clients',
  'POST /api/v1/integrations/xapi-clients': 'xapi.clients',
  'DELETE /api/v1/integrations/xapi-clients/{id}': 'xapi.clients',
  // The LRS's document resources: no user login; each xAPI route checks the tenant's Basic credential itself
  // (XapiGuard), except about, which needs none (xAPI 1.0.3 Communication 2.8).
  'GET /api/v1/xapi/activities/state': 'public',
  'PUT /api/v1/xapi/activities/state': 'public',
  'POST /api/v1/xapi/activities/state': 'public',
  'DELETE /api/v1/xapi/activities/state': 'public',
  'GET /api/v1/xapi/activities/profile': 'public',
  'PUT /api/v1/xapi/activities/profile': 'public',
  'POST /api/v1/xapi/activities/profile': 'public',
  'DELETE /api/v1/xapi/activities/profile': 'public',
  'GET /api/v1/xapi/agents/profile': 'public',
  'PUT /api/v1/xapi/agents/profile': 'public',
  'POST /api/v1/xapi/agents/profile': 'public',
  'DELETE /api/v1/xapi/agents/profile': 'public',
  'GET /api/v1/xapi/activities': 'public',
  'GET /api/v1/xapi/agents': 'public',
  'GET /api/v1/xapi/about': 'public',
  // cmi5: the AU's one-time fetch URL (the URL is the secret).
  'POST /api/v1/xapi/cmi5/fetch/{session}/{secret}': 'public',
  'GET /api/v1/audit-log': 'audit.read',
  'GET /api/v1/exports/audit-log.csv': 'audit.read',
  'GET /api/v1/me/enrollments': 'enrollments.own',
  'GET /api/v1/staff/{employeeNo}/enrollments': 'staff.read',
  'POST /api/v1/staff/{employeeNo}/enrollments': 'enrollments.manage',
  'PUT /api/v1/staff/{employeeNo}/enrollments/{courseCode}/exemption': 'enrollments.manage',
  'DELETE /api/v1/staff/{employeeNo}/enrollments/{courseCode}/exemption': 'enrollments.manage',
  'GET /api/v1/me/courses/{courseCode}': 'learning.own',
  'POST /api/v1/me/courses/{courseCode}/modules/{moduleId}/complete': 'learning.own',
  'POST /api/v1/me/courses/{courseCode}/modules/{moduleId}/quiz-attempts': 'learning.own',
  'POST /api/v1/me/courses/{courseCode}/modules/{moduleId}/package-launch': 'learning.own',
  'PUT /api/v1/me/courses/{courseCode}/modules/{moduleId}/package-runtime/{scoId}': 'learning.own',
  'POST /api/v1/me/quiz-attempts/{attemptId}/submit': 'learning.own',
  'POST /api/v1/me/courses/{courseCode}/modules/{moduleId}/submission': 'learning.own',
  'GET /api/v1/me/courses/{courseCode}/certificate.pdf': 'learning.own',
  'GET /api/v1/certificates/{serial}': 'public',
  'GET /api/v1/promoters': 'promoters.manage',
  'GET /api/v1/exports/promoters.csv': 'promoters.manage',
  'PUT /api/v1/promoters/{employeeNo}': 'promoters.manage',
  'DELETE /api/v1/promoters/{employeeNo}': 'promoters.manage',
  'POST /api/v1/imports/promoters': 'promoters.manage',
  'GET /api/v1/promoter-coverage': 'promoters.manage',
  'POST /api/v1/promoter-coverage/requests': 'promoters.manage',
  'GET /api/v1/specialist-cohorts': 'promoters.manage',
  'POST /api/v1/specialist-cohorts': 'promoters.manage',
  'PUT /api/v1/specialist-cohorts/{code}/members/{employeeNo}': 'promoters.manage',
  'GET /api/v1/specialist-certifications': 'certifications.manage',
  'POST /api/v1/specialist-certifications/check': 'certifications.manage',
  'POST /api/v1/specialist-certifications/{id}/revocation': 'certifications.manage',
  'GET /api/v1/specialist-certifications/settings': 'tenant.settings',
  'PUT /api/v1/specialist-certifications/settings': 'tenant.settings',
  'GET /api/v1/me/specialist-credentials': 'learning.own',
  'GET /api/v1/me/specialist-credentials/{id}/credential': 'learning.own',
  'GET /api/v1/me/specialist-credentials/{id}/badge.png': 'learning.own',
  // The Open Badges 3.0 issuer's documents (what any verifier dereferences) and the public credential check.
  'GET /api/v1/credentials/{tenantCode}/issuer': 'public',
  'GET /api/v1/credentials/{tenantCode}/key': 'public',
  'GET /api/v1/credentials/{tenantCode}/achievements/dx-specialist': 'public',
  'GET /api/v1/credentials/{tenantCode}/achievements/dx-specialist/image': 'public',
  'GET /api/v1/credentials/{tenantCode}/status/revocation': 'public',
  'POST /api/v1/credentials/verify': 'public',
  'GET /api/v1/submissions': 'submissions.evaluate',
  'GET /api/v1/submissions/{id}/file': 'submissions.evaluate',
  'POST /api/v1/submissions/{id}/evaluation': 'submissions.evaluate',
  'GET /api/v1/live-sessions': 'attendance.manage',
  'GET /api/v1/live-sessions/{moduleId}/participants': 'attendance.manage',
  'POST /api/v1/catalogue/modules/{moduleId}/attendance': 'attendance.manage',
  'POST /api/v1/imports/completions': 'imports.run',
  'POST /api/v1/imports/udemy-business': 'imports.run',
  'GET /api/v1/integrations/unmatched': 'integrations.read',
  'POST /api/v1/integrations/unmatched/{id}/resolve': 'integrations.resolve',
  'POST /api/v1/integrations/unmatched/{id}/dismiss': 'integrations.resolve',
  'GET /api/v1/integrations/udemy-business/courses': 'integrations.read',
  'POST /api/v1/imports/org-units': 'imports.run',
  'POST /api/v1/imports/staff': 'imports.run',
  'GET /api/v1/catalogue/tracks': 'catalogue.edit',
  'POST /api/v1/catalogue/tracks': 'catalogue.edit',
  'PUT /api/v1/catalogue/tracks/{code}': 'catalogue.edit',
  'GET /api/v1/catalogue/courses': 'catalogue.edit',
  'POST /api/v1/catalogue/courses': 'catalogue.edit',
  'GET /api/v1/catalogue/courses/{code}': 'catalogue.edit',
  'PUT /api/v1/catalogue/courses/{code}': 'catalogue.edit',
  'POST /api/v1/catalogue/courses/{code}/draft': 'catalogue.edit',
  'DELETE /api/v1/catalogue/courses/{code}/draft': 'catalogue.edit',
  'POST /api/v1/catalogue/courses/{code}/draft/modules': 'catalogue.edit',
  'POST /api/v1/catalogue/packages': 'catalogue.edit',
  'GET /api/v1/catalogue/packages/{id}': 'catalogue.edit',
  'PUT /api/v1/catalogue/courses/{code}/draft/modules/{moduleId}': 'catalogue.edit',
  'DELETE /api/v1/catalogue/courses/{code}/draft/modules/{moduleId}': 'catalogue.edit',
  'PUT /api/v1/catalogue/courses/{code}/draft/order': 'catalogue.edit',
  'POST /api/v1/catalogue/courses/{code}/draft/modules/{moduleId}/questions': 'catalogue.edit',
  'PUT /api/v1/catalogue/courses/{code}/draft/modules/{moduleId}/questions/{questionId}': 'catalogue.edit',
  'DELETE /api/v1/catalogue/courses/{code}/draft/modules/{moduleId}/questions/{questionId}': 'catalogue.edit',
  'POST /api/v1/catalogue/courses/{code}/publish': 'catalogue.edit',
  'GET /api/v1/catalogue/courses/{code}/rules': 'catalogue.edit',
  'PUT /api/v1/catalogue/courses/{code}/rules': 'catalogue.edit',
  'GET /api/v1/reports/completion': 'reports.read',
  'GET /api/v1/exports/completion.csv': 'reports.read',
  'GET /api/v1/exports/completion.xlsx': 'reports.read',
  'GET /api/v1/team/matrix': 'team.read',
  'POST /api/v1/team/reminders': 'team.remind',
  'POST /api/v1/team/reminders/preview': 'team.remind',
  'GET /api/v1/skills/map': 'skills.read',
  'GET /api/v1/exports/skill-map.xlsx': 'skills.read',
  'GET /api/v1/kpi': 'kpi.read',
  'PUT /api/v1/kpi/targets': 'kpi.manage',
  'GET /api/v1/integrations/udemy-business': 'integrations.sync',
  'GET /api/v1/integrations/oidc': 'integrations.configure',
  'PUT /api/v1/integrations/oidc': 'integrations.configure',
  'DELETE /api/v1/integrations/oidc': 'integrations.configure',
  'GET /api/v1/integrations/saml': 'integrations.configure',
  'PUT /api/v1/integrations/saml': 'integrations.configure',
  'DELETE /api/v1/integrations/saml': 'integrations.configure',
  'PUT /api/v1/integrations/udemy-business': 'integrations.configure',
  'POST /api/v1/integrations/udemy-business/sync': 'integrations.sync',
  'GET /api/v1/tenant/settings': 'tenant.settings',
  'PUT /api/v1/tenant/settings': 'tenant.settings',
  'PUT /api/v1/tenant/logo': 'tenant.settings',
  'DELETE /api/v1/tenant/logo': 'tenant.settings',
  // The platform operator only; and the operator is refused everything else but their own session.
  'GET /api/v1/platform/tenants': 'platform.tenants',
  'POST /api/v1/platform/tenants': 'platform.tenants',
  'PATCH /api/v1/platform/tenants/{code}': 'platform.tenants',
  'GET /api/v1/slack/settings': 'notifications.manage',
  'PUT /api/v1/slack/settings': 'notifications.manage',
  'DELETE /api/v1/slack/settings': 'notifications.manage',
  'PUT /api/v1/slack/unit-channels/{code}': 'notifications.manage',
  'DELETE /api/v1/slack/unit-channels/{code}': 'notifications.manage',
  'GET /api/v1/notifications/deliveries/failed': 'notifications.manage',
};

const OPERATOR = { loginId: 'perm-operator', password: 'permissions-operator-password' };

const FIRST = '2026-04-01';
const PASSWORD = 'permissions-test-password';

const org: OrgUnitInput[] = [
  { code: '100000', name: '総務部', kind: '部局' },
  { code: '100100', name: '人事課', kind: '所属', parent: '100000' },
  { code: '100110', name: '研修班', kind: '班', parent: '100100' },
];

const roster = [
  person('400001', { name: '受講 一郎', unit: '100110', position: '主事' }),
  person('400002', { name: '班長 二郎', unit: '100110', position: '班長' }),
  person('400003', { name: '人事 課長', unit: '100100', position: '課長' }),
  person('400004', { name: '総務 部長', unit: '100000', position: '部長' }),
];

/** The callers, with the roles the map must be read with (a 班長 is level 3: still only a learner). */
const CALLERS: { name: string; login: string; roles: Role[]; tenant?: string }[] = [
  { name: 'learner', login: '400001', roles: ['learner'] },
  { name: '班長', login: '400002', roles: ['learner'] },
  { name: '所属長', login: '400003', roles: ['learner', 'manager'] },
  { name: '部長', login: '400004', roles: ['learner', 'manager'] },
  { name: 'hr', login: 'perm-hr', roles: ['hr'] },
  { name: 'content_admin', login: 'perm-content', roles: ['content_admin'] },
  // A system administrator also holds HR rights (the contract's first administrator does; the API adds hr to sysadmin).
  { name: 'sysadmin', login: 'perm-sysadmin', roles: ['sysadmin', 'hr'] },
  // The platform operator (PLATFORM_ADMIN_LOGIN_ID), a user of the platform tenant.
  { name: 'platform operator', login: OPERATOR.loginId, roles: ['platform_admin'], tenant: 'platform' },
];
const ANONYMOUS = 'anonymous';

/** Path parameters that name nothing in the tenant. */
const NOTHING: Record<string, string> = {
  id: '999999',
  moduleId: '999999',
  questionId: '999999',
  attemptId: '999999',
  employeeNo: '999999',
  loginId: 'nobody-here',
  code: 'NO-SUCH-CODE',
  courseCode: 'NO-SUCH-COURSE',
  serial: 'NO-SUCH-SERIAL',
  scoId: 'NO-SUCH-SCO',
  tenantCode: 'no-such-tenant',
  session: '00000000-0000-4000-8000-000000000000',
  secret: 'no-such-secret',
};

interface Operation {
  method: string;
  path: string;
  permission?: Permission;
  isPublic: boolean;
}

interface Outcome {
  method: string;
  path: string;
  caller: string;
  expected: string;
  got: number;
  detail: string;
}

type Expectation = 'allowed' | 'refused' | 'unauthenticated' | 'public';

function meets(expected: Expectation, status: number): boolean {
  if (status >= 500) return false;
  switch (expected) {
    case 'allowed':
      return status !== 401 && status !== 403;
    case 'refused':
      return status === 403;
    case 'unauthenticated':
      return status === 401;
    case 'public':
      // A public route may still turn down bad credentials (login: 401) but never refuses a caller for who they are.
      return status !== 403;
  }
}

function table(rows: Outcome[]): string {
  const header = ['method', 'path', 'role', 'expected', 'got', 'detail'];
  const cells = rows.map((r) => [r.method, r.path, r.caller, r.expected, String(r.got), r.detail]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((v, i) => v.padEnd(widths[i])).join(' | ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...cells.map(line)].join('\n');
}

describe('one access policy: every route answers each role as the permission map says', () => {
  let t: TestApp;
  let operations: Operation[];
  const auth: Record<string, Auth> = {};

  beforeAll(async () => {
    t = await createTestApp({
      PLATFORM_ADMIN_LOGIN_ID: OPERATOR.loginId,
      PLATFORM_ADMIN_PASSWORD: OPERATOR.password,
    });
    const admin = await adminAuth(t);
    await importOk(t, 'org-units', admin, orgCsv(org), { effectiveDate: FIRST });
    await importOk(t, 'staff', admin, staffCsv(roster), { effectiveDate: FIRST });
    for (const caller of CALLERS) {
      if (caller.tenant === 'platform') {
        auth[caller.name] = await loginAs(t, caller.login, OPERATOR.password, caller.tenant);
        continue;
      }
      if (/^\d+$/.test(caller.login)) await setPassword(t, admin, caller.login, PASSWORD);
      else await createUser(t, { loginId: caller.login, password: PASSWORD, roles: caller.roles });
      auth[caller.name] = await loginAs(t, caller.login, PASSWORD);
    }

    const docs = await t.request({ method: 'GET', url: '/api/docs-json' });
    expect(docs.statusCode).toBe(200);
    const paths = docs.json().paths as Record<string, Record<string, Record<string, unknown>>>;
    operations = Object.entries(paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
        .map(([method, op]) => ({
          method: method.toUpperCase(),
          path,
          permission: op['x-permission'] as Permission | undefined,
          isPublic: op['x-public'] === true,
        })),
    );
  });
  afterAll(() => t?.close());

  it('the callers hold the roles the table reads the map with', async () => {
    for (const caller of CALLERS) {
      const me = await t.request({ method: 'GET', url: '/api/v1/me', headers: auth[caller.name] });
      expect({ caller: caller.name, roles: [...me.json().roles].sort() }).toEqual({
        caller: caller.name,
        roles: [...caller.roles].sort(),
      });
    }
  });

  it('every operation declares exactly one of a known permission or @Public(), the one this table expects', () => {
    expect(operations.length).toBeGreaterThan(50);
    const undeclared = operations
      .filter(
        (op) =>
          op.isPublic === (op.permission !== undefined) || (op.permission && !(op.permission in PERMISSIONS)),
      )
      .map(
        (op) =>
          `${op.method} ${op.path}: ${op.isPublic ? 'public and ' : ''}${op.permission ?? 'no permission'}`,
      );
    expect(undeclared).toEqual([]);
    const declared = Object.fromEntries(
      operations.map((op) => [`${op.method} ${op.path}`, op.isPublic ? 'public' : (op.permission ?? 'none')]),
    );
    // A route missing from ROUTES (or declaring another permission than it says) shows up here, as does a stale line.
    expect(declared).toEqual(ROUTES);
  });

  it('answers every role (and an anonymous caller) on every operation as the map promises', async () => {
    const failures: Outcome[] = [];
    let calls = 0;
    for (const op of operations) {
      const url = op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
        if (!(name in NOTHING))
          throw new Error(`no harmless value for the path parameter {${name}} of ${op.path}`);
        return encodeURIComponent(NOTHING[name]);
      });
      for (const caller of [...CALLERS, { name: ANONYMOUS, login: '', roles: [] as Role[] }]) {
        const required = ROUTES[`${op.method} ${op.path}`] ?? op.permission;
        const expected: Expectation =
          required === 'public' || op.isPublic
            ? 'public'
            : caller.name === ANONYMOUS
              ? 'unauthenticated'
              : required && can(caller.roles, required)
                ? 'allowed'
                : 'refused';
        const response: LightMyRequestResponse = await t.request({
          method: op.method as 'GET',
          url,
          headers: caller.name === ANONYMOUS ? {} : auth[caller.name],
        });
        calls++;
        if (!meets(expected, response.statusCode)) {
          failures.push({
            method: op.method,
            path: op.path,
            caller: caller.name,
            expected: `${expected}${required && required !== 'public' ? ` (${required})` : ''}`,
            got: response.statusCode,
            detail: response.body.slice(0, 120).replace(/\s+/g, ' '),
          });
        }
        // Logging out ends the session the token belongs to: the next operations need a fresh one.
        if (op.path === '/api/v1/auth/logout' && caller.name !== ANONYMOUS) {
          const again = CALLERS.find((c) => c.name === caller.name)!;
          auth[caller.name] = again.tenant
            ? await loginAs(t, again.login, OPERATOR.password, again.tenant)
            : await loginAs(t, again.login, PASSWORD);
        }
      }
    }
    console.log(
      `permissions table: ${operations.length} operations × ${CALLERS.length + 1} callers = ${calls} calls`,
    );
    if (failures.length > 0)
      throw new Error(`${failures.length} answers differ from the permission map:\n${table(failures)}`);
  });
});
