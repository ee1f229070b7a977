// Words and small pure helpers of the completion statistics (受講統計).
import type { OrgUnitNode, ReportGroup } from '@dx/contract';
import { fiscalYearEnd, formatFiscalYear, todayInTokyo } from '@dx/domain';
import { buildOrgTree, type OrgTreeNode } from '../org/org-tree';

export const GROUP_OPTIONS: readonly { value: ReportGroup; label: string; column: string }[] = [
  { value: 'department', label: '部局別', column: '部局' },
  { value: 'section', label: '所属別', column: '所属' },
  { value: 'position', label: '職位別', column: '職位' },
  { value: 'track', label: '研修体系別', column: '研修体系' },
];

export function groupOption(group: ReportGroup): (typeof GROUP_OPTIONS)[number] {
  return GROUP_OPTIONS.find((option) => option.value === group) ?? GROUP_OPTIONS[0];
}

/** completionRate (0..1, as the API sends it) → 「82.3%」 with one decimal; 「―」 when there is nothing to rate. */
export function formatRate(rate: number | null | undefined): string {
  if (typeof rate !== 'number' || !Number.isFinite(rate)) return '―';
  return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

/**
 * The day whose org chart a fiscal year is reported on, as the server does it: today for the current year, the
 * year's last day (31 March) for a past one.
 */
export function reportDateFor(fiscalYear: number, today: string = todayInTokyo()): string {
  const yearEnd = fiscalYearEnd(fiscalYear);
  return today < yearEnd ? today : yearEnd;
}

/** The units as select options, parents before children, indented by depth (full-width spaces). */
export function unitOptions(units: readonly OrgUnitNode[]): { code: string; label: string }[] {
  const out: { code: string; label: string }[] = [];
  const walk = (nodes: readonly OrgTreeNode[]): void => {
    for (const node of nodes) {
      out.push({ code: node.code, label: `${'　'.repeat(node.depth)}${node.name}（${node.kind}）` });
      walk(node.children);
    }
  };
  walk(buildOrgTree(units));
  return out;
}

/**
 * The server's name for an export (受講状況_令和8年度_UTF-8.csv), for when a download arrives without one. The era
 * year alone: file names stay short, and the western year is not needed to tell them apart.
 */
export function exportFileName(fiscalYear: number, suffix: string): string {
  return `受講状況_${formatFiscalYear(fiscalYear)}${suffix}`;
}
