// Loaded on demand by the KPI page (a separate chunk with chart.js): turns a ChartSpec into a chart.js chart with
// fill patterns and values written on the chart, so nothing depends on colour alone.
import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  type ChartDataset,
  DoughnutController,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  type Plugin,
  PointElement,
  Tooltip,
} from 'chart.js';
import { CHART_COLORS, type ChartRender, type ChartSpec, type PatternKind } from './chart-spec';

Chart.register(
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  DoughnutController,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  PointElement,
  Tooltip,
);

const FONT_FAMILY = "'Hiragino Kaku Gothic ProN', 'Noto Sans JP', 'Yu Gothic', Meiryo, sans-serif";
Chart.defaults.font.family = FONT_FAMILY;
Chart.defaults.font.size = 13;
Chart.defaults.color = '#1a1a1a';

/** A small tile of the colour with white marks on it; falls back to the plain colour. */
function pattern(color: string, kind: PatternKind): CanvasPattern | string {
  if (kind === 'solid') return color;
  const size = 12;
  const tile = document.createElement('canvas');
  tile.width = size;
  tile.height = size;
  const ctx = tile.getContext('2d');
  if (!ctx) return color;
  ctx.fillStyle = color;
  ctx.fillRect(0, 0, size, size);
  ctx.strokeStyle = 'rgba(255, 255, 255, 0.85)';
  ctx.fillStyle = 'rgba(255, 255, 255, 0.85)';
  ctx.lineWidth = 2;
  ctx.beginPath();
  switch (kind) {
    case 'diagonal':
      ctx.moveTo(0, size);
      ctx.lineTo(size, 0);
      ctx.moveTo(-size / 2, size / 2);
      ctx.lineTo(size / 2, -size / 2);
      ctx.moveTo(size / 2, size * 1.5);
      ctx.lineTo(size * 1.5, size / 2);
      ctx.stroke();
      break;
    case 'horizontal':
      ctx.moveTo(0, size / 2);
      ctx.lineTo(size, size / 2);
      ctx.stroke();
      break;
    case 'cross':
      ctx.moveTo(size / 2, 0);
      ctx.lineTo(size / 2, size);
      ctx.moveTo(0, size / 2);
      ctx.lineTo(size, size / 2);
      ctx.stroke();
      break;
    case 'dots':
      ctx.arc(size / 2, size / 2, 2, 0, Math.PI * 2);
      ctx.fill();
      break;
  }
  return ctx.createPattern(tile, 'repeat') ?? color;
}

function formatValue(value: number, unit: string): string {
  const text = Number.isInteger(value) ? String(value) : value.toFixed(1);
  return `${text}${unit}`;
}

/** Writes each value next to its bar, above its point or on its slice (white halo for contrast). */
function valueLabels(spec: ChartSpec): Plugin {
  return {
    id: 'dxValueLabels',
    afterDatasetsDraw(chart) {
      const ctx = chart.ctx;
      ctx.save();
      ctx.font = `bold 13px ${FONT_FAMILY}`;
      ctx.lineWidth = 4;
      ctx.strokeStyle = '#ffffff';
      ctx.fillStyle = '#1a1a1a';
      chart.data.datasets.forEach((dataset, i) => {
        const meta = chart.getDatasetMeta(i);
        if (meta.hidden) return;
        meta.data.forEach((element, j) => {
          const value = dataset.data[j];
          if (typeof value !== 'number') return;
          const text = formatValue(value, spec.unit);
          const { x, y } = element.tooltipPosition(true);
          if (x === null || y === null) return;
          let tx = x;
          let ty = y;
          if (spec.type === 'bar' && spec.horizontal) {
            ctx.textAlign = 'left';
            ctx.textBaseline = 'middle';
            tx = x + 6;
          } else if (spec.type === 'doughnut') {
            ctx.textAlign = 'center';
            ctx.textBaseline = 'middle';
          } else {
            ctx.textAlign = 'center';
            ctx.textBaseline = 'bottom';
            ty = y - 6;
          }
          ctx.strokeText(text, tx, ty);
          ctx.fillText(text, tx, ty);
        });
      });
      ctx.restore();
    },
  };
}

/** Writes text with a white halo, so it stays readable over bars and grid lines. */
function haloText(ctx: CanvasRenderingContext2D, text: string, x: number, y: number): void {
  ctx.strokeText(text, x, y);
  ctx.fillText(text, x, y);
}

/**
 * Draws the plan's target on the chart itself (chart.js has no target line without an extra plugin): a dashed line
 * across the value axis with 「目標 …」 written at its end, or, on a doughnut, a dashed mark across the ring at the
 * target share. The dash and the words carry it, not the colour alone.
 */
