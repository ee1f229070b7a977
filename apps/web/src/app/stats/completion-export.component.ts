import { HttpEventType, type HttpResponse } from '@angular/common/http';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  Injector,
  afterNextRender,
  inject,
  input,
  signal,
} from '@angular/core';
import type { Subscription } from 'rxjs';
import type { Problem } from '../shared/problem';
import { ProblemAlertComponent } from '../shared/problem-alert.component';
import {
  BlobSaver,
  downloadProblem,
  fileNameFromDisposition,
  formatMegabytes,
  substitutedCharacters,
} from './downloads';
import { exportFileName } from './stats-labels';
import { type ExportKind, StatsApi } from './stats.api';

/** The three exports in words (never the API's encoding codes), and the name a file gets if the server gives none. */
const EXPORTS: readonly { kind: ExportKind; label: string; suffix: string }[] = [
  { kind: 'csv-utf8', label: 'CSV（UTF-8・BOM付き）', suffix: '_UTF-8.csv' },
  { kind: 'csv-sjis', label: 'CSV（Shift_JIS）', suffix: '_Shift_JIS.csv' },
  { kind: 'xlsx', label: 'Excel（XLSX）', suffix: '.xlsx' },
];

/** The completion exports (one row per person and course) with download progress and a way to stop. */
@Component({
  selector: 'dx-completion-export',
  imports: [ProblemAlertComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .progress-line {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem 1rem;
    }
    .progress-line p {
      margin: 0;
    }
  `,
  template: `
    <section class="card" aria-labelledby="export-heading">
      <h2 id="export-heading">ファイルに出力</h2>
      <p class="hint">
        選んだ年度・研修体系・所属の受講状況を、職員と研修ごとに1行で出力します。Excelで開くときは「CSV（UTF-8・BOM付き）」または「Excel（XLSX）」を、古いシステムに取り込むときは「CSV（Shift_JIS）」をお使いください。
      </p>
      <div class="button-row">
        @for (item of exports; track item.kind) {
          <button
            type="button"
            class="button"
            [id]="'export-' + item.kind"
            [disabled]="downloading() !== null"
            (click)="start(item.kind, item.label, item.suffix)"
          >
            {{ item.label }}
          </button>
        }
      </div>

      @if (downloading(); as d) {
        <div class="progress-line">
          <progress [attr.aria-label]="d.label + 'のダウンロード（全体の大きさは不明）'"></progress>
          <p>受信済み {{ megabytes(received()) }}</p>
          <button type="button" class="button" id="export-cancel" (click)="cancel()">
            ダウンロードを中止
          </button>
        </div>
      }
      <div role="status" aria-live="polite" aria-atomic="true" class="live-region">
        @if (downloading(); as d) {
          <p>{{ d.label }}を作成してダウンロードしています…</p>
        } @else if (message(); as text) {
          <p class="alert alert-success">{{ text }}</p>
        }
        @if (substituted(); as chars) {
          <p class="alert alert-warning">Shift_JISで表せない文字（{{ chars }}）は〓に置き換えました。</p>
        }
      </div>
      <div role="alert" aria-atomic="true" class="live-region">
        <dx-problem-alert [problem]="problem()" />
      </div>
    </section>
  `,
})
export class CompletionExportComponent {
  private readonly api = inject(StatsApi);
  private readonly saver = inject(BlobSaver);
  private readonly injector = inject(Injector);

  readonly fiscalYear = input.required<number>();
  readonly trackCode = input('');
  readonly orgUnitCode = input('');

  protected readonly exports = EXPORTS;
  protected readonly megabytes = formatMegabytes;
  protected readonly downloading = signal<{ kind: ExportKind; label: string } | null>(null);
  protected readonly received = signal(0);
  protected readonly message = signal<string | null>(null);
  protected readonly substituted = signal<string | null>(null);
  protected readonly problem = signal<Problem | null>(null);
  private subscription: Subscription | null = null;

  constructor() {
    inject(DestroyRef).onDestroy(() => this.subscription?.unsubscribe());
  }

  protected start(kind: ExportKind, label: string, suffix: string): void {
    if (this.downloading()) return;
    const fiscalYear = this.fiscalYear();
    const fallbackName = exportFileName(fiscalYear, suffix);
    this.downloading.set({ kind, label });
    this.received.set(0);
    this.message.set(null);
    this.substituted.set(null);
    this.problem.set(null);
    this.focus('export-cancel');
    this.subscription = this.api
      .export(kind, { fiscalYear, trackCode: this.trackCode(), orgUnitCode: this.orgUnitCode() })
      .subscribe({
        next: (event) => {
          if (event.type === HttpEventType.DownloadProgress) this.received.set(event.loaded);
          if (event.type === HttpEventType.Response) this.finish(event, label, fallbackName, kind);
        },
        error: (error: unknown) => {
          this.downloading.set(null);
          this.subscription = null;
          void downloadProblem(error).then((problem) => this.problem.set(problem));
          this.focus('export-' + kind);
        },
      });
  }

  protected cancel(): void {
    const current = this.downloading();
    this.subscription?.unsubscribe();
    this.subscription = null;
    this.downloading.set(null);
    this.message.set('ダウンロードを中止しました。');
    if (current) this.focus('export-' + current.kind);
  }

  private finish(response: HttpResponse<Blob>, label: string, fallbackName: string, kind: ExportKind): void {
    const blob = response.body ?? new Blob([]);
    const fileName = fileNameFromDisposition(response.headers.get('content-disposition'), fallbackName);
    this.saver.save(blob, fileName);
    this.downloading.set(null);
    this.subscription = null;
    this.message.set(`${label}「${fileName}」をダウンロードしました（${formatMegabytes(blob.size)}）。`);
    this.substituted.set(substitutedCharacters(response.headers.get('x-substituted-characters')));
    this.focus('export-' + kind);
  }

  private focus(id: string): void {
    afterNextRender(() => document.getElementById(id)?.focus(), { injector: this.injector });
  }
}
