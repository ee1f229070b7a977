import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { todayInTokyo } from '@dx/domain';
import type { AuthUser } from '../common/auth-user';
import { OrgImportService } from '../imports/org-import.service';
import { StaffImportService } from '../imports/staff-import.service';
import { UsersService } from '../users/users.service';
import { buildDemoData, orgCsv, staffCsv } from './demo-data';

export const DEMO_PASSWORD = 'DemoPass-2026';

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
  ) {}

  async seedIfEmpty(tenantId: number, size = 5000): Promise<DemoLogin[] | null> {
    const [{ count }] = await this.dataSource.query(`SELECT count(*) AS count FROM staff WHERE tenant_id = $1`, [tenantId]);
    if (count > 0) return null;
    const started = Date.now();
    const data = buildDemoData(todayInTokyo(), size);
    const hrUserId = await this.users.createUser(tenantId, {
      loginId: 'hr-demo',
      displayName: '人事課 デモ担当',
      password: DEMO_PASSWORD,
      roles: ['hr'],
    });
    const actor: AuthUser = {
      userId: hrUserId,
      tenantId,
      loginId: 'hr-demo',
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
    const logins: DemoLogin[] = [
      { loginId: 'hr-demo', role: '人事担当 (hr)' },
      { loginId: newHire.employeeNo, role: `新規採用職員 ${newHire.name}` },
      { loginId: newChief.employeeNo, role: `新任所属長 ${newChief.name}` },
      { loginId: director.employeeNo, role: `部長 ${director.name}` },
    ];
    for (const p of [newHire, newChief, director]) {
      const [staff] = await this.dataSource.query(`SELECT id FROM staff WHERE tenant_id = $1 AND employee_no = $2`, [
        tenantId,
        p.employeeNo,
      ]);
      await this.users.createUser(tenantId, {
        loginId: p.employeeNo,
        displayName: p.name,
        password: DEMO_PASSWORD,
        roles: [],
        staffId: staff.id,
      });
    }
    this.logger.log(`Loaded demo data: ${data.units.length} units, ${data.people.length} people in ${Date.now() - started} ms.`);
    return logins;
  }
}
