// The KPI panels' charts, summaries and table rows, built from the dashboard as plain data (testable in jsdom).
import type { KpiDashboard, KpiTarget } from '@dx/contract';
import { formatRate } from '../stats/stats-labels';
import { CHART_COLORS, type ChartSpec } from './chart-spec';

/** A rate 0..1 as a percentage with one decimal (for the chart's values). */
function percent(rate: number): number {
  return Number.isFinite(rate) ? Math.round(rate * 1000) / 10 : 0;
}

/** 'YYYY-MM' (or a full date) → 「4月」; anything else unchanged. */
export function monthLabel(month: string): string {
  const match = /^\d{4}-(\d{2})/.exec(month);
  return match ? `${Number(match[1])}月` : month;
}

/** A number as people read it: whole numbers plain, others with one decimal. */
export function formatNumber(value: number | null | undefined): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '―';
  return Number.isInteger(value) ? value.toLocaleString('ja-JP') : value.toFixed(1);
}

/** The plan's target for certified DX promotion specialists, whatever its key is called in the tenant's data. */
export function specialistTarget(targets: readonly KpiTarget[]): KpiTarget | undefined {
  return targets.find((t) => /special/i.test(t.key) || t.label.includes('スペシャリスト'));
}

export function tieredChart(d: KpiDashboard): { spec: ChartSpec; summary: string } {
  const rows = d.tieredByDepartment;
  const spec: ChartSpec = {
    type: 'bar',
    horizontal: true,
    labels: rows.map((r) => r.name),
    series: [
      {
        label: '修了率',
        data: rows.map((r) => percent(r.rate)),
        color: CHART_COLORS.blue,
        pattern: 'diagonal',
      },
    ],
    unit: '%',
    max: 100,
    valueAxisTitle: '修了率（%）',
  };
  if (rows.length === 0)
    return { spec, summary: '階層別研修の修了率（部局別）の横棒グラフ。対象の割当はありません。' };
  const sorted = [...rows].sort((a, b) => b.rate - a.rate);
  const best = sorted[0];
  const worst = sorted[sorted.length - 1];
  return {
    spec,
    summary:
      `階層別研修の修了率（部局別）の横棒グラフ。${rows.length}部局、` +
      `最も高いのは${best.name}の${formatRate(best.rate)}、最も低いのは${worst.name}の${formatRate(worst.rate)}。`,
  };
}

export function workplaceChart(d: KpiDashboard): { spec: ChartSpec; summary: string } {
  const rows = d.workplaceMonthly;
  const spec: ChartSpec = {
    type: 'line',
    labels: rows.map((r) => monthLabel(r.month)),
    series: [
      {
        label: '累積修了率',
        data: rows.map((r) => percent(r.rate)),
        color: CHART_COLORS.green,
        pattern: 'solid',
      },
    ],
    unit: '%',
    max: 100,
    valueAxisTitle: '累積修了率（%）',
  };
  const last = rows[rows.length - 1];
  return {
    spec,
    summary: last
      ? `職場内DX研修の累積修了率（月別）の折れ線グラフ。${monthLabel(last.month)}時点で${formatRate(last.rate)}` +
        `（${last.cumulativeCompleted}人／${last.assigned}人）。`
      : '職場内DX研修の累積修了率（月別）の折れ線グラフ。データはまだありません。',
  };
}

export function promoterChart(d: KpiDashboard): { spec: ChartSpec; summary: string } {
  const c = d.promoterCoverage;
  const without = Math.max(0, c.sections - c.sectionsWithPromoter);
  return {
    spec: {
      type: 'doughnut',
      labels: ['推進員がいる所属', '推進員がいない所属'],
      series: [
        {
          label: '所属数',
          data: [c.sectionsWithPromoter, without],
          color: [CHART_COLORS.green, CHART_COLORS.grey],
          pattern: ['solid', 'dots'],
        },
      ],
      unit: '',
    },
    summary:
      `デジタル活用推進員の配置率のドーナツグラフ。${c.sections}所属のうち${c.sectionsWithPromoter}所属に推進員がいます` +
      `（配置率${formatRate(c.rate)}、いない所属は${without}）。`,
  };
}

export function specialistChart(d: KpiDashboard): { spec: ChartSpec; summary: string } {
  const s = d.specialists;
  const target = specialistTarget(d.targets)?.target ?? null;
  const labels = ['認定者数', '養成中'];
  const data = [s.certified, s.inProgramme];
  if (target !== null) {
    labels.push('目標');
    data.push(target);
  }
  return {
    spec: {
      type: 'bar',
      labels,
      series: [
        {
          label: '人数',
          data,
          color: [CHART_COLORS.blue, CHART_COLORS.orange, CHART_COLORS.navy],
          pattern: ['solid', 'dots', 'diagonal'],
        },
      ],
      unit: '人',
      valueAxisTitle: '人数（人）',
    },
    summary:
      `DX推進スペシャリストの認定者数と目標の棒グラフ。認定者${s.certified}人、養成中${s.inProgramme}人` +
      (target !== null
        ? `、目標${formatNumber(target)}人（達成率${formatRate(target > 0 ? s.certified / target : NaN)}）。`
        : '、目標は未設定。'),
  };
}
