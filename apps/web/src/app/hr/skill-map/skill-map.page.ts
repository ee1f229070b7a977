import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import type { SkillMapReport } from '@dx/contract';
import { firstValueFrom } from 'rxjs';
import { type Problem, toProblem } from '../../shared/problem';
import { ProblemAlertComponent } from '../../shared/problem-alert.component';
import { BlobSaver, downloadProblem, fileNameFromDisposition } from '../../stats/downloads';
import { formatShare, type HeatmapSpec } from './heatmap-spec';
import { SkillHeatmapComponent } from './skill-heatmap.component';
import { SkillMapApi } from './skill-map.api';

/**
 * スキルマップ (デジタルスキル標準): per 部局, how many active staff have covered each DXリテラシー標準 area, as a heat
 * map with the numbers in a table beside it; and the DX推進スペシャリスト × DX推進スキル標準 roles. Exportable as XLSX.
 */
@Component({
  selector: 'dx-skill-map-page',
  imports: [ProblemAlertComponent, SkillHeatmapComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .map-layout {
      display: grid;
      grid-template-columns: minmax(18rem, 2fr) minmax(28rem, 3fr);
      gap: 1.5rem;
      align-items: start;
    }
    @media (max-width: 80rem) {
      .map-layout {
        grid-template-columns: 1fr;
      }
    }
    .table-scroll {
      overflow-x: auto;
    }
    .table-scroll th[scope='row'] {
      white-space: nowrap;
    }
    td.num,
    th.num {
      text-align: right;
      white-space: nowrap;
    }
    .share {
      display: block;
      font-size: 0.875rem;
      color: var(--color-muted);
    }
    .actions {
      display: flex;
      gap: 1rem;
      align-items: center;
      flex-wrap: wrap;
    }
  `,
  template: `
    <h1>スキルマップ</h1>
    <p class="lead">
      デジタルスキル標準（DXリテラシー標準・DX推進スキル標準）に対応づけた研修の修了から、部局ごとの習得状況を示します。
      今日の組織と在職者が対象で、過去の年度の修了も含めます。
    </p>
    <div class="actions">
      <button type="button" class="button" (click)="download()" [disabled]="downloading()">
        Excel（XLSX）で出力
      </button>
      <div role="status" aria-live="polite" class="live-region">
        @if (downloading()) {
          <span class="muted">出力中…</span>
        }
        @if (map.isLoading()) {
          <span class="muted">読み込み中…</span>
        }
      </div>
    </div>
    <div role="alert" aria-atomic="true" class="live-region">
      <dx-problem-alert [problem]="problem()" />
    </div>

    @if (report(); as r) {
      <section aria-labelledby="literacy-heading">
        <h2 id="literacy-heading">DXリテラシー標準：部局別の修了者（{{ r.asOf }} 時点）</h2>
        @if (r.departments.length === 0) {
          <p>対象の職員がいません。</p>
        } @else {
          <div class="map-layout">
            <dx-skill-heatmap [spec]="heatmap()!" [summary]="summary()" />
            <div class="table-scroll" role="region" tabindex="0" aria-label="部局別・領域別の修了者数の表">
              <table class="data-table">
                <caption>
                  部局別・領域別の修了者数（人）と割合
                </caption>
                <thead>
                  <tr>
                    <th scope="col">部局</th>
                    <th scope="col" class="num">職員数</th>
                    @for (area of r.areas; track area.code) {
                      <th scope="col" class="num">{{ area.label }}</th>
                    }
                  </tr>
                </thead>
                <tbody>
                  @for (row of rows(); track row.code) {
                    <tr>
                      <th scope="row">{{ row.name }}</th>
                      <td class="num">{{ row.staff }}人</td>
                      @for (n of row.covered; track $index) {
                        <td class="num">
                          {{ n }}人<span class="share">{{ share(row.shares[$index]) }}</span>
                        </td>
                      }
                    </tr>
                  }
                </tbody>
              </table>
            </div>
          </div>
        }
      </section>

      <section aria-labelledby="specialists-heading">
        <h2 id="specialists-heading">DX推進スペシャリスト × DX推進スキル標準の人材類型</h2>
        <p class="hint">各人材類型に対応づけた研修の修了数です（0 は「—」）。</p>
        @if (r.specialists.length === 0) {
          <p>在職中のDX推進スペシャリストはいません。</p>
        } @else {
          <div
            class="table-scroll"
            role="region"
            tabindex="0"
            aria-label="DX推進スペシャリストの人材類型別修了数の表"
          >
            <table class="data-table">
              <caption>
                DX推進スペシャリストの人材類型別修了数（研修数）
              </caption>
              <thead>
                <tr>
                  <th scope="col">職員番号</th>
                  <th scope="col">氏名</th>
                  <th scope="col">部局</th>
                  <th scope="col">段階</th>
                  @for (role of r.roles; track role.code) {
                    <th scope="col" class="num">{{ role.label }}</th>
                  }
                </tr>
              </thead>
              <tbody>
                @for (s of r.specialists; track s.employeeNo) {
                  <tr>
                    <td>{{ s.employeeNo }}</td>
                    <th scope="row">{{ s.name }}</th>
                    <td>{{ s.departmentName }}</td>
                    <td>{{ s.stage }}</td>
                    @for (n of s.completedByRole; track $index) {
                      <td class="num">
                        @if (n > 0) {
                          <span aria-hidden="true">✓</span> {{ n }}
                        } @else {
                          <span aria-label="なし">—</span>
                        }
                      </td>
                    }
                  </tr>
                }
              </tbody>
            </table>
          </div>
        }
      </section>
    }
  `,
})
export class SkillMapPage {
  private readonly api = inject(SkillMapApi);
  private readonly saver = inject(BlobSaver);

  protected readonly map = rxResource({ stream: () => this.api.map() });
  protected readonly report = computed<SkillMapReport | null>(() =>
    this.map.hasValue() ? this.map.value() : null,
  );
  private readonly downloadError = signal<Problem | null>(null);
  protected readonly downloading = signal(false);
  protected readonly problem = computed(
    () => this.downloadError() ?? (this.map.error() ? toProblem(this.map.error()) : null),
  );

  /** The 部局, then the total. */
  protected readonly rows = computed(() => {
    const r = this.report();
    return r ? [...r.departments, r.totals] : [];
  });

  protected readonly heatmap = computed<HeatmapSpec | null>(() => {
    const r = this.report();
    if (!r) return null;
    return {
      columns: r.areas.map((a) => a.label.replace(/（.*）$/, '')),
      rows: r.departments.map((d) => d.name),
      shares: r.departments.map((d) => d.shares),
    };
  });

  protected readonly summary = computed(() => {
    const r = this.report();
    if (!r) return '';
    const parts = r.areas.map((a, i) => `${a.label} ${formatShare(r.totals.shares[i])}`);
    return `部局別・DXリテラシー標準の領域別の修了者の割合のヒートマップ。全体では ${parts.join('、')}。数値は隣の表にあります。`;
  });

  protected share(value: number): string {
    return formatShare(value);
  }

  protected async download(): Promise<void> {
    if (this.downloading()) return;
    this.downloading.set(true);
    this.downloadError.set(null);
    try {
      const response = await firstValueFrom(this.api.xlsx());
      const name = fileNameFromDisposition(response.headers.get('content-disposition'), 'スキルマップ.xlsx');
      if (response.body) this.saver.save(response.body, name);
    } catch (error) {
      this.downloadError.set(await downloadProblem(error));
    } finally {
      this.downloading.set(false);
    }
  }
}
