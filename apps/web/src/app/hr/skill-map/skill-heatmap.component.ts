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
import { drawWhenLoaded } from '../../shared/lazy-canvas';
import { HeatmapLoader } from './heatmap-loader';
import type { HeatmapSpec } from './heatmap-spec';

/** The heat map (canvas, role="img", named by a summary); the numbers are always in the table beside it. */
@Component({
  selector: 'dx-skill-heatmap',
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
      <p class="hint">ヒートマップを表示できませんでした。数値は表をご覧ください。</p>
    }
  `,
})
export class SkillHeatmapComponent {
  private readonly loader = inject(HeatmapLoader);

  readonly spec = input.required<HeatmapSpec>();
  readonly summary = input.required<string>();

  protected readonly failed = signal(false);
  protected readonly height = () => 80 + 44 * Math.max(1, this.spec().rows.length);
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
