// Words and small pure helpers of the completion statistics (受講統計).
import type { CompletionCounts, CompletionReport, OrgUnitNode, ReportGroup } from '@dx/contract';
import type { DataTableColumn, DataTableRow } from '@dx/ui';
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
export function unitOptions(units: readonly OrgUnitNode[]): { value: string; label: string }[] {
  const out: { value: string; label: string }[] = [];
  const walk = (nodes: readonly OrgTreeNode[]): void => {
    for (const node of nodes) {
      out.push({ value: node.code, label: `${'　'.repeat(node.depth)}${node.name}（${node.kind}）` });
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

const COUNT_COLUMNS: readonly DataTableColumn[] = [
  { key: 'assigned', label: '割当', numeric: true },
  { key: 'completed', label: '修了', numeric: true },
  { key: 'inProgress', label: '受講中', numeric: true },
  { key: 'notStarted', label: '未着手', numeric: true },
  { key: 'overdue', label: '期限超過', numeric: true },
  { key: 'renewalOverdue', label: '更新期限切れ', numeric: true },
  { key: 'exempt', label: '免除', numeric: true },
];

function countCells(counts: CompletionCounts): DataTableRow {
  const { assigned, completed, inProgress, notStarted, overdue, renewalOverdue, exempt } = counts;
  return {
    assigned,
    completed,
    inProgress,
    notStarted,
    overdue,
    renewalOverdue,
    exempt,
    rate: formatRate(counts.completionRate),
  };
}

/** The report as a table: the group's name as the row header, the counts, the rate; the totals in the footer. */
export function completionTable(
  report: CompletionReport,
  group: (typeof GROUP_OPTIONS)[number],
): { caption: string; columns: DataTableColumn[]; rows: DataTableRow[]; footer: DataTableRow } {
  return {
    caption: `受講統計（${group.label}、${formatFiscalYear(report.fiscalYear, { withWestern: true })}）`,
    columns: [
      { key: 'label', label: group.column, rowHeader: true },
      ...COUNT_COLUMNS,
      { key: 'rate', label: '修了率', numeric: true },
    ],
    rows: report.rows.map((row) => ({ key: row.key, label: row.label || row.key, ...countCells(row) })),
    footer: { label: '合計', ...countCells(report.totals) },
  };
}
