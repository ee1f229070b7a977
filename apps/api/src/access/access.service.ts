import { Injectable } from '@nestjs/common';
import { reportDateFor } from '@dx/domain';
import type { AuthUser } from '../common/auth-user';
import { Problem } from '../common/problem';
import { AccessRepository } from './access.repository';

/** A path prefix no unit has: a scope that matches nothing. */
const NO_SCOPE = '//';

export { validOn } from './access.repository';

/** The LIKE pattern of a unit's subtree on any day: its code is one segment of the path (codes are [0-9A-Za-z-]). */
export function subtreePattern(code: string | null | undefined): string {
  return code ? `%/${code}/%` : '%';
}

/** What a user may report on for a fiscal year (statistics, the matrix, exports, KPI). */
export interface ReportScope {
  /** The requested unit's path on the report date (or the user's scope) with %, as a LIKE pattern. */
  pathPrefix: string;
  /** LIKE patterns on the path where each person was placed: the user's subtree, and the requested unit's. */
  scopePattern: string;
  unitPattern: string;
  /** The codes those patterns match (none for the whole tenant), for `pathCodesSql(alias) @> codes`. */
  subtreeCodes: string[];
  /** The code of the unit the user sees from (a manager's own unit), null for the whole tenant. */
  viewerUnitCode: string | null;
  reportDate: string;
  today: string;
}

/**
 * The one place that answers "may this user see this person / this unit, on this date". HR and system
 * administrators see the whole tenant; a manager sees the subtree of the unit they head; anyone else nobody.
 * Scopes are path prefixes of org_unit_version.path, so every query filters with one indexed LIKE.
 */
@Injectable()
export class AccessService {
  constructor(private readonly repository: AccessRepository) {}

  /** The path prefix of everything the user may see, or null when they may see no one but themselves. */
  scopePrefix(user: AuthUser): string | null {
    if (user.roles.includes('hr') || user.roles.includes('sysadmin')) return '/';
    return user.managedUnit?.path ?? null;
  }

  requireScopePrefix(user: AuthUser): string {
    const prefix = this.scopePrefix(user);
    if (prefix === null) throw Problem.forbidden();
    return prefix;
  }

  /**
   * What the user may report on: their subtree (403 for someone who manages nothing), narrowed to a unit that
   * existed on the report date inside it (404 otherwise). Units are matched by code in the path where each person
   * was placed, not by where the unit stands today: a 所属 that moved to another 部局 keeps its history, and
   * its 課長 still sees last year's figures. Reads only: making the figures current is the caller's business.
   */
  async reportScope(
    user: AuthUser,
    fiscalYear: number,
    today: string,
    orgUnitCode?: string,
  ): Promise<ReportScope> {
    const prefix = this.requireScopePrefix(user);
    const reportDate = reportDateFor(fiscalYear, today);
    const viewerUnitCode = prefix === '/' ? null : user.managedUnit!.code;
    const scopePattern = subtreePattern(viewerUnitCode);
    let pathPrefix = prefix;
    if (orgUnitCode) {
      const unit = await this.repository.findUnitInScope(
        user.tenantId,
        orgUnitCode,
        reportDate,
        scopePattern,
      );
      if (!unit) throw Problem.notFound(`所属コード「${orgUnitCode}」は見つかりません。`);
      pathPrefix = unit.path;
    }
    return {
      pathPrefix: pathPrefix + '%',
      scopePattern,
      unitPattern: subtreePattern(orgUnitCode),
      subtreeCodes: [...(viewerUnitCode ? [viewerUnitCode] : []), ...(orgUnitCode ? [orgUnitCode] : [])],
      viewerUnitCode,
      reportDate,
      today,
    };
  }

  /** The unit's path on the date if the user may see it; 404 otherwise, so other subtrees do not leak. */
  async requireUnit(
    user: AuthUser,
    code: string,
    date: string,
  ): Promise<{ id: number; path: string; name: string }> {
    const prefix = this.requireScopePrefix(user);
    const unit = await this.repository.findUnitInScope(user.tenantId, code, date, prefix + '%');
    if (!unit) throw Problem.notFound(`所属コード「${code}」は見つかりません。`);
    return unit;
  }

  /**
   * The person's staff id if the user may see them on the date: themselves always; HR everyone in the tenant,
   * including people who have left; a manager the people placed in their subtree on that date. 404 otherwise.
   */
  async requireStaff(user: AuthUser, employeeNo: string, date: string): Promise<number> {
    const prefix = this.scopePrefix(user);
    const staffId = await this.repository.findStaffInScope(
      user.tenantId,
      employeeNo,
      user.staffId ?? -1,
      prefix ?? NO_SCOPE,
      date,
    );
    if (staffId === undefined) throw Problem.notFound(`職員番号「${employeeNo}」の職員は見つかりません。`);
    return staffId;
  }
}
