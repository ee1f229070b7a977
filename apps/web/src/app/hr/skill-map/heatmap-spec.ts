// What the skill map's heat map shows, independent of the chart library (plain data, testable in jsdom);
// heatmap-renderer.ts draws it with chart.js in the browser only.

export interface HeatmapSpec {
  /** Column labels (the DXリテラシー areas). */
  columns: string[];
  /** Row labels (the 部局). */
  rows: string[];
  /** shares[row][column], 0–1. */
  shares: number[][];
}

/** Draws the heat map on a canvas; answers a handle to destroy it, or null when the canvas cannot draw. */
export type HeatmapRender = (canvas: HTMLCanvasElement, spec: HeatmapSpec) => { destroy(): void } | null;

/**
 * A cell's fill for a share: from a pale blue (0 %) to the KPI charts' blue (100 %), and the text colour that keeps
 * at least 4.5:1 on it. The share is always written in the cell too, so colour is never the only cue.
 */
export function heatColor(share: number): { fill: string; text: string } {
  const s = Math.min(1, Math.max(0, share));
  const from = [0xe8, 0xf0, 0xfa];
  const to = [0x00, 0x3d, 0x7a];
  const mix = from.map((c, i) => Math.round(c + (to[i] - c) * s));
  return {
    fill: `rgb(${mix[0]}, ${mix[1]}, ${mix[2]})`,
    text: s >= 0.45 ? '#ffffff' : '#1a1a1a',
  };
}

/** 「66.7%」: a share to one decimal. */
export function formatShare(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}
