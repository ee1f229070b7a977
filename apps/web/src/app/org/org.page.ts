import { NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, linkedSignal, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { todayInTokyo } from '@dx/domain';
import { PageHeaderComponent } from '@dx/ui';
import { JapaneseDatePipe } from '../shared/japanese-date.pipe';
import { toProblem } from '../shared/problem';
import { ProblemAlertComponent } from '../shared/problem-alert.component';
import { OrgApi } from './org.api';
import { type OrgTreeNode, buildOrgTree, codesWithChildren, defaultExpanded } from './org-tree';

@Component({
  selector: 'dx-org-page',
  imports: [NgTemplateOutlet, RouterLink, PageHeaderComponent, ProblemAlertComponent, JapaneseDatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <dx-page-header heading="組織" lead="所属名を選ぶと、その所属の職員一覧を表示します。" />

    <div class="toolbar card">
      <div class="field field-inline">
        <label for="org-date">基準日</label>
        <input id="org-date" type="date" [value]="date()" (change)="onDateChange($event)" required />
      </div>
      <div class="toolbar-buttons">
        <button type="button" class="button" (click)="expandAll()" [disabled]="tree().length === 0">
          すべて開く
        </button>
        <button type="button" class="button" (click)="collapseAll()" [disabled]="tree().length === 0">
          すべて閉じる
        </button>
      </div>
    </div>

    <div role="status" aria-live="polite" aria-atomic="true" class="live-region">
      @if (units.isLoading()) {
        <p class="muted">読み込み中…</p>
      } @else if (units.hasValue()) {
        <p class="muted">{{ date() | jaDate }}時点の組織（{{ unitCount() }}件）</p>
      }
    </div>
    <div role="alert" aria-atomic="true" class="live-region">
      <dx-problem-alert [problem]="problem()" />
    </div>

    @if (units.hasValue() && tree().length === 0) {
      <p class="notice">この日付で表示できる組織はありません。</p>
    }

    @if (tree().length > 0) {
      <ul class="org-tree" aria-label="組織図">
        @for (node of tree(); track node.code) {
          <ng-container [ngTemplateOutlet]="nodeTemplate" [ngTemplateOutletContext]="{ $implicit: node }" />
        }
      </ul>
    }

    <ng-template #nodeTemplate let-node>
      <li class="org-node" [class.org-node-leaf]="node.children.length === 0">
        <div class="org-node-row">
          @if (node.children.length > 0) {
            <button
              type="button"
              class="tree-toggle"
              [attr.aria-expanded]="isExpanded(node.code)"
              [attr.aria-controls]="'org-children-' + node.code"
              [attr.aria-label]="node.name + 'の下位組織'"
              (click)="toggle(node.code)"
            >
              <span aria-hidden="true">{{ isExpanded(node.code) ? '▼' : '▶' }}</span>
            </button>
          } @else {
            <span class="tree-toggle-placeholder" aria-hidden="true"></span>
          }
          <a class="org-name" routerLink="/staff" [queryParams]="{ orgUnitCode: node.code }">{{
            node.name
          }}</a>
          <span class="org-code">{{ node.code }}</span>
          <span class="badge" [attr.data-kind]="node.kind">{{ node.kind }}</span>
          <span class="org-count">直属 {{ node.staffCount }}人／計 {{ node.totalStaffCount }}人</span>
        </div>
        @if (node.children.length > 0 && isExpanded(node.code)) {
          <ul [id]="'org-children-' + node.code" [attr.aria-label]="node.name + 'の下位組織'">
            @for (child of node.children; track child.code) {
              <ng-container
                [ngTemplateOutlet]="nodeTemplate"
                [ngTemplateOutletContext]="{ $implicit: child }"
              />
            }
          </ul>
        }
      </li>
    </ng-template>
  `,
})
export class OrgPage {
  private readonly api = inject(OrgApi);

  protected readonly date = signal(todayInTokyo());
  protected readonly units = rxResource({
    params: () => ({ date: this.date() }),
    stream: ({ params }) => this.api.listUnits(params.date),
  });
  protected readonly tree = computed<OrgTreeNode[]>(() =>
    this.units.hasValue() ? buildOrgTree(this.units.value()) : [],
  );
  protected readonly unitCount = computed(() => (this.units.hasValue() ? this.units.value().length : 0));
  protected readonly problem = computed(() => (this.units.error() ? toProblem(this.units.error()) : null));
  /** Open nodes; back to the default (部局 open) whenever a new tree loads. */
  private readonly expanded = linkedSignal(() => new Set(defaultExpanded(this.tree())));

  protected isExpanded(code: string): boolean {
    return this.expanded().has(code);
  }

  protected toggle(code: string): void {
    this.expanded.update((open) => {
      const next = new Set(open);
      if (next.has(code)) next.delete(code);
      else next.add(code);
      return next;
    });
  }

  protected expandAll(): void {
    this.expanded.set(new Set(codesWithChildren(this.tree())));
  }

  protected collapseAll(): void {
    this.expanded.set(new Set());
  }

  protected onDateChange(event: Event): void {
    const value = (event.target as HTMLInputElement).value;
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) this.date.set(value);
  }
}
