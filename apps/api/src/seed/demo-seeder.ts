import { asSystem } from '../database/tenant-context';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { fiscalYearOf, todayInTokyo } from '@dx/domain';
import type { AuthUser } from '../common/auth-user';
import { OrgImportService } from '../imports/org-import.service';
import { StaffImportService } from '../imports/staff-import.service';
import { UsersService } from '../users/users.service';
import { AuditService } from '../audit/audit.service';
import { EnrolmentEngine } from '../enrolments/enrolment-engine';
import { seedDemoCredentials } from './demo-credentials';
import { seedDemoPromoters } from './demo-promoters';
import { buildDemoData, type DemoShape, demoSessionDates, orgCsv, PREFECTURE, staffCsv } from './demo-data';
import { seedDemoRenewals } from './demo-renewals';

export const DEMO_PASSWORD = 'DemoPass-2026';

/** The demo's second tenant (shared use): a town of about 300 staff. */
export const DEMO_TOWN = { code: 'town', name: 'みえ町（デモ）', size: 300, hrLoginId: 'hr-town' } as const;

export interface DemoLogin {
  loginId: string;
  role: string;
}

/**
 * Loads the demo through the same import paths HR uses: last year's org chart and roster, then this year's
 * roster (transfers, promotions, new hires, retirements), then a few demo logins.
 */
