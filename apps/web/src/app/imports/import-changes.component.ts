import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input, signal } from '@angular/core';
import type { ImportChange, ImportChangeKind, ImportFieldChange, ImportTextRange } from '@dx/contract';
import { CHANGE_FIELD_LABELS, CHANGE_KIND_LABELS } from './import-labels';
import type { ImportKind } from './imports.api';

/** A value cut into plain and changed parts, for <mark>. */
interface Part {
  text: string;
  changed: boolean;
}

function split(value: string, ranges: readonly ImportTextRange[] | undefined): Part[] {
  if (!ranges || ranges.length === 0) return [{ text: value, changed: false }];
  const parts: Part[] = [];
  let position = 0;
  for (const [start, end] of ranges) {
    if (start > position) parts.push({ text: value.slice(position, start), changed: false });
    parts.push({ text: value.slice(start, end), changed: true });
    position = end;
  }
  if (position < value.length) parts.push({ text: value.slice(position), changed: false });
  return parts;
}

interface FieldRow {
  label: string;
  before: Part[] | null;
  after: Part[] | null;
  lost: string[];
}

interface ChangeRow {
  id: string;
  kind: ImportChangeKind;
  kindLabel: string;
  key: string;
  name: string;
  row: number | null;
  placedStaff: number | null;
  fields: FieldRow[];
  encodingLoss: boolean;
}

const ORDER: readonly ImportChangeKind[] = [
  'created',
  'updated',
  'transferred',
  'promoted',
  'left',
  'closed',
];

/**
 * Each changed person or unit of a preview with its fields before → after. Changed characters are marked, with
 * a text for screen readers; a filter narrows the list to one kind of change.
 */
