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

/** The target set for a KPI this year, or null when HR has not set one. */
export function targetValue(targets: readonly KpiTarget[], key: string): number | null {
  const target = targets.find((t) => t.key === key)?.target;
  return typeof target === 'number' && Number.isFinite(target) ? target : null;
}

/** What the chart draws for a target, if there is one. */
function targetMark(value: number | null, unit: string): ChartSpec['target'] {
  return value === null ? undefined : { value, label: `目標 ${formatNumber(value)}${unit}` };
}

/** The sentence that tells a screen reader the target drawn on the chart. */
function targetSentence(value: number | null, unit: string): string {
  return value === null ? '目標は未設定。' : `目標は${formatNumber(value)}${unit}（グラフに破線で表示）。`;
}

export function tieredChart(d: KpiDashboard): { spec: ChartSpec; summary: string } {
  const rows = d.tieredByDepartment;
  const goal = targetValue(d.targets, 'tiered_completion_rate');
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
    target: targetMark(goal, '%'),
  };
  if (rows.length === 0)
    return {
      spec,
      summary: `階層別研修の修了率（部局別）の横棒グラフ。対象の割当はありません。${targetSentence(goal, '%')}`,
    };
  const sorted = [...rows].sort((a, b) => b.rate - a.rate);
  const best = sorted[0];
  const worst = sorted[sorted.length - 1];
  return {
    spec,
    summary:
      `階層別研修の修了率（部局別）の横棒グラフ。${rows.length}部局、` +
      `最も高いのは${best.name}の${formatRate(best.rate)}、最も低いのは${worst.name}の${formatRate(worst.rate)}。` +
      targetSentence(goal, '%'),
  };
}

export function workplaceChart(d: KpiDashboard): { spec: ChartSpec; summary: string } {
  const rows = d.workplaceMonthly;
  const goal = targetValue(d.targets, 'workplace_completion_rate');
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
    target: targetMark(goal, '%'),
  };
  const last = rows[rows.length - 1];
  return {
    spec,
    summary: last
      ? `職場内DX研修の累積修了率（月別）の折れ線グラフ。${monthLabel(last.month)}時点で${formatRate(last.rate)}` +
        `（${last.cumulativeCompleted}人／${last.assigned}人）。${targetSentence(goal, '%')}`
      : `職場内DX研修の累積修了率（月別）の折れ線グラフ。データはまだありません。${targetSentence(goal, '%')}`,
  };
}

export function promoterChart(d: KpiDashboard): { spec: ChartSpec; summary: string } {
  const c = d.promoterCoverage;
  const without = Math.max(0, c.sections - c.sectionsWithPromoter);
  const goal = targetValue(d.targets, 'promoter_coverage_rate');
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
      target: targetMark(goal, '%'),
    },
    summary:
      `デジタル活用推進員の配置率のドーナツグラフ。${c.sections}所属のうち${c.sectionsWithPromoter}所属に推進員がいます` +
      `（配置率${formatRate(c.rate)}、いない所属は${without}）。` +
      (goal === null ? '目標は未設定。' : `目標は${formatNumber(goal)}%（輪の上に印で表示）。`),
  };
}

export function specialistChart(d: KpiDashboard): { spec: ChartSpec; summary: string } {
  const s = d.specialists;
  const target = specialistTarget(d.targets)?.target ?? null;
  return {
    spec: {
      type: 'bar',
      labels: ['認定者数', '養成中'],
      series: [
        {
          label: '人数',
          data: [s.certified, s.inProgramme],
          color: [CHART_COLORS.blue, CHART_COLORS.orange],
          pattern: ['solid', 'dots'],
        },
      ],
      unit: '人',
      valueAxisTitle: '人数（人）',
      target: targetMark(target, '人'),
    },
    summary:
      `DX推進スペシャリストの認定者数と目標の棒グラフ。認定者${s.certified}人、養成中${s.inProgramme}人` +
      (target !== null
        ? `、目標${formatNumber(target)}人（グラフに破線で表示。達成率${formatRate(target > 0 ? s.certified / target : NaN)}）。`
        : '、目標は未設定。'),
  };
}