function targetLine(spec: ChartSpec): Plugin {
  return {
    id: 'dxTargetLine',
    afterDatasetsDraw(chart) {
      const target = spec.target;
      if (!target) return;
      const ctx = chart.ctx;
      ctx.save();
      ctx.strokeStyle = CHART_COLORS.target;
      ctx.lineWidth = 2.5;
      ctx.setLineDash([8, 5]);
      ctx.font = `bold 13px ${FONT_FAMILY}`;
      const label = () => {
        ctx.setLineDash([]);
        ctx.lineWidth = 4;
        ctx.strokeStyle = '#ffffff';
        ctx.fillStyle = CHART_COLORS.target;
      };
      const area = chart.chartArea;
      if (spec.type === 'doughnut') {
        const arc = chart.getDatasetMeta(0).data[0] as unknown as
          { getProps(keys: string[], final?: boolean): Record<string, number> } | undefined;
        if (!arc) return ctx.restore();
        const { x, y, innerRadius, outerRadius } = arc.getProps(
          ['x', 'y', 'innerRadius', 'outerRadius'],
          true,
        );
        const share = Math.min(100, Math.max(0, target.value)) / 100;
        const angle = -Math.PI / 2 + share * Math.PI * 2;
        const cos = Math.cos(angle);
        const sin = Math.sin(angle);
        ctx.beginPath();
        ctx.moveTo(x + cos * (innerRadius - 6), y + sin * (innerRadius - 6));
        ctx.lineTo(x + cos * (outerRadius + 8), y + sin * (outerRadius + 8));
        ctx.stroke();
        label();
        ctx.textAlign = cos >= 0 ? 'left' : 'right';
        ctx.textBaseline = 'middle';
        haloText(ctx, target.label, x + cos * (outerRadius + 12), y + sin * (outerRadius + 12));
      } else if (spec.horizontal) {
        const px = chart.scales['x'].getPixelForValue(target.value);
        ctx.beginPath();
        ctx.moveTo(px, area.top);
        ctx.lineTo(px, area.bottom);
        ctx.stroke();
        label();
        ctx.textAlign = px > area.right - 60 ? 'right' : 'center';
        ctx.textBaseline = 'bottom';
        haloText(ctx, target.label, px, area.top - 4);
      } else {
        const py = chart.scales['y'].getPixelForValue(target.value);
        ctx.beginPath();
        ctx.moveTo(area.left, py);
        ctx.lineTo(area.right, py);
        ctx.stroke();
        label();
        ctx.textAlign = 'right';
        ctx.textBaseline = 'bottom';
        haloText(ctx, target.label, area.right, py - 4);
      }
      ctx.restore();
    },
  };
}

function toConfig(spec: ChartSpec): ChartConfiguration {
  const datasets = spec.series.map((series, index) => {
    const colors = Array.isArray(series.color) ? series.color : [series.color];
    const patterns = Array.isArray(series.pattern) ? series.pattern : [series.pattern];
    const fills = spec.labels.map((_, j) =>
      pattern(colors[j % colors.length], patterns[j % patterns.length]),
    );
    const base = { label: series.label, data: series.data };
    if (spec.type === 'line') {
      return {
        ...base,
        borderColor: colors[0],
        backgroundColor: colors[0],
        borderWidth: 3,
        borderDash: index === 0 ? [] : [6, 4],
        pointStyle: index === 0 ? 'rectRot' : 'triangle',
        pointRadius: 6,
        pointHoverRadius: 8,
      } as ChartDataset;
    }
    return {
      ...base,
      backgroundColor: Array.isArray(series.color) ? fills : fills[0],
      borderColor: Array.isArray(series.color) ? colors : colors[0],
      borderWidth: 2,
    } as ChartDataset;
  });

  const valueScale = {
    beginAtZero: true,
    ...(spec.max !== undefined ? { max: spec.max } : { grace: '15%' }),
    // The target line must fall inside the axis, even above every bar.
    ...(spec.max === undefined && spec.target ? { suggestedMax: spec.target.value } : {}),
    title: spec.valueAxisTitle ? { display: true, text: spec.valueAxisTitle } : undefined,
    grid: { color: '#d5dae3' },
    ticks: { precision: 0 },
  };
  const categoryScale = { grid: { display: false } };
  const doughnutTarget = spec.type === 'doughnut' && spec.target !== undefined;

  return {
    type: spec.type,
    data: { labels: spec.labels, datasets },
    plugins: [targetLine(spec), valueLabels(spec)],
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      indexAxis: spec.horizontal ? 'y' : 'x',
      // Room for the values written at the end of the bars and above the points, and the target's label.
      layout: {
        padding: {
          top: 24,
          right: spec.horizontal ? 56 : doughnutTarget ? 88 : 16,
          left: doughnutTarget ? 88 : 8,
          bottom: 8,
        },
      },
      plugins: {
        legend: {
          display: spec.type === 'doughnut' || spec.series.length > 1,
          position: 'bottom',
          labels: { usePointStyle: spec.type === 'line' },
        },
        tooltip: { enabled: true },
      },
      ...(spec.type === 'doughnut'
        ? {}
        : {
            scales: spec.horizontal
              ? { x: valueScale, y: categoryScale }
              : { x: categoryScale, y: valueScale },
          }),
    },
  } as ChartConfiguration;
}

export const renderChart: ChartRender = (canvas, spec) => {
  if (typeof canvas.getContext !== 'function' || !canvas.getContext('2d')) return null;
  return new Chart(canvas, toConfig(spec));
};
