// What a KPI chart shows, independent of the chart library: the page builds specs (plain data, testable in jsdom),
// and chart-renderer.ts turns them into chart.js charts in the browser only.

/** Fill patterns, so that bars and slices differ by more than colour. */
export type PatternKind = 'solid' | 'diagonal' | 'dots' | 'cross' | 'horizontal';

export interface ChartSeries {
  label: string;
  data: number[];
  /** One colour for the series, or one per bar / slice. */
  color: string | string[];
  pattern: PatternKind | PatternKind[];
}

export interface ChartSpec {
  type: 'bar' | 'line' | 'doughnut';
  /** Bars run left to right (long unit names stay readable). */
  horizontal?: boolean;
  labels: string[];
  series: ChartSeries[];
  /** Written after each value drawn on the chart: '%' or '人'. */
  unit: string;
  /** The value axis goes from 0 up to this (100 for rates). */
  max?: number;
  /** The value axis title (e.g. 「修了率（%）」). */
  valueAxisTitle?: string;
  /**
   * The plan's target: a dashed line across the value axis, written 「目標 80%」 beside it; on a doughnut, a mark on
   * the ring at that share (value in %).
   */
  target?: { value: number; label: string };
}

/** Colours with at least 3:1 contrast on white (WCAG 1.4.11), always paired with a pattern or a label. */
export const CHART_COLORS = {
  blue: '#0055a5',
  navy: '#1a2b4c',
  green: '#1b5e20',
  orange: '#8a4b00',
  grey: '#5c6470',
  /** The target line (7:1 on white). */
  target: '#a4001d',
} as const;

/** Draws one chart on a canvas; answers a handle to destroy it, or null when the canvas cannot draw. */
export type ChartRender = (canvas: HTMLCanvasElement, spec: ChartSpec) => { destroy(): void } | null;