@Injectable()
export class DemoSeeder {
  private readonly logger = new Logger('Demo');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly orgImport: OrgImportService,
    private readonly staffImport: StaffImportService,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly engine: EnrolmentEngine,
  ) {}

  /**
   * A realistic spread of progress, deterministic per assignment: last year mostly completed, this year's
   * courses past their due date mostly completed and the rest overdue, the year-end courses partly done.
   * The demo new hire and new chief keep their courses untouched, to try them out.
   */
  private async simulateProgress(tenantId: number, untouched: string[]): Promise<void> {
    const today = todayInTokyo();
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `WITH picked AS (
           SELECT e.id, e.trigger_date, e.due_date, e.fiscal_year, abs(hashtext('demo-' || e.id)) % 100 AS r
             FROM enrollment e JOIN staff s ON s.id = e.staff_id
            WHERE e.tenant_id = $1 AND s.employee_no <> ALL($3)
         ), done AS (
           SELECT id, least(trigger_date + (r * 7) % greatest(1, due_date - trigger_date), $2::date) AS day FROM picked
            WHERE (fiscal_year < $4 AND r < 90) OR (fiscal_year = $4 AND due_date < $2::date AND r < 82)
               OR (fiscal_year = $4 AND due_date >= $2::date AND r < 45)
         )
         UPDATE enrollment e SET completed_on = done.day, completion_source = 'learner',
                completed_at = done.day::timestamp AT TIME ZONE 'Asia/Tokyo' + interval '10 hours'
           FROM done WHERE e.id = done.id`,
        [tenantId, today, untouched, fiscalYearOf(today)],
      );
      await manager.query(
        `INSERT INTO module_progress (tenant_id, enrollment_id, module_id, source, completed_at)
         SELECT e.tenant_id, e.id, m.id, 'learner', e.completed_at FROM enrollment e
           JOIN course_module m ON m.course_id = e.course_id AND m.version = e.course_version AND m.required
          WHERE e.tenant_id = $1 AND e.completed_at IS NOT NULL
         ON CONFLICT (enrollment_id, module_id) DO NOTHING`,
        [tenantId],
      );
      // Some of this year's unfinished courses are under way: their first module is done.
      await manager.query(
        `INSERT INTO module_progress (tenant_id, enrollment_id, module_id, source, completed_at)
         SELECT e.tenant_id, e.id, m.id, 'learner', now() FROM enrollment e
           JOIN staff s ON s.id = e.staff_id
           JOIN course_module m ON m.course_id = e.course_id AND m.version = e.course_version AND m.position = 1
          WHERE e.tenant_id = $1 AND e.completed_at IS NULL AND e.fiscal_year = $2 AND s.employee_no <> ALL($3)
            AND abs(hashtext('demo-' || e.id)) % 100 BETWEEN 45 AND 70
         ON CONFLICT (enrollment_id, module_id) DO NOTHING`,
        [tenantId, fiscalYearOf(today), untouched],
      );
    });
  }

  /**
   * The default catalogue's 集合研修 carry fixed dates that are soon in the past; in the demo they come after the day
   * it is loaded (like its due dates), so a learner sees a session to attend. Every version of a module gets the same
   * dates (a draft copied from the published one stays the same).
   */
  private async scheduleLiveSessions(tenantId: number, today: string): Promise<void> {
    const modules: {
      course_id: number;
      position: number;
      content: { startsAt?: string; endsAt?: string };
    }[] = await this.dataSource.query(
      `SELECT DISTINCT ON (m.course_id, m.position) m.course_id, m.position, m.content
           FROM course_module m
          WHERE m.tenant_id = $1 AND m.kind = 'live'
          ORDER BY m.course_id, m.position, m.version`,
      [tenantId],
    );
    const ordered = [...modules].sort((a, b) =>
      String(a.content.startsAt).localeCompare(String(b.content.startsAt)),
    );
    for (const [index, m] of ordered.entries()) {
      const dates = demoSessionDates(
        today,
        { startsAt: String(m.content.startsAt ?? ''), endsAt: String(m.content.endsAt ?? '') },
        index,
      );
      await this.dataSource.query(
        `UPDATE course_module SET content = content || $4::jsonb
          WHERE tenant_id = $1 AND course_id = $2 AND position = $3 AND kind = 'live'`,
        [tenantId, m.course_id, m.position, JSON.stringify(dates)],
      );
    }
  }

  /** `hrLoginId`: the HR login of this tenant's demo; `shape`: its org chart (the prefecture's by default). */
  async seedIfEmpty(
    tenantId: number,
    size = 5000,
    { hrLoginId = 'hr-demo', shape = PREFECTURE }: { hrLoginId?: string; shape?: DemoShape } = {},
  ): Promise<DemoLogin[] | null> {
    const [{ count }] = await this.dataSource.query(
      `SELECT count(*) AS count FROM staff WHERE tenant_id = $1`,
      [tenantId],
    );
    if (count > 0) return null;
    const started = Date.now();
    const data = buildDemoData(todayInTokyo(), size, shape);
    const hrUserId = await this.users.createUser(tenantId, {
      loginId: hrLoginId,
      displayName: '人事課 デモ担当',
      password: DEMO_PASSWORD,
      roles: ['hr'],
    });
    const actor: AuthUser = {
      userId: hrUserId,
      tenantId,
      loginId: hrLoginId,
      displayName: '人事課 デモ担当',
      roles: ['hr'],
      staffId: null,
      employeeNo: null,
      mustChangePassword: false,
      managedUnit: null,
      via: 'bearer',
    };
    const org = orgCsv(data);
    await this.orgImport.run({ bytes: org, effectiveDate: data.previousYearStart, dryRun: false, actor });
    await this.staffImport.run({
      bytes: staffCsv(data, 'previous'),
      effectiveDate: data.previousYearStart,
      dryRun: false,
      actor,
      allowMassLeave: false,
    });
    await this.orgImport.run({ bytes: org, effectiveDate: data.yearStart, dryRun: false, actor });
    await this.staffImport.run({
      bytes: staffCsv(data, 'current'),
      effectiveDate: data.yearStart,
      dryRun: false,
      actor,
      allowMassLeave: false,
    });

    const newHire = data.people.find((p) => p.isNewHire && p.employmentType === '正規職員')!;
    const newChief = data.people.find((p) => p.position === '課長' && p.promotedOn === data.yearStart)!;
    const director = data.people.find((p) => p.position === '部長')!;
    await this.users.createUser(tenantId, {
      loginId: 'content-demo',
      displayName: '研修企画 デモ担当',
      password: DEMO_PASSWORD,
      roles: ['content_admin'],
    });
    const logins: DemoLogin[] = [
      { loginId: hrLoginId, role: '人事担当 (hr)' },
      { loginId: 'content-demo', role: 'コンテンツ管理者 (content_admin)' },
      { loginId: newHire.employeeNo, role: `新規採用職員 ${newHire.name}` },
      { loginId: newChief.employeeNo, role: `新任所属長 ${newChief.name}` },
      { loginId: director.employeeNo, role: `部長 ${director.name}` },
    ];
    for (const p of [newHire, newChief, director]) {
      const [staff] = await this.dataSource.query(
        `SELECT id FROM staff WHERE tenant_id = $1 AND employee_no = $2`,
        [tenantId, p.employeeNo],
      );
      await this.users.createUser(tenantId, {
        loginId: p.employeeNo,
        displayName: p.name,
        password: DEMO_PASSWORD,
        roles: [],
        staffId: staff.id,
      });
    }
    await seedDemoPromoters(this.dataSource, this.engine, tenantId);
    await this.simulateProgress(tenantId, [newHire.employeeNo, newChief.employeeNo]);
    await this.scheduleLiveSessions(tenantId, todayInTokyo());
    await seedDemoCredentials(this.dataSource, this.audit, tenantId);
    await seedDemoRenewals(this.dataSource, this.engine, tenantId, todayInTokyo(), [director.employeeNo]);
    // Autovacuum may not have looked at the freshly loaded tables yet: without statistics the planner takes the
    // demo's tables for empty (a matrix name search took 28–58 s until it did).
    await asSystem(() => this.dataSource.query('ANALYZE'));
    this.logger.log(
      `Loaded demo data: ${data.units.length} units, ${data.people.length} people in ${Date.now() - started} ms.`,
    );
    return logins;
  }
}
