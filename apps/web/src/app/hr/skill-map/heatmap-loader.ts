import { Injectable } from '@angular/core';
import type { HeatmapRender } from './heatmap-spec';

/** Loads the heat map renderer (and chart.js with it) on demand. Tests replace it with a fake: jsdom has no canvas. */
@Injectable({ providedIn: 'root' })
export class HeatmapLoader {
  private renderer: Promise<HeatmapRender> | null = null;

  load(): Promise<HeatmapRender> {
    this.renderer ??= import('./heatmap-renderer').then((m) => m.renderHeatmap);
    this.renderer.catch(() => (this.renderer = null));
    return this.renderer;
  }
}
