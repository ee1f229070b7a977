import { Injectable } from '@angular/core';
import type { ChartRender } from './chart-spec';

/**
 * Loads the chart renderer (and chart.js with it) on demand, so the library is fetched only when the KPI page
 * draws its first chart. Tests replace this with a fake: jsdom has no canvas.
 */
@Injectable({ providedIn: 'root' })
export class ChartLoader {
  private renderer: Promise<ChartRender> | null = null;

  load(): Promise<ChartRender> {
    this.renderer ??= import('./chart-renderer').then((m) => m.renderChart);
    // A failed load (e.g. the network dropped) may be retried on the next chart.
    this.renderer.catch(() => (this.renderer = null));
    return this.renderer;
  }
}
