import {
  ChangeDetectionStrategy,
  Component,
  type ElementRef,
  afterRenderEffect,
  inject,
  input,
  signal,
  viewChild,
} from '@angular/core';
import { drawWhenLoaded } from '../shared/lazy-canvas';
import { ChartLoader } from './chart-loader';
import type { ChartSpec } from './chart-spec';

/**
 * One chart (canvas, role="img", named by a one-sentence summary). The numbers themselves are always in a table
 * beside it, so the chart is an aid, never the only way to read them. Drawn after the page has rendered.
 */
@Component({
  selector: 'dx-kpi-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .chart-box {
      position: relative;
      width: 100%;
    }
  `,
  template: `
    <div class="chart-box" [style.height.px]="height()">
      <canvas #canvas role="img" [attr.aria-label]="summary()">
        <p>{{ summary() }}</p>
      </canvas>
    </div>
    @if (failed()) {
      <p class="hint">グラフを表示できませんでした。数値は表をご覧ください。</p>
    }
  `,
})
export class KpiChartComponent {
  private readonly loader = inject(ChartLoader);

  readonly spec = input.required<ChartSpec>();
  /** What the chart shows, in one sentence (the canvas's accessible name). */
  readonly summary = input.required<string>();
  readonly height = input(280);

  protected readonly failed = signal(false);
  private readonly canvas = viewChild.required<ElementRef<HTMLCanvasElement>>('canvas');

  constructor() {
    afterRenderEffect((onCleanup) =>
      drawWhenLoaded(
        () => this.loader.load(),
        this.canvas().nativeElement,
        this.spec(),
        this.failed,
        onCleanup,
      ),
    );
  }
}