@Component({
  selector: 'dx-import-changes',
  imports: [DecimalPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .changes-filter {
      margin: 0.5rem 0;
    }
    .field-changes {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .field-changes li + li {
      margin-top: 0.25rem;
    }
    .field-label {
      font-weight: 600;
      margin-right: 0.5rem;
    }
    .before {
      color: #4a4a4a;
    }
    mark {
      background: #ffe08a;
      color: #1a1a1a;
      padding: 0 1px;
      border-bottom: 2px solid #8a6d00;
    }
    .none {
      color: #4a4a4a;
    }
    .loss {
      display: block;
      color: #7a1f00;
      font-weight: 600;
    }
  `,
  template: `
    <div class="field field-inline changes-filter">
      <label for="change-filter">変更の種類</label>
      <select id="change-filter" (change)="selectFilter($event)">
        <option value="all" [selected]="filter() === 'all'">
          すべて（{{ changes().length | number }}件）
        </option>
        @for (option of kindOptions(); track option.kind) {
          <option [value]="option.kind" [selected]="filter() === option.kind">
            {{ option.label }}（{{ option.count | number }}件）
          </option>
        }
        @if (lossCount() > 0) {
          <option value="encoding-loss" [selected]="filter() === 'encoding-loss'">
            文字が失われる名前（{{ lossCount() | number }}件）
          </option>
        }
      </select>
    </div>
    <div class="table-wrap" role="region" tabindex="0" [attr.aria-label]="caption()">
      <table class="data-table changes-table">
        <caption>
          {{
            caption()
          }}（{{
            visible().length | number
          }}件）
        </caption>
        <thead>
          <tr>
            <th scope="col">種類</th>
            <th scope="col">{{ keyLabel() }}</th>
            <th scope="col">{{ nameLabel() }}</th>
            <th scope="col">変更前 → 変更後</th>
          </tr>
        </thead>
        <tbody>
          @for (change of visible(); track change.id) {
            <tr>
              <td>{{ change.kindLabel }}</td>
              <td>{{ change.key }}</td>
              <th scope="row">
                {{ change.name }}
                @if (change.placedStaff !== null) {
                  <span class="badge">配置 {{ change.placedStaff | number }}人</span>
                }
              </th>
              <td>
                <ul class="field-changes">
                  @for (field of change.fields; track field.label) {
                    <li>
                      <span class="field-label">{{ field.label }}：</span>
                      <!-- One line each: whitespace between the parts would show as a space inside the value. -->
                      <span class="before">
                        @if (field.before; as parts) {
                          @for (part of parts; track $index) {
                            @if (part.changed) {
                              <mark
                                ><span class="visually-hidden">［変更前の字：</span>{{ part.text
                                }}<span class="visually-hidden">］</span></mark
                              >
                            } @else {
                              <span>{{ part.text }}</span>
                            }
                          }
                        } @else {
                          <span class="none">（なし）</span>
                        }
                      </span>
                      <span aria-hidden="true"> → </span><span class="visually-hidden">から</span>
                      <span class="after">
                        @if (field.after; as parts) {
                          @for (part of parts; track $index) {
                            @if (part.changed) {
                              <mark
                                ><span class="visually-hidden">［変更後の字：</span>{{ part.text
                                }}<span class="visually-hidden">］</span></mark
                              >
                            } @else {
                              <span>{{ part.text }}</span>
                            }
                          }
                        } @else {
                          <span class="none">（なし）</span>
                        }
                      </span>
                      @if (field.lost.length > 0) {
                        <span class="loss">
                          ⚠ Shift_JIS では表せない「{{ field.lost.join('」「') }}」が失われます
                        </span>
                      }
                    </li>
                  }
                </ul>
              </td>
            </tr>
          } @empty {
            <tr>
              <td colspan="4">この種類の変更はありません。</td>
            </tr>
          }
        </tbody>
      </table>
    </div>
    @if (truncated()) {
      <p class="hint">
        変更が多いため、先頭の{{
          changes().length | number
        }}件だけを表示しています（件数の表はすべてを数えています）。
      </p>
    }
  `,
})
export class ImportChangesComponent {
  readonly kind = input.required<ImportKind>();
  readonly changes = input.required<readonly ImportChange[]>();
  readonly truncated = input(false);
  readonly caption = input('変更の内容');

  protected readonly filter = signal<ImportChangeKind | 'all' | 'encoding-loss'>('all');

  protected readonly keyLabel = computed(() => (this.kind() === 'org-units' ? '所属コード' : '職員番号'));
  protected readonly nameLabel = computed(() => (this.kind() === 'org-units' ? '所属名' : '氏名'));

  private readonly rows = computed<ChangeRow[]>(() => {
    const org = this.kind() === 'org-units';
    return this.changes().map((change, i) => ({
      id: `${change.kind}-${change.key}-${i}`,
      kind: change.kind,
      kindLabel: CHANGE_KIND_LABELS[change.kind] ?? change.kind,
      key: change.key,
      name: change.name,
      row: change.row ?? null,
      placedStaff: change.placedStaff ?? null,
      encodingLoss: change.warnings?.includes('encoding-loss') ?? false,
      fields: change.fields.map((field) => this.fieldRow(field, org)),
    }));
  });

  protected readonly kindOptions = computed(() =>
    ORDER.map((kind) => ({
      kind,
      label: CHANGE_KIND_LABELS[kind],
      count: this.rows().filter((r) => r.kind === kind).length,
    })).filter((option) => option.count > 0),
  );
  protected readonly lossCount = computed(() => this.rows().filter((r) => r.encodingLoss).length);

  protected readonly visible = computed(() => {
    const filter = this.filter();
    if (filter === 'all') return this.rows();
    if (filter === 'encoding-loss') return this.rows().filter((r) => r.encodingLoss);
    return this.rows().filter((r) => r.kind === filter);
  });

  protected selectFilter(event: Event): void {
    this.filter.set((event.target as HTMLSelectElement).value as ImportChangeKind | 'all' | 'encoding-loss');
  }

  private fieldRow(field: ImportFieldChange, org: boolean): FieldRow {
    const label =
      field.field === 'name' ? (org ? '所属名' : '氏名') : (CHANGE_FIELD_LABELS[field.field] ?? field.field);
    return {
      label,
      before: field.before === null ? null : split(field.before, field.removed),
      after: field.after === null ? null : split(field.after, field.added),
      lost: field.lost ?? [],
    };
  }
}
