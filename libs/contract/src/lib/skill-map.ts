// HR's スキルマップ (GET /api/v1/skills/map and GET /api/v1/exports/skill-map.xlsx): デジタルスキル標準 coverage.

/** A code of the taxonomy with its label (@dx/domain digital-skill-standard.ts), a column of the map. */
export interface SkillMapColumn {
  code: string;
  label: string;
}

/** One 部局: its active staff today and how many of them covered each DXリテラシー標準 area. */
export interface SkillMapDepartmentRow {
  code: string;
  name: string;
  staff: number;
  /** People who completed at least one course mapped to the area (any fiscal year), in the order of `areas`. */
  covered: number[];
  /** covered / staff, 0–1 rounded to 3 decimals (0 when the 部局 has no staff). */
  shares: number[];
}

/** One DX推進スペシャリスト: completed courses mapped to each DX推進スキル標準 role, in the order of `roles`. */
export interface SkillMapSpecialistRow {
  employeeNo: string;
  name: string;
  departmentName: string;
  cohortName: string;
  /** 基礎, 応用, 実践 or 認定 (their latest cohort). */
  stage: string;
  completedByRole: number[];
}

export interface SkillMapReport {
  /** Today (Asia/Tokyo): the org chart and the staff the map counts. */
  asOf: string;
  areas: SkillMapColumn[];
  departments: SkillMapDepartmentRow[];
  /** The whole scope (the tenant for HR). */
  totals: SkillMapDepartmentRow;
  roles: SkillMapColumn[];
  specialists: SkillMapSpecialistRow[];
}
