// Loaded on demand by the スキルマップ page (a separate chunk with chart.js). chart.js has no heat map type: this is a
// scatter chart on two category axes whose points are invisible, and a plugin that paints one cell per point
// (sized to its category band) with the share written in it. The tooltip still names the 部局, area and share.
import {
  CategoryScale,
  Chart,
  type ChartConfiguration,
  type Plugin,
  PointElement,
  ScatterController,
  Tooltip,
} from 'chart.js';
import { formatShare, heatColor, type HeatmapRender, type HeatmapSpec } from './heatmap-spec';

Chart.register(CategoryScale, PointElement, ScatterController, Tooltip);

const FONT_FAMILY = "'Hiragino Kaku Gothic ProN', 'Noto Sans JP', 'Yu Gothic', Meiryo, sans-serif";

interface Cell {
  x: string;
  y: string;
  share: number;
}

function cells(spec: HeatmapSpec): Plugin<'scatter'> {
  return {
    id: 'dxHeatCells',
    beforeDatasetsDraw(chart) {
      const x = chart.scales['x'];
      const y = chart.scales['y'];
      const width = (x.right - x.left) / Math.max(1, spec.columns.length);
      const height = (y.bottom - y.top) / Math.max(1, spec.rows.length);
      const ctx = chart.ctx;
      ctx.save();
      ctx.font = `bold 13px ${FONT_FAMILY}`;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      spec.rows.forEach((row, r) =>
        spec.columns.forEach((column, c) => {
          const share = spec.shares[r]?.[c] ?? 0;
          const cx = x.getPixelForValue(c);
          const cy = y.getPixelForValue(r);
          const color = heatColor(share);
          ctx.fillStyle = color.fill;
          ctx.fillRect(cx - width / 2 + 1, cy - height / 2 + 1, width - 2, height - 2);
          ctx.fillStyle = color.text;
          ctx.fillText(formatShare(share), cx, cy);
        }),
      );
      ctx.restore();
    },
  };
}

export const renderHeatmap: HeatmapRender = (canvas: HTMLCanvasElement, spec: HeatmapSpec) => {
  const data: Cell[] = spec.rows.flatMap((row, r) =>
    spec.columns.map((column, c) => ({ x: column, y: row, share: spec.shares[r]?.[c] ?? 0 })),
  );
  const config: ChartConfiguration<'scatter', Cell[]> = {
    type: 'scatter',
    data: {
      datasets: [
        {
          label: '修了者の割合',
          data,
          pointStyle: 'rect',
          pointRadius: 0,
          pointHoverRadius: 0,
          pointHitRadius: 24,
        },
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      parsing: { xAxisKey: 'x', yAxisKey: 'y' },
      scales: {
        x: {
          type: 'category',
          labels: spec.columns,
          offset: true,
          position: 'top',
          grid: { display: false },
          ticks: { font: { family: FONT_FAMILY, size: 13 }, color: '#1a1a1a' },
        },
        y: {
          type: 'category',
          labels: spec.rows,
          offset: true,
          grid: { display: false },
          ticks: { font: { family: FONT_FAMILY, size: 13 }, color: '#1a1a1a' },
        },
      },
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            label: (item) => {
              const cell = item.raw as Cell;
              return `${cell.y}・${cell.x}: ${formatShare(cell.share)}`;
            },
          },
        },
      },
    },
    plugins: [cells(spec)],
  };
  try {
    return new Chart(canvas, config);
  } catch {
    return null;
  }
};
